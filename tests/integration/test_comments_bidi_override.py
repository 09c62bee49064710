"""A comment cannot show readers other words than the checks read: the direction overrides
(U+202D LEFT-TO-RIGHT OVERRIDE, U+202E RIGHT-TO-LEFT OVERRIDE) are dropped from its text.

Found by a QA walk as a reader (2026-11-30): an on-topic sentence followed by U+202E and an
insult typed backwards was published by the site's own checks (abuse 0.08), which read the
letters in the order they are stored, while every reader saw the insult the right way round.
Direction marks and isolates, which right-to-left writing needs and which cannot turn
letters around, stay."""

from __future__ import annotations

import pytest

from masthead.comments import actions
from masthead.comments.models import Comment
from tests.support.comment_fixtures import BY_KEYWORD

pytestmark = pytest.mark.django_db

RLO, LRO, PDF = "\u202e", "\u202d", "\u202c"
LEAD = "A record count of swifts in the church towers. "


def test_an_insult_typed_backwards_behind_an_override_is_read_as_the_reader_would_see_it(
    client, make_article, make_reader, use_moderator
):
    use_moderator(BY_KEYWORD)
    article = make_article()
    reader = make_reader()
    client.force_login(reader)
    response = client.post(
        f"/comments/article/{article.pk}/post/",
        {"text": LEAD + RLO + "toidi na era uoy" + PDF},
        headers={"accept": "application/json", "x-requested-with": "fetch"},
    )
    assert response.status_code == 201, response.content
    comment = Comment.objects.get(pk=response.json()["id"])
    # Stored and shown as typed, backwards: readers see what the checks read.
    assert RLO not in comment.text and RLO not in comment.html
    assert "toidi na era uoy" in comment.html


def test_an_edit_cannot_bring_an_override_back(client, make_article, make_reader, use_moderator):
    use_moderator(BY_KEYWORD)
    reader = make_reader()
    comment = actions.post_comment(make_article(), reader, actions.Posting(text=LEAD))
    client.force_login(reader)
    response = client.post(f"/comments/{comment.pk}/edit/", {"text": LEAD + LRO + "sdrawkcab"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert LRO not in comment.text and LRO not in comment.html


def test_direction_marks_and_isolates_for_right_to_left_writing_stay():
    from masthead.comments import text

    typed = "\u2067\u0645\u0631\u062d\u0628\u0627\u2069 Market Street \u200f!"
    assert text.normalise(typed) == typed
    assert text.normalise(f"a{RLO}b{LRO}c") == "abc"
