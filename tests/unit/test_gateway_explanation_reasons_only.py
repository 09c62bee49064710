"""The moderation gateway stores only the reasons, in plain words, as a comment's explanation:
each place that tells the author says the outcome in its own words ("Held for review.", "Your
comment was not published."), so an opening sentence in the stored words was said twice."""

from __future__ import annotations

import pytest

from masthead.moderation.core.types import REASONS, Verdict
from masthead.moderation.gateway import to_outcome

OLD_OPENINGS = ("Your comment is waiting for a moderator.", "Your comment was not published.")


@pytest.mark.parametrize("decision", ["hold", "reject"])
@pytest.mark.parametrize("reason", sorted(REASONS))
def test_the_gateways_explanation_is_the_reason_words_without_an_opening_sentence(decision, reason):
    verdict = Verdict(decision=decision, reasons=(reason,), scores={}, model_versions={})
    words = to_outcome(verdict).explanation
    assert words == REASONS[reason]
    assert not words.startswith(OLD_OPENINGS)


@pytest.mark.parametrize("decision", ["hold", "reject"])
def test_a_verdict_with_no_known_reason_explains_that_a_moderator_will_look(decision):
    verdict = Verdict(decision=decision, reasons=("not_a_code",), scores={}, model_versions={})
    assert to_outcome(verdict).explanation == "A moderator will look at it first."


def test_a_published_verdict_explains_nothing():
    verdict = Verdict(decision="publish", reasons=(), scores={}, model_versions={})
    assert to_outcome(verdict).explanation == ""
