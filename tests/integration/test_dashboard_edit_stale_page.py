"""Edit and approve from a page loaded before the comment's text changed (its author edited
it, or a colleague edited and approved it) is refused with who changed it, and nothing is
saved; the page then shows the text as it is now, keeps what the moderator typed, and a second
save applies it (QA walk, 2026-11-30: the moderator's trim of the old text silently replaced
the author's newer words)."""

from __future__ import annotations

import re

import pytest

from masthead.comments import actions as comment_actions
from masthead.comments.errors import Conflict
from masthead.comments.models import Comment
from masthead.dashboard import actions
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _base(html: str) -> str:
    found = re.search(r'name="base" value="([^"]*)"', html)
    assert found, "the edit form carries the text it was built from"
    return found.group(1)


def test_an_edit_over_the_authors_newer_text_is_refused(client, mod, held):
    comment = held("You idiot, the bridge costs 40 million.")
    client.force_login(mod)
    page = client.get(f"/moderation/comments/{comment.pk}/edit/").content.decode()
    comment_actions.edit_comment(comment, comment.author, "The bridge costs 40 million, idiot.")
    response = client.post(
        f"/moderation/comments/{comment.pk}/edit/",
        {"text": "The bridge costs 40 million.", "base": _base(page)},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed after you opened this page" in html
    assert "its author" in html
    comment.refresh_from_db()
    assert comment.text == "The bridge costs 40 million, idiot."
    # What the moderator typed is kept; the form now builds on the text as it is.
    assert "The bridge costs 40 million.</textarea>" in html
    assert _base(html) == "The bridge costs 40 million, idiot."
    again = client.post(
        f"/moderation/comments/{comment.pk}/edit/",
        {"text": "The bridge costs 40 million.", "base": _base(html)},
    )
    assert again.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "The bridge costs 40 million." and comment.status == "published"


def test_an_edit_over_a_colleagues_edit_is_refused_naming_them(mod, lead, held):
    comment = held("You idiot, the bridge costs 40 million.")
    base = comment.text
    actions.edit_and_approve(lead, comment.pk, "The bridge costs 40 million.")
    with pytest.raises(Conflict) as refused:
        actions.edit_and_approve(mod, comment.pk, "Bridge: 40 million.", base=base)
    assert "lead" in refused.value.message
    assert Comment.objects.get(pk=comment.pk).text == "The bridge costs 40 million."


def test_an_edit_from_an_up_to_date_page_is_saved_whatever_its_line_ends(mod, held):
    comment = held("You idiot.\n\nThe bridge costs 40 million.")
    actions.edit_and_approve(
        mod, comment.pk, "The bridge costs 40 million.", base=comment.text.replace("\n", "\r\n")
    )
    assert Comment.objects.get(pk=comment.pk).text == "The bridge costs 40 million."
