"""Pure presentation helpers (no Django): trigger spans marked safely, scores in plain words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

# Plain words for score names the models report (others are shown as "<name>").
SCORE_NAMES: dict[str, str] = {
    "abuse": "abusive language",
    "abusive": "abusive language",
    "toxicity": "toxic language",
    # The abuse model's kinds are shown times the abuse score (probabilities()): how likely the
    # comment is abusive AND of that kind. Named so, the kind "threat" is not read as the threat
    # model's own figure ("threat of violence"), which a comment held for `threat` can have at
    # 85% beside a kind at 2% (docs/moderation.md, "When a kind is named").
    "insult": "abusive and insulting",
    "threat": "abusive and threatening",
    "threat_of_violence": "threat of violence",
    "identity_hate": "abusive, attacking a group",
    "obscene": "abusive and obscene",
    "off_topic": "off-topic",
    "spam": "spam or advertising",
    "on_topic": "on-topic",
    "relevance": "relevance to the article",
}


# Scores that are counts, not probabilities: shown as numbers, never as a risk.
COUNT_NAMES: dict[str, str] = {"links": "links"}


def score_level(value: float) -> str:
    if value >= 0.8:
        return "very likely"
    if value >= 0.5:
        return "likely"
    if value >= 0.2:
        return "possible"
    return "unlikely"


# The abuse model's kinds are probabilities GIVEN that the comment is abusive.
ABUSE_KINDS = frozenset({"insult", "threat", "identity_hate", "obscene"})
# Scores of the models that read the words: noise on a comment in another language.
READING_SCORES = frozenset({"abuse", "abusive", "off_topic", "threat_of_violence", *ABUSE_KINDS})


def probabilities(
    scores: Mapping[str, Any], reasons: Iterable[str] = ()
) -> list[tuple[str, float]]:
    """(name, probability) of each score that is one: a kind times the abuse score it depends
    on (when there is one); counts (links) left out, and the reading models' scores left out
    for a comment held as `other_language` (they cannot read it)."""
    other_language = "other_language" in set(reasons)
    try:
        abuse = float(scores["abuse"]) if "abuse" in scores else None
    except (TypeError, ValueError):
        abuse = None
    found: list[tuple[str, float]] = []
    for name, raw in scores.items():
        key = str(name)
        if key in COUNT_NAMES or (other_language and key in READING_SCORES):
            continue
        try:
            value = float(raw)
        except (TypeError, ValueError):
            continue
        if key in ABUSE_KINDS and abuse is not None:
            value *= abuse
        found.append((key, value))
    return found


def describe_scores(
    scores: Mapping[str, Any], reasons: Iterable[str] = ()
) -> list[tuple[str, str, str]]:
    """[(plain name, percent as percent() writes it, plain level)], highest first
    (probabilities only): 0.9998 is "99.98%", not "100%", and 0.003 "0.3%", not "0%", as on
    the stats page."""
    found = sorted(probabilities(scores, reasons), key=lambda row: -row[1])
    return [
        (SCORE_NAMES.get(name, name.replace("_", " ")), percent(value), score_level(value))
        for name, value in found
    ]


def describe_counts(scores: Mapping[str, Any]) -> list[tuple[str, int]]:
    """[(plain name, number)] of the scores that are counts (links), when not zero."""
    rows: list[tuple[str, int]] = []
    for name, label in COUNT_NAMES.items():
        try:
            value = round(float(scores.get(name) or 0))
        except (TypeError, ValueError):
            continue
        if value:
            rows.append((label, value))
    return rows


def risk_of(scores: Mapping[str, Any], reasons: Iterable[str] = ()) -> float:
    """The highest probability a verdict carries (0 when none): how risky the comment looks."""
    best = 0.0
    for name, value in probabilities(scores, reasons):
        if name in {"on_topic", "relevance"}:
            continue  # high means good
        best = max(best, min(1.0, max(0.0, value)))
    return best


def _clean_spans(
    text_length: int, spans: Iterable[Mapping[str, Any]]
) -> list[tuple[int, int, str]]:
    cleaned: list[tuple[int, int, str]] = []
    for span in spans:
        try:
            start, end = int(span["start"]), int(span["end"])
        except (KeyError, TypeError, ValueError):
            continue
        start, end = max(0, start), min(text_length, end)
        if start < end:
            cleaned.append((start, end, str(span.get("reason", ""))))
    cleaned.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, reason in cleaned:
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            reasons = last[2] if reason in last[2].split(", ") else f"{last[2]}, {reason}"
            merged[-1] = (last[0], max(last[1], end), reasons.strip(", "))
        else:
            merged.append((start, end, reason))
    return merged


def highlight(text: str, spans: Iterable[Mapping[str, Any]]) -> str:
    """The text as HTML with each trigger span in <mark>: every piece is escaped first, and only
    the offsets decide where marks go, so user text can never inject markup."""
    pieces: list[str] = []
    position = 0
    for start, end, reason in _clean_spans(len(text), spans):
        pieces.append(escape(text[position:start]))
        title = f' title="{escape(reason)}"' if reason else ""
        pieces.append(f'<mark class="trigger"{title}>{escape(text[start:end])}</mark>')
        position = end
    pieces.append(escape(text[position:]))
    return "".join(pieces).replace("\n", "<br>")


def percent(share: float | None) -> str:
    """A share (0 to 1) as a percent for the workspace's figures: whole percents, but never
    "0%" for some or "100%" for all but a few (an audit sample of 0.5%, a precision of 199 in
    200): then as many decimals as it takes, up to three. None (nothing to divide by): "–"."""
    if share is None or share != share:  # None or nan
        return "–"
    if share <= 0:
        return "0%"
    if share >= 1:
        return "100%"
    value = share * 100
    for decimals in range(4):
        text = f"{value:.{decimals}f}"
        if 0 < float(text) < 100:
            return f"{text}%"
    return "under 0.001%" if value < 50 else "over 99.999%"


def count(value: float) -> str:
    """A count or a measure written in full with thousands separators (1,234,567; 12.5), never
    in scientific notation."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"
