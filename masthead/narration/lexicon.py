"""The pronunciation lexicon as the pure script wants it: a plain mapping."""

from __future__ import annotations

from masthead.narration.models import PronunciationEntry


def current_lexicon() -> dict[str, str]:
    return dict(PronunciationEntry.objects.values_list("word", "say_as"))
