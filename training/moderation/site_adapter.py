"""An EXPERIMENT, not part of the product: a site's own correction of the abuse score, learnt
from its moderators' decisions (docs/moderation.md, "Site adapter (tried 2026-11-30, not
shipped)"; `make adapter-simulation` measures it).

A logistic regression over two things the pipeline computes anyway: the shipped model's abuse
logit and the comment's sentence embedding (the one the on-topic and threat models share). It
was built into the product on 2026-11-30 and taken out the same morning: on the only data that
can stand in for a newsroom's decisions (C3), it published no more civil comments than moving
the abuse threshold does, and one fit let through far more abuse than its check promised.

An adapter records the models it was fitted on (`applies_to`). Stored as plain numbers (JSON).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from masthead.moderation.core.classifiers.abuse import sigmoid

# The shipped probability is read as a logit clipped to this range (a probability of exactly 0
# or 1 would be infinite).
LOGIT_LIMIT = 12.0
EMBEDDING_SIZE = 384


class AdapterError(ValueError):
    """A stored adapter that cannot be used (wrong shape, a value that is not a finite number)."""


def logit(probability: float) -> float:
    p = min(max(float(probability), 1e-9), 1.0 - 1e-9)
    return max(-LOGIT_LIMIT, min(LOGIT_LIMIT, math.log(p / (1.0 - p))))


@dataclass(frozen=True)
class SiteAdapter:
    version: str
    # The abuse classifier's version (model + respelling + threat model) and the on-topic
    # model's (whose embedder gives the embedding) it was fitted with: it applies to those only.
    abuse_model: str
    topic_model: str
    # One weight for the shipped abuse logit, then one per embedding dimension.
    weights: tuple[float, ...]
    intercept: float

    def __post_init__(self) -> None:
        if not self.version or not self.abuse_model or not self.topic_model:
            raise AdapterError("a site adapter needs its version and the models it was fitted on")
        if len(self.weights) != 1 + EMBEDDING_SIZE:
            raise AdapterError(
                f"a site adapter has {1 + EMBEDDING_SIZE} weights, this one {len(self.weights)}"
            )
        values = (*self.weights, self.intercept)
        if not all(isinstance(v, float) and math.isfinite(v) for v in values):
            raise AdapterError("a site adapter weight is not a finite number")

    @cached_property
    def _vector(self) -> np.ndarray[Any, Any]:
        return np.asarray(self.weights[1:], dtype=np.float64)

    def applies_to(self, abuse_model: str, topic_model: str) -> bool:
        return self.abuse_model == abuse_model and self.topic_model == topic_model

    def probability(self, base_probability: float, embedding: Sequence[float] | Any) -> float:
        """The probability this site's moderators would reject the comment."""
        vector = np.asarray(embedding, dtype=np.float64).ravel()
        if vector.size != EMBEDDING_SIZE:
            raise AdapterError(f"the embedding has {vector.size} values, not {EMBEDDING_SIZE}")
        if not np.isfinite(vector).all():
            raise AdapterError("the embedding has a value that is not a finite number")
        z = self.weights[0] * logit(base_probability) + float(self._vector @ vector)
        z += self.intercept
        return sigmoid(z)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "abuse_model": self.abuse_model,
            "topic_model": self.topic_model,
            "weights": list(self.weights),
            "intercept": self.intercept,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SiteAdapter:
        try:
            names = [data[key] for key in ("version", "abuse_model", "topic_model")]
            weights, intercept = data["weights"], data["intercept"]
        except (KeyError, TypeError, IndexError) as exc:
            raise AdapterError(f"a stored site adapter is incomplete: {exc}") from None
        # A null or a number where a name belongs would read as "None" or "3": an adapter that
        # silently never applies instead of failing closed. Weights must be a list, not a string
        # of digits.
        if not all(isinstance(name, str) for name in names):
            raise AdapterError("a stored site adapter names its version and models as text")
        if not isinstance(weights, (list, tuple)):
            raise AdapterError("a stored site adapter's weights are not a list")
        try:
            return cls(
                version=names[0],
                abuse_model=names[1],
                topic_model=names[2],
                weights=tuple(float(w) for w in weights),
                intercept=float(intercept),
            )
        except (TypeError, ValueError) as exc:
            if isinstance(exc, AdapterError):
                raise
            raise AdapterError(f"a stored site adapter is incomplete: {exc}") from None
