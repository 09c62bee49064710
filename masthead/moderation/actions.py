"""Every change to the moderation policy goes through here (the dashboard calls these), and
the storing of articles' passage vectors (the task and the gateway call it)."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from masthead.articles.models import Article
from masthead.moderation.core.classifiers.topic import article_text_hash
from masthead.moderation.core.types import ArticleText
from masthead.moderation.models import ArticleVectors, ModerationPolicy
from masthead.moderation.policy import current_policy, word_list
from masthead.moderation.signals import policy_changed

logger = logging.getLogger(__name__)
GATEWAY = "masthead.moderation.gateway.moderate_comment"

THRESHOLD_FIELDS = (
    "abuse_threshold",
    "abuse_threshold_trusted",
    "off_topic_threshold",
    "spam_threshold",
    "threat_threshold",
)
WORD_FIELDS = ("banned_words_reject", "banned_words_hold", "suspect_words")
FLAG_FIELDS = ("premoderate_everything", "premoderate_new_readers", "premoderate_links")
# What the settings page calls each field: error messages name the box the lead typed in.
FIELD_LABELS = {
    "abuse_threshold": "Abusive language",
    "abuse_threshold_trusted": "Abusive language, trusted readers",
    "off_topic_threshold": "Off-topic",
    "spam_threshold": "Spam",
    "threat_threshold": "Threat of violence",
    "max_links": "Most links allowed",
}


def posting_max_links() -> int:
    """The most links a comment may hold at all (comments refuse more when posted)."""
    from django.conf import settings

    return int(settings.MASTHEAD.get("COMMENT_MAX_LINKS", 2))


# A number as a person types it in a settings box: digits with at most one decimal point
# ("0.7", ".7", "1"), never "1e2", "nan", "inf", "0x1" or "1_0", which float() would take.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def parse_fraction(value: Any, label: str, field: str, *, example: str = "0.7") -> float | None:
    """A number from 0 to 1 typed in a settings box (or given by a script); None for empty.
    Raises ValidationError(code "bad_setting", params {"field": field}) with a plain message
    naming `label` for anything else: words, NaN, infinities, exponents, numbers outside 0..1.
    "-0" is 0.0 (never stored or shown as "-0.0")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        number = math.nan  # True is not a threshold
    elif isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        number = float(value.strip())
    else:
        number = math.nan
    if math.isnan(number) or math.isinf(number):
        raise ValidationError(
            f"{label} must be a number between 0 and 1, such as {example}.",
            "bad_setting",
            {"field": field},
        )
    if not 0.0 <= number <= 1.0:
        raise ValidationError(
            f"{label} must be between 0 and 1, not {value}.", "bad_setting", {"field": field}
        )
    return number + 0.0  # -0.0 + 0.0 is 0.0


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = str(value).strip()
    return int(text) if re.fullmatch(r"[+-]?[0-9]+", text) else None


def check_trusted_threshold(policy: ModerationPolicy) -> None:
    """The trusted readers' abuse threshold must be at least everyone's: a lower one would check
    trusted readers more strictly than the others. Compares the values in force (an empty box
    is the site default), and names both."""
    thresholds = current_policy(policy).thresholds
    if thresholds.abuse_trusted >= thresholds.abuse:
        return

    def shown(field: str, number: float) -> str:
        default = ", the site default" if getattr(policy, field) is None else ""
        return f"{number:g}{default}"

    raise ValidationError(
        f'"{FIELD_LABELS["abuse_threshold_trusted"]}" '
        f"({shown('abuse_threshold_trusted', thresholds.abuse_trusted)}) must be at least "
        f'"{FIELD_LABELS["abuse_threshold"]}" ({shown("abuse_threshold", thresholds.abuse)}): '
        "a lower one would check trusted readers more strictly than everyone else. Raise the "
        "trusted readers' threshold too, or lower the other one.",
        "bad_setting",
        {"field": "abuse_threshold_trusted"},
    )


def check_policy_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Validate and clean a policy change; raise ValidationError with plain messages."""
    allowed = {*THRESHOLD_FIELDS, *WORD_FIELDS, *FLAG_FIELDS, "shadow_mode", "max_links"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"Unknown policy fields: {', '.join(sorted(unknown))}.")
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        if key in THRESHOLD_FIELDS:
            cleaned[key] = parse_fraction(
                value,
                f'"{FIELD_LABELS[key]}"',
                key,
                example="0.7 (or empty for the site default)",
            )
        elif key in WORD_FIELDS:
            words = value.splitlines() if isinstance(value, str) else list(value)
            cleaned[key] = "\n".join(
                dict.fromkeys(w.strip().lower() for w in words if str(w).strip())
            )
        elif key == "max_links":
            if value is None or value == "":
                cleaned[key] = None
                continue
            number_of_links = _whole_number(value)
            if number_of_links is None:
                raise ValidationError(
                    f'"{FIELD_LABELS[key]}" must be a whole number such as 2 (or empty for the '
                    "site default).",
                    "bad_setting",
                    {"field": key},
                )
            if not 0 <= number_of_links <= 50:
                raise ValidationError(
                    f'"{FIELD_LABELS[key]}" must be from 0 to 50.', "bad_setting", {"field": key}
                )
            posting_limit = posting_max_links()
            if number_of_links > posting_limit:
                # Comments with more links are refused when posted: a higher number would be
                # shown as in force and never apply.
                raise ValidationError(
                    f'"{FIELD_LABELS[key]}" can be at most {posting_limit} on this site: '
                    f"comments with more links are refused when they are posted "
                    f"(MASTHEAD_COMMENT_MAX_LINKS).",
                    "bad_setting",
                    {"field": key},
                )
            cleaned[key] = number_of_links
        else:
            cleaned[key] = None if value is None and key == "shadow_mode" else bool(value)
    return cleaned


def _logged(key: str, value: Any) -> Any:
    """A stored value as the audit log shows it (word lists as lists, as the workspace does)."""
    return list(word_list(value)) if key in WORD_FIELDS else value


@transaction.atomic
def update_policy(user: Any = None, *, actor: str = "", **changes: Any) -> ModerationPolicy:
    """Change the site's moderation policy; returns the stored row.

    Every change is audited: `policy_changed` is sent with the fields that changed, before and
    after (the workspace logs it, once). `user`: the account making the change; a script or
    command without one passes `actor`, the name to record (default "system")."""
    cleaned = check_policy_changes(changes)
    policy = ModerationPolicy.objects.select_for_update().get_or_create(pk=1)[0]
    stored_before = {key: getattr(policy, key) for key in cleaned}
    pair = ("abuse_threshold", "abuse_threshold_trusted")
    pair_before = [getattr(policy, key) for key in pair]
    for key, value in cleaned.items():
        setattr(policy, key, value)
    if [getattr(policy, key) for key in pair] != pair_before:
        check_trusted_threshold(policy)
    account = user if getattr(user, "pk", None) else None
    policy.updated_by = account
    policy.save()
    changed = sorted(
        key
        for key in cleaned
        if _logged(key, stored_before[key]) != _logged(key, getattr(policy, key))
    )
    if changed:
        policy_changed.send(
            sender=ModerationPolicy,
            user=account,
            actor=account.get_username() if account is not None else (actor or "system"),
            before={key: _logged(key, stored_before[key]) for key in changed},
            after={key: _logged(key, getattr(policy, key)) for key in changed},
        )
    return policy


def set_words(
    kind: str, words: Iterable[str], user: Any = None, *, actor: str = ""
) -> ModerationPolicy:
    if kind not in WORD_FIELDS:
        raise ValidationError(f"Word list must be one of {', '.join(WORD_FIELDS)}.")
    return update_policy(user, actor=actor, **{kind: list(words)})


def set_shadow_mode(enabled: bool | None, user: Any = None, *, actor: str = "") -> ModerationPolicy:
    return update_policy(user, actor=actor, shadow_mode=enabled)


# --- articles' passage vectors ----------------------------------------------------------------


def article_text(article: Article) -> ArticleText:
    """What the on-topic model reads of an article: the fields comments send for moderation."""
    return ArticleText(article.headline, article.standfirst, article.body)


def store_article_vectors(
    article_id: int, text_hash: str, embedder: str, vectors: np.ndarray[Any, Any]
) -> ArticleVectors | None:
    """Store (or replace) an article's passage vectors made by `embedder` from the text whose
    hash is `text_hash`; None when the article is gone.

    Safe to run twice at once (the task and a process that made them at a comment): a row that
    another process inserted between our read and our write is written over, and an article
    deleted meanwhile gives None; neither raises. Its own transaction, so the article's foreign
    key (checked at commit) fails inside it."""
    matrix = np.ascontiguousarray(vectors, dtype="<f4")
    if matrix.ndim != 2 or not matrix.size:
        raise ValueError(f"article vectors must be a non-empty matrix, not {matrix.shape}")
    fields = {
        "text_hash": text_hash,
        "count": matrix.shape[0],
        "dims": matrix.shape[1],
        "vectors": matrix.tobytes(),
    }
    try:
        with transaction.atomic():
            return _upsert_article_vectors(article_id, embedder, fields)
    except IntegrityError:
        # The unique (article, embedder) row was inserted by another process first, or the
        # article was deleted: the transaction is rolled back, so look again.
        if not Article.objects.filter(pk=article_id).exists():
            return None
        logger.info("vectors of article %s were stored meanwhile; writing over them", article_id)
    with transaction.atomic():
        return _upsert_article_vectors(article_id, embedder, fields)


def _upsert_article_vectors(
    article_id: int, embedder: str, fields: dict[str, Any]
) -> ArticleVectors | None:
    if not Article.objects.filter(pk=article_id).exists():
        return None
    row, _ = ArticleVectors.objects.update_or_create(
        article_id=article_id, embedder=embedder, defaults=fields
    )
    return row


def article_changed(article_id: int, became_live: bool, **_: object) -> None:
    """Receiver of `masthead.articles.signals.article_changed` (sent on commit): an article that
    takes comments, or soon will, gets its passage vectors made in the background unless vectors
    of its current text are stored already. Only when comments are moderated here (the gateway
    is the configured moderator): another moderator would never read them."""
    from django.conf import settings

    if settings.MASTHEAD.get("COMMENT_MODERATOR") != GATEWAY:
        return
    article = Article.objects.filter(pk=article_id).first()
    if (
        article is None
        or article.status == Article.Status.DRAFT
        or article.comments_mode == Article.CommentsMode.CLOSED
    ):
        return
    text_hash = article_text_hash(article_text(article))
    if ArticleVectors.objects.filter(article_id=article_id, text_hash=text_hash).exists():
        return  # e.g. a tag or a correction changed: the passages did not
    from masthead.moderation.tasks import embed_article

    try:
        embed_article.enqueue(article_id)
    except Exception:  # a queue that is down must not break the editor's save
        logger.exception("could not queue the passage vectors of article %s", article_id)
