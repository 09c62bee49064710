"""The comments app strips the moderation gateway's opening sentence from the explanation it
stores (Comment.reason_words), so that an author is told why once: the two must agree on those
sentences, or the reason is said twice again."""

from __future__ import annotations

import pytest

from masthead.comments.models import EXPLANATION_LEAD_INS
from masthead.moderation.core.types import REASONS, Verdict
from masthead.moderation.gateway import explanation


@pytest.mark.parametrize("decision", ["hold", "reject"])
@pytest.mark.parametrize("reason", sorted(REASONS))
def test_every_explanation_the_gateway_writes_opens_with_a_lead_in_the_comments_app_strips(
    decision, reason
):
    words = explanation(Verdict(decision=decision, reasons=(reason,), scores={}, model_versions={}))
    lead_ins = [lead for lead in EXPLANATION_LEAD_INS if words.startswith(lead)]
    assert lead_ins, words
    assert REASONS[reason] in words[len(lead_ins[0]) :]
