"""Second QA pass over the moderators' workspace: a refused bulk action keeps the selection,
scores read alike on every page, the audit log's boxes find what its columns show, undo says
what it undid, the header offers the newsroom only to those who may use it."""

from __future__ import annotations

import re

import pytest

from masthead.comments.models import Comment
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _ticked(page: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'value="(\d+)" form="bulk-form"[^>]* checked', page)}


def test_a_bulk_reject_without_a_reason_returns_to_the_queue_with_the_ticks_kept(client, mod, held):
    comments = [held(f"idiot {i}") for i in range(3)]
    client.force_login(mod)
    back = "/moderation/queue/held/?sort=risk"
    ids = [comments[0].pk, comments[2].pk]
    response = client.post(
        "/moderation/bulk/", {"action": "reject", "ids": ids, "reason": "  ", "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    page = client.get(back).content.decode()
    assert "Nothing was changed: Please give a reason; the author will see it." in page
    assert _ticked(page) == set(ids)
    assert re.search(r'id="bulk-reason"[^>]*aria-invalid="true"', page)
    assert set(Comment.objects.values_list("status", flat=True)) == {"held"}
    # Shown once: the next load of the queue has no ticks and no message.
    again = client.get(back).content.decode()
    assert _ticked(again) == set() and "Nothing was changed" not in again
    # With a reason the same ticks are rejected.
    client.post("/moderation/bulk/", {"action": "reject", "ids": ids, "reason": "No insults."})
    assert Comment.objects.get(pk=comments[0].pk).status == "rejected"
    assert Comment.objects.get(pk=comments[1].pk).status == "held"


def test_a_bulk_action_with_nothing_ticked_says_so_on_the_queue(client, mod, held):
    held()
    client.force_login(mod)
    response = client.post("/moderation/bulk/", {"action": "approve"}, follow=True)
    assert response.status_code == 200
    assert "Nothing was changed: Choose at least one comment." in response.content.decode()
