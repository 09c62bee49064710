"""Naming a group, a town or a person is not abuse: the shipped abuse model on civil sentences that
the model before the civil training templates held (training/moderation/civil_templates.py), and
on the abusive sentences of the project's functional suite, which it must still hold."""

from __future__ import annotations

import pytest

from masthead.moderation.core.cli import default_policy
from training.moderation.functional_suite import ABUSIVE, CIVIL


@pytest.mark.parametrize(
    "text",
    [
        "ID",
        "Please show your ID at the polls.",
        "Idaho has similar rules.",
        "Muslims in my town organised the food drive.",
        "Gay couples can adopt in every province now.",
        "Refugees need housing too.",
        "Women's hockey deserves more coverage.",
        "The mosque and the church share a parking lot.",
        "Ottawa should publish the costs.",
        "Scunthorpe won on Saturday.",
        "Parliament should pass the bill.",
        "Well said.",
    ],
)
def test_civil_comment_naming_a_group_place_or_everyday_word_is_not_held_as_abusive(
    abuse, threshold, text
):
    assert abuse.score(text).abusive < threshold


def test_every_abusive_sentence_of_the_functional_suite_is_held(abuse, threshold):
    # As the abuse phase holds (and `make eval` counts): the abuse score at its threshold or the
    # threat model at its own. "Die in a fire." sits on the abuse threshold in every model
    # (0.262 at 0.2216 before the short replies, 0.222 at 0.2244 since) and is held as a threat.
    threat = default_policy().thresholds.threat
    missed = [t for t in ABUSIVE if (s := abuse.score(t)).abusive < threshold and s.threat < threat]
    assert missed == []
    by_abuse_alone = [t for t in ABUSIVE if abuse.score(t).abusive < threshold]
    assert len(by_abuse_alone) <= 1, by_abuse_alone


def test_most_civil_sentences_of_the_functional_suite_are_published(abuse, threshold):
    # 31 of 79 were held before the civil templates; 13 with them (docs/moderation.md)
    held = [t for t in CIVIL if abuse.score(t).abusive >= threshold]
    assert len(held) <= 15, held
