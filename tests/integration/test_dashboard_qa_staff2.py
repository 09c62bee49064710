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


def _scores_of(page: str, comment_id: int) -> list[str]:
    item = page.split(f'id="item-{comment_id}"', 1)[1].split("</li>\n", 1)[0]
    block = item.split('<ul class="item__scores">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r"<li>([^<]*)</li>", block)


def test_queue_scores_are_written_as_the_stats_page_writes_percents(client, mod, held):
    comment = held()
    Comment.objects.filter(pk=comment.pk).update(scores={"abuse": 0.9998, "spam": 0.003})
    client.force_login(mod)
    shown = _scores_of(client.get("/moderation/queue/held/").content.decode(), comment.pk)
    # Not "100%" for all but a few in ten thousand, nor "0%" for some.
    assert shown == [
        "Abusive language: 99.98% (very likely)",
        "Spam or advertising: 0.3% (unlikely)",
    ]


def test_the_abuse_models_threat_kind_is_not_named_as_the_threat_models_score(client, mod, held):
    # Held for `threat` by the threat model (85%); the abuse model's kind head says 'threat' is
    # 20% of what this comment would be if abusive (abuse 10%): 2% both. Only one is "threat".
    comment = held()
    Comment.objects.filter(pk=comment.pk).update(
        reasons=["threat"],
        scores={"abuse": 0.1, "threat": 0.2, "insult": 0.5, "threat_of_violence": 0.85},
    )
    client.force_login(mod)
    shown = _scores_of(client.get("/moderation/queue/held/").content.decode(), comment.pk)
    assert shown == [
        "Threat of violence: 85% (very likely)",
        "Abusive language: 10% (unlikely)",
        "Abusive and insulting: 5% (unlikely)",
        "Abusive and threatening: 2% (unlikely)",
    ]
    assert not any(line.startswith("Threat:") for line in shown)


def test_the_queues_author_filter_finds_part_of_the_name_it_shows(
    client, mod, make_article, make_reader, post, keyword_moderation
):
    article = make_article()
    sam = post(article, make_reader("Sam Hollis"), "You idiot.")
    other = post(article, make_reader("Priya Raman"), "You idiot too.")
    client.force_login(mod)
    for typed in ("Sam", "sam", "HOLLIS", "Sam Hollis"):
        page = client.get("/moderation/queue/held/", {"author": typed}).content.decode()
        assert f'id="item-{sam.pk}"' in page, typed
        assert f'id="item-{other.pk}"' not in page, typed


def test_the_audit_logs_moderator_box_finds_what_the_who_column_shows(client, mod, held):
    from masthead.dashboard import actions

    comment = held()  # its automatic hold is logged with no actor: "automatic"
    actions.approve(mod, comment.pk)
    client.force_login(mod)

    def who(typed: str) -> list[str]:
        page = client.get("/moderation/audit/", {"actor": typed}).content.decode()
        return re.findall(r"<td>([^<]*)</td>\s*<td>(?:Held|Approved)", page)

    assert who("automatic") == ["automatic"]
    assert who("Automatic") == ["automatic"]
    assert who("mo") == ["mod"]  # part of the login, as the column shows it
    assert who("MOD") == ["mod"]
    assert who("nobody") == []


def test_undo_names_what_it_undid_on_the_form_and_in_the_api(client, mod, held):
    from masthead.dashboard import actions

    comments = [held(f"idiot {i}") for i in range(3)]
    client.force_login(mod)
    actions.bulk(mod, "reject", [c.pk for c in comments[:2]], "No insults.")
    response = client.post("/moderation/undo/", follow=True)
    ids = sorted(c.pk for c in comments[:2])
    said = f"Undone: Rejected (2 comments: no. {ids[0]}, no. {ids[1]})."
    assert said in response.content.decode()
    actions.approve(mod, comments[2].pk)
    answer = client.post("/api/moderation/undo", content_type="application/json").json()
    assert answer["message"] == f"Undone: Approved (no. {comments[2].pk})."
    actions.ban(mod, comments[2].author_id)
    answer = client.post("/api/moderation/undo", content_type="application/json").json()
    assert answer["message"] == f"Undone: Banned the author (reader no. {comments[2].author_id})."
