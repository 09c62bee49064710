"""What a reader is told after a form that sends them to the front page (QA walk as a reader,
2026-11-30): deleting one's account, or confirming a sign-up begun there, lands on "/", which
showed no messages; the sentence waited in the session and turned up later, under the
comments of whatever article the reader opened next ("Your account is deleted; 1 comments
now show as deleted.")."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client, TestCase

from tests.support.comment_fixtures import READER_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


def _logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("comments", "sentence"),
    [
        (0, "Your account is deleted."),
        (1, "Your account is deleted; your 1 comment now shows as deleted."),
        (2, "Your account is deleted; your 2 comments now show as deleted."),
    ],
)
def test_deleting_an_account_says_so_on_the_front_page_it_lands_on_and_not_later(
    make_article, make_reader, post, comments, sentence
):
    article = make_article()
    reader = make_reader("Leaving")
    for n in range(comments):
        post(article, reader, f"My view number {n} on the bridge.")
    client = _logged_in(reader)
    response = client.post("/accounts/delete/", {"confirm": "delete"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    html = response.content.decode()
    assert f'<p class="notice notice--info">{sentence}</p>' in html
    assert 'class="site-messages" role="status"' in html
    assert "{#" not in html and "#}" not in html  # no template comment shown as text
    # Said once: the next page the reader opens does not say it again.
    later = client.get(article.get_absolute_url()).content.decode()
    assert "Your account is deleted" not in later


def test_confirming_a_sign_up_begun_on_the_front_page_welcomes_the_reader_there():
    client = Client()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "email": "new@example.org",
                "display_name": "New Reader",
                "password": READER_PASSWORD,
                "password_again": READER_PASSWORD,
                "next": "/",
            },
        )
    link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", mail.outbox[0].body)
    response = client.post(link.group(1), follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Welcome! Your account is ready and you can comment now." in response.content.decode()


def test_a_section_page_shows_the_message_a_form_left_for_it(make_article, make_reader):
    article = make_article()
    client = _logged_in(make_reader())
    section_url = article.section.get_absolute_url()
    # A message left in the session (here by the account deletion) is shown on the section
    # page, the other page a `next` link can commonly name besides articles.
    response = client.post("/accounts/delete/", {"confirm": "delete"})
    assert response.status_code == 302
    html = client.get(section_url).content.decode()
    assert "Your account is deleted." in html


def test_my_comments_says_why_a_comment_waits_or_was_not_published(
    make_article, make_reader, post, moderator_user
):
    # Found by a QA walk as a reader (2026-11-30): "My comments" said "Held for review" or
    # "Rejected" and nothing more; the article page says why, with the FAQ.
    from masthead.comments import actions

    article = make_article()
    reader = make_reader()
    post(article, reader, "Whoever designed the old wall was an idiot.")  # held by the checks
    turned_down = post(article, reader, "Buy cheap watches at my shop today.")
    actions.reject_comment(turned_down, moderator_user, "It advertises a shop.")
    post(article, reader, "A fair point about the bridge.")  # published: nothing to explain

    html = _logged_in(reader).get("/accounts/profile/").content.decode()
    assert '<span class="comment__reason">It may contain a personal insult.</span>' in html
    assert '<span class="comment__reason">It advertises a shop.</span>' in html
    assert html.count('See our <a href="/comments/faq/">Comments FAQ</a>.') == 2
