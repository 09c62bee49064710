"""Every change to the moderation policy goes through here (the dashboard calls these)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from masthead.moderation.models import ModerationPolicy

THRESHOLD_FIELDS = (
    "abuse_threshold",
    "abuse_threshold_trusted",
    "off_topic_threshold",
    "spam_threshold",
)
WORD_FIELDS = ("banned_words_reject", "banned_words_hold", "suspect_words")
FLAG_FIELDS = ("premoderate_everything", "premoderate_new_readers", "premoderate_links")


def check_policy_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Validate and clean a policy change; raise ValidationError with plain messages."""
    allowed = {*THRESHOLD_FIELDS, *WORD_FIELDS, *FLAG_FIELDS, "shadow_mode", "max_links"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"Unknown policy fields: {', '.join(sorted(unknown))}.")
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        if key in THRESHOLD_FIELDS:
            if value is None or value == "":
                cleaned[key] = None
                continue
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ValidationError(f"{key} must be a number between 0 and 1.") from None
            if not 0.0 <= number <= 1.0:
                raise ValidationError(f"{key} must be between 0 and 1.")
            cleaned[key] = number
        elif key in WORD_FIELDS:
            words = value.splitlines() if isinstance(value, str) else list(value)
            cleaned[key] = "\n".join(
                dict.fromkeys(w.strip().lower() for w in words if str(w).strip())
            )
        elif key == "max_links":
            if value is None or value == "":
                cleaned[key] = None
                continue
            try:
                number_of_links = int(value)
            except (TypeError, ValueError):
                raise ValidationError("max_links must be a whole number.") from None
            if not 0 <= number_of_links <= 50:
                raise ValidationError("max_links must be between 0 and 50.")
            cleaned[key] = number_of_links
        else:
            cleaned[key] = None if value is None and key == "shadow_mode" else bool(value)
    return cleaned


@transaction.atomic
def update_policy(user: Any = None, **changes: Any) -> ModerationPolicy:
    """Change the site's moderation policy; returns the stored row."""
    cleaned = check_policy_changes(changes)
    policy = ModerationPolicy.objects.select_for_update().get_or_create(pk=1)[0]
    for key, value in cleaned.items():
        setattr(policy, key, value)
    policy.updated_by = user if getattr(user, "pk", None) else None
    policy.save()
    return policy


def set_words(kind: str, words: Iterable[str], user: Any = None) -> ModerationPolicy:
    if kind not in WORD_FIELDS:
        raise ValidationError(f"Word list must be one of {', '.join(WORD_FIELDS)}.")
    return update_policy(user, **{kind: list(words)})


def set_shadow_mode(enabled: bool | None, user: Any = None) -> ModerationPolicy:
    return update_policy(user, shadow_mode=enabled)
