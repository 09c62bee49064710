"""Stored policy + site settings -> the pure core's Policy (read per comment: cheap, one row)."""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings

from masthead.moderation.core.cli import default_policy
from masthead.moderation.core.types import Policy, PremoderationMode, Thresholds
from masthead.moderation.models import ModerationPolicy


def word_list(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(line.strip().lower() for line in text.splitlines() if line.strip()))


def site_thresholds() -> Thresholds:
    """Model defaults, overridden by MASTHEAD_MODERATION_*_THRESHOLD when set."""
    conf = settings.MASTHEAD
    base = default_policy(conf.get("MODERATION_MODEL_DIR") or None).thresholds
    overrides = {
        field: conf.get(key)
        for field, key in (
            ("abuse", "MODERATION_ABUSE_THRESHOLD"),
            ("off_topic", "MODERATION_OFF_TOPIC_THRESHOLD"),
            ("spam", "MODERATION_SPAM_THRESHOLD"),
            ("threat", "MODERATION_THREAT_THRESHOLD"),
        )
        if conf.get(key) is not None
    }
    return replace(base, **overrides)


def current_policy(stored: ModerationPolicy | None = None) -> Policy:
    stored = stored or ModerationPolicy.load()
    conf = settings.MASTHEAD
    base = site_thresholds()
    thresholds = replace(
        base,
        abuse=stored.abuse_threshold if stored.abuse_threshold is not None else base.abuse,
        abuse_trusted=stored.abuse_threshold_trusted
        if stored.abuse_threshold_trusted is not None
        else base.abuse_trusted,
        off_topic=stored.off_topic_threshold
        if stored.off_topic_threshold is not None
        else base.off_topic,
        spam=stored.spam_threshold if stored.spam_threshold is not None else base.spam,
        threat=stored.threat_threshold if stored.threat_threshold is not None else base.threat,
    )
    modes: set[PremoderationMode] = set()
    if stored.premoderate_everything:
        modes.add("everything")
    if stored.premoderate_new_readers:
        modes.add("new_readers")
    if stored.premoderate_links:
        modes.add("links")
    return Policy(
        thresholds=thresholds,
        banned_words_reject=word_list(stored.banned_words_reject),
        banned_words_hold=word_list(stored.banned_words_hold),
        suspect_words=word_list(stored.suspect_words),
        premoderation=frozenset(modes),
        max_links=stored.max_links
        if stored.max_links is not None
        else int(conf.get("COMMENT_MAX_LINKS", 2)),
        shadow=stored.shadow_mode
        if stored.shadow_mode is not None
        else bool(conf.get("MODERATION_SHADOW_MODE", False)),
        time_budget_s=float(conf.get("MODERATION_TIMEOUT_SECONDS", 2.0)),
        hold_other_languages=bool(conf.get("MODERATION_HOLD_OTHER_LANGUAGES", True)),
    )
