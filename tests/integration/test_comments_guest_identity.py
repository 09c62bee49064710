"""Guests' names: what stops a visitor passing for someone else, and what the page tells readers.

A guest gives a name and an e-mail address nobody checks. The name may not be a reader's, a
staff member's or another guest's (test_comments_actions.py). Since 2026-11-30 the page, the
fetch answers and the API also mark a guest's comment, so readers can tell an unchecked name
from an account's, and a name that only reads like a reader's (`AIice` for `Alice`) is
refused, to guests and accounts alike.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from masthead.comments import actions, names
from masthead.comments.errors import InvalidComment
from masthead.comments.faq import DEFAULT_FAQ
from masthead.comments.models import Comment, ReaderProfile

pytestmark = pytest.mark.django_db
GUEST_MARK = "(guest: name not verified)"


@pytest.fixture(autouse=True)
def _guests_allowed(use_moderator, masthead_settings):
    use_moderator("tests.support.moderators.by_keyword")
    masthead_settings(ALLOW_GUEST_COMMENTS=True)


def _author_line(html: str, name: str) -> str:
    """The header of the comment whose author is `name` (up to its time link)."""
    start = html.index(f'class="comment__author"><bdi>{name}</bdi>')
    return html[start : html.index("comment__time", start)]


def test_article_page_marks_a_guests_comment_as_an_unverified_name_and_a_readers_not(
    make_article, make_reader, post
):
    article = make_article()
    reader_comment = post(article, make_reader("Alice Walker"), "The bridge is overdue.")
    guest_comment = post(
        article,
        None,
        "I cycle across it daily.",
        guest_name="River Walker",
        guest_email="rw@example.org",
        parent=reader_comment,
    )
    assert guest_comment.is_guest
    for url in (
        article.get_absolute_url(),
        f"/comments/article/{article.pk}/",
        f"/comments/{reader_comment.pk}/replies/",
    ):
        html = Client().get(url).content.decode()
        assert GUEST_MARK in _author_line(html, "River Walker"), url
        if 'class="comment__author"><bdi>Alice Walker</bdi>' in html:
            assert GUEST_MARK not in _author_line(html, "Alice Walker"), url


def test_a_guest_sees_the_mark_on_the_comment_they_just_posted(make_article):
    article = make_article()
    response = Client().post(
        f"/comments/article/{article.pk}/post/",
        {"text": "A view from the towpath.", "guest_name": "Passer By", "guest_email": "p@x.org"},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert response.status_code == 201
    assert GUEST_MARK in response.json()["html"]


def test_api_says_which_comments_are_guests(make_article, make_reader, post):
    article = make_article()
    post(article, make_reader("Alice Walker"), "The bridge is overdue.")
    post(article, None, "Me too.", guest_name="River Walker", guest_email="rw@example.org")
    body = Client().get(f"/api/articles/{article.pk}/comments").json()
    guest_by_author = {
        thread["comment"]["author"]: thread["comment"]["guest"] for thread in body["threads"]
    }
    assert guest_by_author == {"Alice Walker": False, "River Walker": True}
    schema = Client().get("/api/openapi.json").json()
    assert "guest" in json.dumps(schema["components"]["schemas"]["CommentOut"])


def test_faq_tells_readers_that_a_guests_name_is_not_checked():
    faq = " ".join(DEFAULT_FAQ.split())
    assert "their comments are marked as a guest's, because nobody has checked that name" in faq


# --- names that read like a reader's ----------------------------------------------------------

LOOKALIKES_OF_ALICE = (
    "AIice Walker",  # a capital i for the l: the same shapes in the site's type
    "A1ice Walker",
    "\u0410lice Walker",  # Cyrillic А
    "Alice-Walker",
    "Alicé Walker",
)


def test_a_guest_cannot_post_under_a_name_that_reads_like_a_readers(
    make_article, make_reader, post
):
    make_reader("Alice Walker")
    article = make_article()
    for name in LOOKALIKES_OF_ALICE:
        with pytest.raises(InvalidComment) as refused:
            post(article, None, "x", guest_name=name, guest_email="g@example.org")
        assert refused.value.code == "display_name_taken", name
        assert refused.value.field == "guest_name"
        assert "looks too much like another reader's" in refused.value.message
    assert not Comment.objects.exists()
    # A name that only shares letters is not refused.
    ok = post(article, None, "y", guest_name="Alice Walkers", guest_email="g@example.org")
    assert ok.author_name == "Alice Walkers"


def test_the_guest_form_says_why_a_look_alike_name_is_refused(make_article, make_reader):
    make_reader("Alice Walker")
    article = make_article()
    response = Client().post(
        f"/comments/article/{article.pk}/post/",
        {"text": "Hello.", "guest_name": "AIice Walker", "guest_email": "g@example.org"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "That name looks too much like another reader&#x27;s" in html
    assert "Hello." in html  # the text is kept


def test_no_account_may_take_or_change_to_a_name_that_reads_like_another_readers(make_reader):
    alice = make_reader("Alice Walker")
    for name in LOOKALIKES_OF_ALICE:
        with pytest.raises(InvalidComment):
            make_reader(name)
    bob = make_reader("Bob")
    with pytest.raises(InvalidComment):
        actions.update_reader_profile(bob, "A1ice Walker", notify_replies=True)
    # One's own name in another spelling is no one else's.
    profile = actions.update_reader_profile(alice, "Alice-Walker", notify_replies=True)
    assert profile.display_name == "Alice-Walker"
    assert profile.name_key == names.name_key("Alice Walker")


def test_names_that_only_look_alike_when_read_too_broadly_are_both_allowed(make_reader):
    # A capital L is no capital I; other digits count; names in other scripts are compared
    # exactly, never by the few letters that have a Latin look-alike.
    for first, second in (
        ("Reader I", "Reader L"),
        ("Mike", "Mike 2"),
        ("Ali", "All"),
        ("\u0418\u0432\u0430\u043d \u041f\u0435\u0442\u0440\u043e\u0432", "Жан Петров"),
        ("李明", "李小明"),
    ):
        make_reader(first)
        make_reader(second)
    assert ReaderProfile.objects.count() == 10
