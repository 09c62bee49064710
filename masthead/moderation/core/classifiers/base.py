"""What the phases need from a model: a Protocol each, so tests of other features use a fake."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from masthead.moderation.core.types import ArticleText, Span


@dataclass(frozen=True)
class AbuseScores:
    # Calibrated probability that the comment is abusive.
    abusive: float
    # Probability of each kind, given the comment is abusive: insult, threat, identity_hate, obscene.
    kinds: dict[str, float] = field(default_factory=dict)
    # Character offsets of the words that pushed the score up most (for moderators).
    spans: tuple[Span, ...] = ()
    # Calibrated probability that the comment threatens, wishes or incites violence (the threat
    # model, which reads what the words say rather than which words they are), and the sentence
    # that weighed most. Unlike kinds["threat"], it does not depend on the abuse score.
    threat: float = 0.0
    threat_span: Span | None = None


@dataclass(frozen=True)
class TopicScores:
    # Calibrated probability that the comment is NOT about the article / the comment it answers.
    off_topic: float
    # The pieces (cosines, overlaps) that went into it, stored for moderators.
    features: dict[str, float] = field(default_factory=dict)


class AbuseClassifier(Protocol):
    version: str

    def score(self, text: str) -> AbuseScores: ...


class TopicClassifier(Protocol):
    version: str

    def score(self, text: str, article: ArticleText, parent_text: str | None) -> TopicScores: ...


class SpamClassifier(Protocol):
    version: str

    def score(self, text: str) -> float: ...


@dataclass(frozen=True)
class Classifiers:
    abuse: AbuseClassifier
    topic: TopicClassifier
    spam: SpamClassifier
