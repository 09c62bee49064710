"""The demo's held comments carry the verdict the real pipeline gives them: scores (so the
queue shows a risk and ranks them), reasons and words, not an empty verdict at risk 0.00."""

from __future__ import annotations

import pytest

from masthead.comments.models import Comment
from masthead.dashboard.models import Triage
from masthead.dashboard.present import risk_of

pytestmark = pytest.mark.django_db


def test_every_held_demo_comment_has_scores_and_its_risk_in_the_queue(loaded_demo):
    held = list(Comment.objects.filter(status="held"))
    assert held
    unscored = [c.pk for c in held if not c.scores]
    assert unscored == []
    for comment in held:
        assert Triage.objects.get(comment=comment).risk == pytest.approx(
            risk_of(comment.scores, comment.reasons)
        )


def test_sams_insult_is_held_as_the_models_hold_it_and_ranks_first_by_risk(loaded_demo, client):
    sam = Comment.objects.get(author__username="sam@demo.invalid", text__contains="idiot")
    assert sam.status == "held"
    assert sam.reasons == ["abusive", "insult"]
    assert sam.scores["abuse"] >= 0.9 and sam.scores["insult"] >= 0.5
    client.login(username="moderator", password="demo-moderator-pass")
    page = client.get("/moderation/queue/held/?sort=risk").content.decode()
    first = page.split('<li class="item" id="item-', 1)[1].split('"', 1)[0]
    assert int(first) == sam.pk
    assert "risk 1.00" in page.split(f'id="item-{sam.pk}"', 1)[1].split("</li>", 1)[0]
