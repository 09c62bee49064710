"""The values moderation trades in: what is submitted, the site's policy, and the verdict.

All frozen dataclasses; nothing here reads settings or touches a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Decision = Literal["publish", "hold", "reject"]
PremoderationMode = Literal["everything", "new_readers", "links"]

# Every reason code a verdict can carry, with the plain words shown to a comment's author.
REASONS: dict[str, str] = {
    "abusive": "Our automatic check read it as possibly abusive.",
    "insult": "It may contain a personal insult.",
    "threat": "It may read as a threat.",
    "identity_hate": "It may attack people for who they are.",
    "obscene": "It may contain obscene language.",
    "off_topic": "It does not seem to be about the article or the comment it answers.",
    "spam": "It looks like advertising or spam.",
    "too_many_links": "It contains more links than we allow.",
    "too_long": "It is longer than our automatic checks can read, so a moderator will read it.",
    "repeated": "The same comment was posted before.",
    "banned_word": "It contains a word this site does not allow.",
    "suspect_word": "It contains a word a moderator checks first.",
    "pre_moderation": "Comments here are checked by a moderator before they appear.",
    "first_comment": "First comments from new readers are checked by a moderator.",
    "has_links": "Comments with links are checked by a moderator.",
    "empty": "The comment is empty.",
    "other_language": (
        "Our automatic checks read English (and Urdu or Hindi in Latin letters) and this seems "
        "to be in another language, so a moderator will read it."
    ),
    "author_history": "Several of your earlier comments were not published.",
    "classifier_unavailable": "Our automatic checks could not run, so a moderator will look at it.",
}


# The reason codes each model score gives when it reaches its threshold (the abuse phase adds a
# kind when both the abuse score and the kind's head reach 0.5: phases/abuse.py). Any other code
# comes from a rule.
SCORE_REASONS: dict[str, frozenset[str]] = {
    "abuse": frozenset({"abusive", "insult", "threat", "identity_hate", "obscene"}),
    "threat_of_violence": frozenset({"threat"}),
    "off_topic": frozenset({"off_topic"}),
    "spam": frozenset({"spam"}),
}


def well_formed(text: str) -> str:
    """The text with any lone surrogate (which JSON can carry, as \\ud800) made U+FFFD.

    Such a string has no UTF-8 form: the tokenizer refuses it, the hash library crashes on it.
    """
    if text.isascii():
        return text
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


# The direction overrides turn letters around on the page, so text read in stored order is not
# what readers see: an insult behind U+202E typed backwards. The site drops them before a comment
# is stored (comments.text.normalise, since 2026-11-30); the core drops them from what it is
# given too, so `masthead moderate-file` and any other caller get the verdict the site gives.
# Marks and isolates, which right-to-left writing needs, stay.
_OVERRIDES = str.maketrans({"\u202d": None, "\u202e": None})


def comment_text(text: str) -> str:
    """A comment's text as moderation reads it: `well_formed`, without direction overrides."""
    if text.isascii():
        return text
    return well_formed(text).translate(_OVERRIDES)


@dataclass(frozen=True)
class ArticleText:
    headline: str
    standfirst: str = ""
    body: str = ""

    def __post_init__(self) -> None:
        for name in ("headline", "standfirst", "body"):
            object.__setattr__(self, name, well_formed(getattr(self, name)))


@dataclass(frozen=True)
class AuthorHistory:
    published: int = 0
    rejected: int = 0
    trusted: bool = False
    # How many times this author already posted exactly this text (the caller counts).
    identical_recent: int = 0


@dataclass(frozen=True)
class Submission:
    text: str
    article: ArticleText
    parent_text: str | None = None
    author: AuthorHistory = field(default_factory=AuthorHistory)
    # "premoderated" on an article that a moderator must see everything for.
    article_premoderated: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", comment_text(self.text))
        if self.parent_text is not None:
            object.__setattr__(self, "parent_text", comment_text(self.parent_text))


@dataclass(frozen=True)
class Thresholds:
    """Scores at or above these hold a comment. Set per site."""

    abuse: float = 0.5
    off_topic: float = 0.8
    spam: float = 0.7
    # Trusted readers get more room before the abuse model holds them.
    abuse_trusted: float = 0.8
    # The threat model (a threat, wish or incitement of violence): the same for every reader.
    threat: float = 0.7


@dataclass(frozen=True)
class Policy:
    thresholds: Thresholds = field(default_factory=Thresholds)
    banned_words_reject: tuple[str, ...] = ()
    banned_words_hold: tuple[str, ...] = ()
    suspect_words: tuple[str, ...] = ()
    premoderation: frozenset[PremoderationMode] = frozenset()
    max_links: int = 2
    # Recorded but not enforced: the enforced decision becomes "publish" except for hard rules.
    shadow: bool = False
    # Hold comments clearly in a language the models were not trained on (core/language.py).
    hold_other_languages: bool = True
    # Comments from readers with fewer published comments than this count as "new readers".
    new_reader_published_below: int = 1
    # Seconds the whole pipeline may take before the comment is held (fail closed).
    time_budget_s: float = 2.0


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class PhaseResult:
    """What one phase found. `decision` None means: no opinion, carry on."""

    decision: Decision | None = None
    reasons: tuple[str, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()
    spans: tuple[Span, ...] = ()
    # Stop the pipeline here (a hard rule decided, or nothing more can change the outcome).
    final: bool = False
    # A hard rule is enforced even in shadow mode (banned words, fail closed).
    hard: bool = False


@dataclass(frozen=True)
class Verdict:
    decision: Decision
    reasons: tuple[str, ...]
    scores: dict[str, float]
    model_versions: dict[str, str]
    spans: tuple[Span, ...] = ()
    shadow: bool = False
    # In shadow mode: what the pipeline would have done; `decision` is what is enforced.
    shadow_decision: Decision | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    # The reasons behind `decision`, the one enforced: `reasons` outside shadow mode; in shadow
    # mode only those of hard rules (pre-moderation, a banned word to reject, fail closed), the
    # others being recorded for moderators, not applied. None: the same as `reasons`.
    enforced_reasons: tuple[str, ...] | None = None

    @property
    def enforced(self) -> tuple[str, ...]:
        """Why `decision` was taken (empty when published)."""
        if self.decision == "publish":
            return ()
        return self.reasons if self.enforced_reasons is None else self.enforced_reasons

    @property
    def explanation(self) -> str:
        """Plain words for the author: why the comment waits or was not published, the reasons
        only (empty when published); whoever tells the author says the outcome. In shadow mode
        these are the hard rules' reasons (docs/decisions/0003): the others were recorded for
        moderators, not applied."""
        if self.decision == "publish":
            return ""
        words = [REASONS[r] for r in self.enforced if r in REASONS]
        return " ".join(dict.fromkeys(words)) or "A moderator will look at it first."
