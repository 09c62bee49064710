"""The threat evaluation lists of the functional suite are well formed: 40 distinct, non-empty
sentences each, and no sentence shared between two lists of the module (a sentence cannot be both
a threat and a civil comment, nor counted twice)."""

from __future__ import annotations

import pytest

from training.moderation import functional_suite
from training.moderation.functional_suite import CIVIL_VIOLENT_WORDS, THREATS


def _module_lists() -> dict[str, list[str]]:
    return {
        name: value
        for name, value in vars(functional_suite).items()
        if name.isupper() and isinstance(value, list)
    }


@pytest.mark.parametrize(
    "sentences", [THREATS, CIVIL_VIOLENT_WORDS], ids=["THREATS", "CIVIL_VIOLENT_WORDS"]
)
def test_threat_list_has_forty_distinct_non_empty_sentences(sentences):
    assert len(sentences) == 40
    assert all(isinstance(s, str) and s.strip() for s in sentences)
    assert len({s.strip().lower() for s in sentences}) == 40


def test_no_sentence_appears_in_two_lists_of_the_functional_suite():
    seen: dict[str, str] = {}
    shared = []
    for name, sentences in _module_lists().items():
        for sentence in sentences:
            key = sentence.strip().lower()
            if key in seen and seen[key] != name:
                shared.append((sentence, seen[key], name))
            seen.setdefault(key, name)
    assert "THREATS" in _module_lists() and "CIVIL_VIOLENT_WORDS" in _module_lists()
    assert shared == []
