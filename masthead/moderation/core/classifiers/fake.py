"""A small deterministic stand-in for the real models, for tests of OTHER features.

Words decide: a comment containing one of FAKE_ABUSIVE_WORDS scores 0.95 abusive; one sharing
no word of four letters or more with the article (or parent) scores 0.9 off-topic; "buy now"
or "click here" scores 0.9 spam. Never used in production.
"""

from __future__ import annotations

import re

from masthead.moderation.core.classifiers.base import AbuseScores, Classifiers, TopicScores
from masthead.moderation.core.types import ArticleText, Span

FAKE_ABUSIVE_WORDS = frozenset({"idiot", "moron", "scum", "kill"})
WORD_RE = re.compile(r"[a-z]+")


class FakeAbuse:
    version = "fake-abuse-1"

    def score(self, text: str) -> AbuseScores:
        spans = tuple(
            Span(m.start(), m.end(), "abusive")
            for m in WORD_RE.finditer(text.lower())
            if m.group(0) in FAKE_ABUSIVE_WORDS
        )
        kinds = {
            "insult": 0.9 if spans else 0.0,
            "threat": 0.0,
            "identity_hate": 0.0,
            "obscene": 0.0,
        }
        return AbuseScores(0.95 if spans else 0.02, kinds, spans)


class FakeTopic:
    version = "fake-topic-1"

    def score(self, text: str, article: ArticleText, parent_text: str | None) -> TopicScores:
        words = {w for w in WORD_RE.findall(text.lower()) if len(w) >= 4}
        context = " ".join([article.headline, article.standfirst, article.body, parent_text or ""])
        shared = words & set(WORD_RE.findall(context.lower()))
        off = 0.1 if shared or len(words) < 3 else 0.9
        return TopicScores(off, {"shared_words": float(len(shared))})


class FakeSpam:
    version = "fake-spam-1"

    def score(self, text: str) -> float:
        lowered = text.lower()
        return 0.9 if "buy now" in lowered or "click here" in lowered else 0.05


def fake_classifiers() -> Classifiers:
    return Classifiers(abuse=FakeAbuse(), topic=FakeTopic(), spam=FakeSpam())
