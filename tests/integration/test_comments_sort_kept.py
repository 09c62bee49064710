"""After editing, deleting or reporting a comment without JavaScript, the reader comes back
to the comments in the order they chose (?sort=), and is told what happened beside the
comment they are sent to (QA walk as a reader, 2026-11-30): the redirect dropped the order,
and the notice sat above the comments while the page was scrolled to #comment-N."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator("tests.support.moderators.by_keyword")


def _logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_edit_delete_and_report_links_carry_the_chosen_order(make_article, make_reader, post):
    article = make_article()
    author, other = make_reader("Author"), make_reader("Other")
    own = post(article, author, "My own view on the bridge.")
    theirs = post(article, other, "Their view on the bridge.")
    html = _logged_in(author).get(article.get_absolute_url() + "?sort=oldest").content.decode()
    assert f'href="/comments/{own.pk}/edit/?sort=oldest"' in html
    assert f'href="/comments/{own.pk}/delete/?sort=oldest"' in html
    assert f'href="/comments/{theirs.pk}/report/?sort=oldest"' in html
    form = _logged_in(author).get(f"/comments/{own.pk}/edit/?sort=oldest").content.decode()
    assert '<input type="hidden" name="sort" value="oldest">' in form


def test_edit_comes_back_in_the_chosen_order_with_the_notice_beside_the_comment(
    make_article, make_reader, post
):
    article = make_article()
    author = make_reader("Author")
    comment = post(article, author, "Original words.")
    client = _logged_in(author)
    response = client.post(
        f"/comments/{comment.pk}/edit/", {"text": "Changed words.", "sort": "oldest"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?sort=oldest#comment-{comment.pk}"
    html = client.get(response["Location"]).content.decode()
    found = re.search(rf'<article id="comment-{comment.pk}".*?</article>', html, re.DOTALL)
    assert found is not None
    assert 'role="status"><p class="notice notice--info">Your edit is saved.' in found.group(0)
    # Said once, beside the comment, not again above the comments.
    assert html.count("Your edit is saved.") == 1


def test_report_comes_back_in_the_chosen_order_with_the_notice_beside_the_comment(
    make_article, make_reader, post
):
    article = make_article()
    comment = post(article, make_reader("Author"), "A view on the bridge.")
    client = _logged_in(make_reader("Reporter"))
    response = client.post(
        f"/comments/{comment.pk}/report/", {"reason": "spam", "note": "", "sort": "replies"}
    )
    assert response["Location"] == f"{article.get_absolute_url()}?sort=replies#comment-{comment.pk}"
    html = client.get(response["Location"]).content.decode()
    found = re.search(rf'<article id="comment-{comment.pk}".*?</article>', html, re.DOTALL)
    assert found is not None and "Thank you. A moderator will look" in found.group(0)
    assert html.count("Thank you. A moderator will look") == 1


def test_delete_comes_back_to_the_comments_in_the_chosen_order(make_article, make_reader, post):
    article = make_article()
    author = make_reader("Author")
    comment = post(article, author, "Words to take back.")
    response = _logged_in(author).post(f"/comments/{comment.pk}/delete/", {"sort": "oldest"})
    assert response["Location"] == f"{article.get_absolute_url()}?sort=oldest#comments"


@pytest.mark.parametrize(
    "sort", ["newest", "", "bogus", "https://evil.example/", "//evil.example", "oldest#x"]
)
def test_only_an_order_the_comments_offer_is_kept(make_article, make_reader, post, sort):
    article = make_article()
    author = make_reader("Author")
    comment = post(article, author, "Original words.")
    client = _logged_in(author)
    edited = client.post(f"/comments/{comment.pk}/edit/", {"text": "Changed.", "sort": sort})
    assert edited["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    deleted = client.post(f"/comments/{comment.pk}/delete/", {"sort": sort})
    assert deleted["Location"] == f"{article.get_absolute_url()}#comments"


def test_a_comment_not_on_the_chosen_orders_first_page_keeps_its_permalink(
    make_article, make_reader, post, masthead_settings
):
    # Under "oldest" with one thread a page, the newest thread is not on the article: the
    # reader goes where the comment is shown (the newest order), not to a page without it.
    masthead_settings(PAGE_SIZE=1)
    article = make_article()
    post(article, make_reader("Other"), "The first view.")
    author = make_reader("Author")
    comment = post(article, author, "The second view.")
    response = _logged_in(author).post(
        f"/comments/{comment.pk}/edit/", {"text": "The second view, changed.", "sort": "oldest"}
    )
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
