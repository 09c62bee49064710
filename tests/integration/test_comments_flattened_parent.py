"""A reply past the depth cap hangs beside the comment it answers, which holds up no replies of
its own; once that comment is held, rejected or deleted the thread leaves it out, so the reply's
"Replying to" must not name its author nor link to an anchor that is not on the page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from masthead.comments import actions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keyword_moderator(use_moderator):
    use_moderator("tests.support.moderators.by_keyword")


@pytest.fixture
def flattened(make_article, make_reader, post, masthead_settings):
    """top <- middle (at the cap) <- flat reply (beside middle, answering it)."""
    masthead_settings(COMMENT_MAX_DEPTH=1)
    article = make_article()
    top = post(article, make_reader("Alice"), "The opening comment.")
    middle_author = make_reader("Mallory")
    middle = post(article, middle_author, "Words a moderator took down.", parent=top)
    flat = post(article, make_reader("Bob"), "Bob answers Mallory here.", parent=middle)
    assert (flat.parent_id, flat.display_parent_id) == (middle.pk, top.pk)
    return article, middle, middle_author, flat


def replying_line(html: str, reply_pk: int) -> str:
    article = re.search(rf'<article id="comment-{reply_pk}".*?</article>', html, re.S).group(0)
    return re.search(r'<p class="comment__replying">.*?</p>', article, re.S).group(0)


@pytest.mark.parametrize("decision", ["hold", "reject"])
def test_a_flattened_reply_to_a_withheld_comment_neither_names_nor_links_it(
    flattened, moderator_user, decision
):
    article, middle, _, flat = flattened
    if decision == "hold":
        actions.hold_comment(middle, moderator_user)
    else:
        actions.reject_comment(middle, moderator_user, "Personal details.")

    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Bob answers Mallory here." in html
    assert f'id="comment-{middle.pk}"' not in html  # left out: nothing holds on to it
    assert replying_line(html, flat.pk) == (
        '<p class="comment__replying">Replying to a comment that is not available</p>'
    )
    assert "Mallory</bdi>" not in html

    body = Client().get(f"/api/articles/{article.pk}/comments").json()
    (reply,) = body["threads"][0]["replies"]
    assert reply["replying_to"] == "a comment that is not available"
    replies_page = Client().get(f"/comments/{flat.display_parent_id}/replies/").content.decode()
    assert replying_line(replies_page, flat.pk).endswith("a comment that is not available</p>")


def test_a_flattened_reply_to_a_deleted_comment_says_so_without_a_dead_link(flattened, make_reader):
    article, middle, middle_author, flat = flattened
    actions.delete_comment(middle, middle_author)

    html = Client().get(article.get_absolute_url()).content.decode()
    assert f'id="comment-{middle.pk}"' not in html
    assert replying_line(html, flat.pk) == (
        '<p class="comment__replying">Replying to a deleted comment</p>'
    )


def test_the_withheld_comments_author_still_sees_whom_the_reply_answers(flattened, moderator_user):
    article, middle, middle_author, flat = flattened
    actions.hold_comment(middle, moderator_user)
    client = Client()
    client.force_login(middle_author)
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'id="comment-{middle.pk}"' in html  # under their comments waiting for review
    assert replying_line(html, flat.pk) == (
        f'<p class="comment__replying">Replying to <a href="#comment-{middle.pk}">'
        "<bdi>Mallory</bdi></a></p>"
    )


def test_a_flattened_reply_to_a_published_comment_still_names_and_links_it(flattened):
    article, middle, _, flat = flattened
    html = Client().get(article.get_absolute_url()).content.decode()
    assert replying_line(html, flat.pk) == (
        f'<p class="comment__replying">Replying to <a href="#comment-{middle.pk}">'
        "<bdi>Mallory</bdi></a></p>"
    )
