"""Every state change of a comment, a reader or the comment policy: one function each.

Readers' actions (`post_comment`, `edit_comment`, `delete_comment`, `report_comment`,
`like_comment`) and moderators' (`approve_comment`, `reject_comment`, `hold_comment`,
`feature_comment`, `edit_and_approve_comment`, `set_reader_trusted`, `suspend_reader`,
`ban_reader`, `set_article_comments_mode`) share the helpers below, so a
comment published by the automatic checks and one approved by hand both count as a reply and
notify the parent's author exactly once, after the transaction commits. Operators' are here too
(`rerender_comments`, after an upgrade that changed how comments are rendered).

`check_*` functions validate and raise `errors.CommentError`; the rest assume valid input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from masthead.articles.models import Article
from masthead.comments import blocklist, names, ports
from masthead.comments import text as comment_text
from masthead.comments.errors import (
    Conflict,
    InvalidComment,
    LoginRequired,
    NotAllowed,
    NotFound,
    RateLimited,
)
from masthead.comments.models import (
    MODEL_VERSION_LENGTH,
    BlockedAddress,
    Comment,
    CommentLike,
    CommentReport,
    CommentRevision,
    CommentsSettings,
    ReaderProfile,
)
from masthead.comments.signals import (
    address_block_lifted,
    comment_decided,
    comment_erased,
    faq_changed,
    verdict_stored,
)
from masthead.core import pagecache, ratelimit, times

logger = logging.getLogger(__name__)
User = get_user_model()
AnyUser = AbstractBaseUser | AnonymousUser | None

# The same reason code the moderation core gives for pre-moderation.
PREMODERATION_REASON = "pre_moderation"
PREMODERATION_EXPLANATION = (
    "Comments here are read by a moderator before they appear. Yours will be published "
    "once a moderator has checked it."
)
# A guest comment given an address a moderator banned (`is_address_blocked`) is held for a
# moderator, never published by the checks. The author is told only what any held comment
# says: whoever typed the address learns nothing about whose it is or why.
BLOCKED_ADDRESS_REASON = "blocked_address"
BLOCKED_ADDRESS_EXPLANATION = "A moderator will read your comment before it can appear."


# Limits a site's settings may leave out ("COUNT/SECONDS" per reader).
CONF_DEFAULTS: dict[str, Any] = {
    "REPORT_RATE_PER_READER": "10/600",
    "LIKE_RATE_PER_READER": "30/60",
    # Log-in attempts on one account from every address together: above the per-(account,
    # address) LOGIN_RATE_PER_ACCOUNT (10/900), so a stranger failing on purpose from one or a
    # few addresses does not lock the owner out, while guessing from many stays limited.
    # Set by MASTHEAD_LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES.
    "LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES": "50/900",
    # Sign-up e-mails to one address (known or not), so sign-up cannot flood an inbox.
    # Set by MASTHEAD_SIGNUP_RATE_PER_EMAIL.
    "SIGNUP_RATE_PER_EMAIL": "3/3600",
}


def conf(key: str) -> Any:
    if key in settings.MASTHEAD or key not in CONF_DEFAULTS:
        return settings.MASTHEAD[key]
    return CONF_DEFAULTS[key]


# --- checks --------------------------------------------------------------------------------


def comments_closed_reason(article: Article, now: dt.datetime | None = None) -> str | None:
    """Why readers cannot comment on `article` now, or None when they can."""
    now = now or timezone.now()
    if not article.is_live:
        return "This article is not published."
    if article.comments_mode == Article.CommentsMode.CLOSED:
        return "Comments are closed on this article."
    days = CommentsSettings.load().effective_close_after_days
    if days > 0 and article.published_at and now >= article.published_at + dt.timedelta(days=days):
        return f"Comments close {days} days after an article is published, and these are closed."
    return None


def check_comments_open(article: Article) -> None:
    reason = comments_closed_reason(article)
    if reason:
        raise NotAllowed(reason, code="comments_closed")


def too_many_links_message(links: int, max_links: int) -> str:
    """The form's words for a comment over the link limit, in readable English for any
    numbers ("1 link", "at most 1 is allowed", no links at all)."""
    has = f"Your comment has {links} link{'' if links == 1 else 's'}"
    if max_links <= 0:
        return f"{has}; links are not allowed here. Please remove {'it' if links == 1 else 'them'}."
    allowed = "1 is" if max_links == 1 else f"{max_links} are"
    extra = links - max_links
    remove = "one" if extra == 1 else str(extra)
    return f"{has}; at most {allowed} allowed. Please remove {remove}."


def check_text(raw: str, doing: str = "posting") -> str:
    """Normalise a comment's text and enforce length and link limits. `doing` names what the
    reader is about to do, for the empty text's message: posting, or saving an edit."""
    cleaned = comment_text.normalise(raw or "")
    if not comment_text.has_visible_text(cleaned):
        raise InvalidComment(f"Please write something before {doing}.", "empty", field="text")
    max_length = int(conf("COMMENT_MAX_LENGTH"))
    if len(cleaned) > max_length:
        raise InvalidComment(
            f"Your comment is {len(cleaned)} characters long; the limit is {max_length}. "
            "Please shorten it.",
            "too_long",
            field="text",
        )
    max_links = int(conf("COMMENT_MAX_LINKS"))
    links = comment_text.count_links(cleaned)
    if links > max_links:
        raise InvalidComment(
            too_many_links_message(links, max_links),
            "too_many_links",
            field="text",
        )
    return cleaned


def check_honeypot(value: str) -> None:
    # People never see the field; software filling in every box does.
    if value:
        raise InvalidComment(
            "Your comment could not be posted: a field meant to stay empty was filled in. "
            "If you use a form-filling tool, please turn it off for this page.",
            "honeypot",
        )


def check_rate(user: AnyUser, guest_email: str, ip_address: str | None) -> None:
    keys: list[tuple[str, str]] = []
    if user is not None and user.is_authenticated:
        keys.append((f"comment:user:{user.pk}", conf("COMMENT_RATE_PER_READER")))
    elif guest_email:
        keys.append((f"comment:guest:{guest_email.lower()}", conf("COMMENT_RATE_PER_READER")))
    if ip_address:
        keys.append(
            (f"comment:ip:{ratelimit.address_key(ip_address)}", conf("COMMENT_RATE_PER_IP"))
        )
    for key, rate in keys:
        decision = ratelimit.hit(key, rate)
        if not decision.allowed:
            raise RateLimited(decision.retry_after)


def check_report_rate(user: AbstractBaseUser) -> None:
    # A reader reporting comment after comment buries the moderators' queue in reports.
    decision = ratelimit.hit(f"report:user:{user.pk}", conf("REPORT_RATE_PER_READER"))
    if not decision.allowed:
        raise RateLimited(decision.retry_after, "reporting comments", "your note is kept")


def check_like_rate(user: AbstractBaseUser) -> None:
    # Every like or unlike makes the article's cached page stale: clicking away at the
    # button would keep the page out of the cache for everyone. Likes and unlikes count together.
    decision = ratelimit.hit(f"like:user:{user.pk}", conf("LIKE_RATE_PER_READER"))
    if not decision.allowed:
        raise RateLimited(decision.retry_after, "recommending comments", "")


def _check_rates(keys: list[tuple[str, str]], doing: str) -> None:
    for key, rate in keys:
        decision = ratelimit.hit(key, rate)
        if not decision.allowed:
            raise RateLimited(decision.retry_after, doing, "")


def _hashed(value: str) -> str:
    """A cache key part for something a visitor typed (any length, any characters)."""
    return hashlib.sha256(value.strip().casefold().encode()).hexdigest()[:32]


def check_login_rate(username: str, ip_address: str | None) -> None:
    """Password guessing: every attempt counts, right or wrong, and is checked before the
    password is, so past the limit a guesser cannot tell a right password from a wrong one.

    Counted per address (LOGIN_RATE_PER_IP), per account and address (LOGIN_RATE_PER_ACCOUNT)
    and per account from all addresses together (LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES, higher).
    A stranger who fails on purpose with a reader's address from their own address uses up
    only their own share, not the owner's. In that order, and an attempt refused by one limit
    is not counted by the next: one address adds at most LOGIN_RATE_PER_ACCOUNT attempts to an
    account's total, so locking the owner out takes several addresses.

    An address the account has logged in from before, or confirmed its sign-up or set a new
    password from (`remember_login_address`), is left out of the account-wide limit, neither
    refused by it nor counted towards it: strangers failing from many addresses cannot keep the
    owner out there. The per-address and per-(account, address)
    limits still hold for it, so guessing from that address stays capped."""
    account = _hashed(username)
    keys = []
    if ip_address:
        keys.append((f"login:ip:{ratelimit.address_key(ip_address)}", conf("LOGIN_RATE_PER_IP")))
    keys.append(
        (
            f"login:account:{account}:ip:{ratelimit.address_key(ip_address or 'unknown')}",
            conf("LOGIN_RATE_PER_ACCOUNT"),
        )
    )
    if not is_known_login_address(username, ip_address):
        keys.append((f"login:account:{account}", conf("LOGIN_RATE_PER_ACCOUNT_ALL_ADDRESSES")))
    _check_rates(keys, "trying to log in")


# How long an address an account logged in from stays exempt from the account-wide log-in
# limit after its latest successful log-in from there.
KNOWN_LOGIN_ADDRESS_SECONDS = 30 * 86400


def _known_login_address_key(username: str, ip_address: str) -> str:
    # One hash of account and address together: the cache holds no address in the clear and
    # no way to list an account's addresses.
    return "login:known:" + _hashed(f"{username.strip().casefold()}\n{ip_address}")


def is_known_login_address(username: str, ip_address: str | None) -> bool:
    """Whether the account has logged in successfully from this address in the last 30 days.
    No address (none could be read) is never known."""
    if not ip_address:
        return False
    from django.core.cache import cache

    return bool(cache.get(_known_login_address_key(username, ip_address)))


def remember_login_address(username: str, ip_address: str | None) -> None:
    """After a successful log-in (with the password, or by confirming a sign-up or setting a
    new password from a reset link, which prove the account holder's mailbox): remember the address for the account for 30 days (renewed at
    each log-in), in the cache the rate limits use (Redis in production). Losing the cache only
    puts the address back under the account-wide limit until the next log-in from it."""
    if not ip_address:
        return
    from django.core.cache import cache

    cache.set(
        _known_login_address_key(username, ip_address), 1, timeout=KNOWN_LOGIN_ADDRESS_SECONDS
    )


def check_password_reset_rate(email: str, ip_address: str | None) -> None:
    """Reset e-mails to one address (flooding someone's inbox), and requests from one network
    address. Unknown addresses count alike, so the answer says nothing about who has an account."""
    keys = [(f"reset:email:{_hashed(email)}", conf("PASSWORD_RESET_RATE_PER_EMAIL"))]
    if ip_address:
        keys.append((f"reset:ip:{ratelimit.address_key(ip_address)}", conf("ACCOUNT_RATE_PER_IP")))
    _check_rates(keys, "asking for password resets")


def check_signup_rate(ip_address: str | None) -> None:
    """Accounts made by a script, and sign-up used to test which addresses have accounts."""
    if ip_address:
        _check_rates(
            [(f"signup:ip:{ratelimit.address_key(ip_address)}", conf("ACCOUNT_RATE_PER_IP"))],
            "signing up",
        )


def staff_names() -> list[str]:
    """Every name a staff member goes by: user name, full name and display name."""
    result: list[str] = []
    for username, first, last in User.objects.filter(is_staff=True).values_list(
        "username", "first_name", "last_name"
    ):
        result.append(username)
        if first or last:
            result.append(f"{first} {last}".strip())
    result += ReaderProfile.objects.filter(user__is_staff=True).values_list(
        "display_name", flat=True
    )
    return result


def check_display_name(
    name: str,
    *,
    exclude_user: AnyUser = None,
    field: str = "display_name",
    guest_email: str | None = None,
) -> str:
    """A usable, unique name. Guests keep theirs by e-mail address; accounts own theirs."""
    cleaned = names.clean_display_name(name or "")
    problem = names.check_display_name(cleaned, staff_names(), settings.SITE_NAME)
    if problem:
        raise InvalidComment(problem, "bad_display_name", field=field)
    taken = ReaderProfile.objects.filter(display_name__iexact=cleaned)
    if exclude_user is not None and exclude_user.is_authenticated:
        taken = taken.exclude(user=exclude_user)
    guests = Comment.objects.filter(author__isnull=True, guest_name__iexact=cleaned)
    if guest_email is not None:
        guests = guests.exclude(guest_email__iexact=guest_email.strip())
    if taken.exists() or guests.exists():
        raise InvalidComment(
            "Someone already uses that display name; please choose another.",
            "display_name_taken",
            field=field,
        )
    # A name that reads like a reader's on the page (`AIice Walker`, `A1ice Walker`, Cyrillic
    # `А`) would pass for them: refused to guests and to other accounts alike.
    key = names.name_key(cleaned)
    if key:
        alike = ReaderProfile.objects.filter(name_key=key)
        if exclude_user is not None and exclude_user.is_authenticated:
            alike = alike.exclude(user=exclude_user)
        if alike.exists():
            raise InvalidComment(
                "That name looks too much like another reader's; please choose another.",
                "display_name_taken",
                field=field,
            )
    return cleaned


def reader_profile(user: AbstractBaseUser) -> ReaderProfile:
    """The user's profile, created on first need (staff created in the admin have none)."""
    profile = ReaderProfile.objects.filter(user=user).first()
    if profile:
        return profile
    base = user.get_username()[:40] or f"reader{user.pk}"
    candidate, n = base, 1
    while ReaderProfile.objects.filter(display_name__iexact=candidate).exists():
        n += 1
        candidate = f"{base[:36]} {n}"
    profile, _ = ReaderProfile.objects.get_or_create(
        user=user, defaults={"display_name": candidate}
    )
    return profile


def _standing(profile: ReaderProfile, doing: str = "post comments") -> NotAllowed | None:
    if profile.banned:
        return NotAllowed(f"Your account may no longer {doing}.", "banned")
    if profile.is_suspended:
        until = times.label(profile.suspended_until)
        return NotAllowed(f"Your account may not {doing} until {until}.", "suspended")
    return None


def standing_refusal(user: AnyUser, doing: str = "post comments") -> NotAllowed | None:
    """Why this reader may not do `doing` now (banned, suspended), or None (a visitor, or a
    reader in good standing; an account with no profile yet has never been suspended)."""
    if user is None or not user.is_authenticated:
        return None
    profile = ReaderProfile.objects.filter(user_id=user.pk).first()
    return _standing(profile, doing) if profile is not None else None


def check_standing(user: AnyUser, doing: str) -> None:
    """A banned or suspended reader takes no part in the discussion: besides posting and
    editing, no recommending (a public vote on what others read first) and no reporting (the
    moderators' queue, where a banned reader could take revenge on those who reported them).
    Taking back a recommendation, deleting one's own comments, downloading one's data and
    deleting the account stay open: they only withdraw (docs/comments.md, "Suspended or
    banned")."""
    refusal = standing_refusal(user, doing)
    if refusal is not None:
        raise refusal


def account_refusal(user: AnyUser) -> str | None:
    """What a banned or suspended reader is told where the comment form would be, or None;
    reads only, so the article page can say it instead of offering forms and buttons that can
    only fail."""
    refusal = standing_refusal(user)
    if refusal is None:
        return None
    if refusal.code == "banned":
        return f"{refusal.message} You cannot recommend or report comments either."
    return f"{refusal.message} Until then you cannot recommend or report comments either."


def check_author(user: AnyUser, guest_name: str, guest_email: str) -> tuple[str, str]:
    """Who may post: a reader in good standing, or a guest where the site allows guests."""
    if user is not None and user.is_authenticated:
        refusal = _standing(reader_profile(user))  # type: ignore[arg-type]
        if refusal is not None:
            raise refusal
        return "", ""
    if not conf("ALLOW_GUEST_COMMENTS"):
        raise LoginRequired("Please log in or create a free account to comment.")
    email = (guest_email or "").strip()
    name = check_display_name(guest_name, field="guest_name", guest_email=email)
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidComment(
            "Please give an e-mail address we can reach you at (it is never shown).",
            "bad_email",
            field="guest_email",
        ) from None
    return name, email


def moderator_check(user: AnyUser) -> None:
    if user is None or not user.is_authenticated or not user.has_perm("comments.moderate_comment"):
        raise NotAllowed("Only moderators can do that.")


# --- helpers that change counters and send notifications ------------------------------------


def _ancestors(comment: Comment) -> list[int]:
    ids: list[int] = []
    current = comment.display_parent_id
    seen: set[int] = set()
    while current is not None and current not in seen:
        ids.append(current)
        seen.add(current)
        current = (
            Comment.objects.filter(pk=current).values_list("display_parent_id", flat=True).first()
        )
    return ids


def _set_status(comment: Comment, status: str) -> None:
    """Move a comment to `status`, keeping reply counts right and notifying on first publish."""
    previous = Comment.objects.filter(pk=comment.pk).values_list("status", flat=True).first()
    was_published = previous == Comment.Status.PUBLISHED
    now_published = status == Comment.Status.PUBLISHED
    comment.status = status
    if now_published and comment.published_at is None:
        comment.published_at = timezone.now()
    comment.save()
    if was_published != now_published:
        delta = 1 if now_published else -1
        ancestors = _ancestors(comment)
        if ancestors:
            Comment.objects.filter(pk__in=ancestors).update(reply_count=F("reply_count") + delta)
    if now_published:
        _notify_parent_author(comment)


def _notify_parent_author(comment: Comment) -> None:
    parent = comment.parent
    if parent is None or parent.author_id is None or parent.author_id == comment.author_id:
        return
    profile = ReaderProfile.objects.filter(user_id=parent.author_id).first()
    if profile is None or not profile.notify_replies or not parent.author.email:
        return
    # Claim the notification inside this transaction so it goes out once, however often the
    # reply is re-published.
    claimed = Comment.objects.filter(pk=comment.pk, reply_notified_at__isnull=True).update(
        reply_notified_at=timezone.now()
    )
    if not claimed:
        return
    from masthead.comments.tasks import send_reply_notification

    comment_id = comment.pk

    def enqueue() -> None:
        try:
            send_reply_notification.enqueue(comment_id)
        except Exception:  # the queue (Redis) is down: the reply is posted all the same
            logger.exception("could not queue the reply notification of comment %s", comment_id)
            # Unclaimed, so the notification goes out if the reply is published again.
            Comment.objects.filter(pk=comment_id).update(reply_notified_at=None)

    transaction.on_commit(enqueue)


def _store_outcome(comment: Comment, outcome: ports.ModerationOutcome) -> None:
    comment.decision = outcome.decision
    comment.reasons = list(outcome.reasons)
    comment.scores = {str(k): float(v) for k, v in dict(outcome.scores).items()}
    comment.model_version = outcome.model_version[:MODEL_VERSION_LENGTH]
    comment.shadow_decision = outcome.shadow_decision or ""
    enforced = outcome.enforced_reasons
    if enforced is None:  # a moderator that does not say enforces what it gives
        enforced = outcome.reasons if outcome.decision != "publish" else ()
    comment.enforced_reasons = list(enforced)
    comment.explanation = outcome.explanation
    comment.spans = [{"start": s.start, "end": s.end, "reason": s.reason} for s in outcome.spans]
    comment.moderated_at = timezone.now()


def _premoderated(article: Article) -> bool:
    """An article set to pre-moderated holds every comment whatever moderator is configured.
    The site-wide modes (everything, new readers, links) belong to the moderation policy."""
    return article.comments_mode == Article.CommentsMode.PREMODERATED


def _ask_moderation(comment: Comment, *, is_edit: bool) -> ports.ModerationOutcome:
    article = comment.article
    author = comment.author
    published = rejected = 0
    trusted = False
    if author is not None:
        history = (
            Comment.objects.filter(author=author)
            .exclude(pk=comment.pk)
            .aggregate(
                published=Count("pk", filter=Q(status=Comment.Status.PUBLISHED)),
                rejected=Count("pk", filter=Q(status=Comment.Status.REJECTED)),
            )
        )
        published, rejected = history["published"], history["rejected"]
        profile = ReaderProfile.objects.filter(user=author).first()
        trusted = bool(profile and profile.trusted)
    outcome = ports.moderate(
        ports.CommentForModeration(
            comment_id=comment.pk,
            text=comment.text,
            article_id=article.pk,
            article_headline=article.headline,
            article_standfirst=article.standfirst,
            article_body=article.body,
            article_comments_mode=article.comments_mode,
            parent_text=comment.parent.text if comment.parent_id else None,
            author_id=comment.author_id,
            author_display_name=comment.author_name,
            author_published_count=published,
            author_rejected_count=rejected,
            author_trusted=trusted,
            author_is_guest=comment.author_id is None,
            is_edit=is_edit,
            ip_address=comment.ip_address,
        )
    )
    if outcome.decision == "publish" and _premoderated(article):
        outcome = replace(
            outcome,
            decision="hold",
            reasons=(*outcome.reasons, PREMODERATION_REASON),
            enforced_reasons=(PREMODERATION_REASON,),
            explanation=PREMODERATION_EXPLANATION,
        )
    if (
        outcome.decision != "reject"
        and comment.author_id is None
        and comment.guest_email
        and is_address_blocked(comment.guest_email)
    ):
        enforced = outcome.enforced_reasons
        if enforced is None:
            enforced = outcome.reasons if outcome.decision != "publish" else ()
        outcome = replace(
            outcome,
            decision="hold",
            reasons=(*outcome.reasons, BLOCKED_ADDRESS_REASON),
            enforced_reasons=(*enforced, BLOCKED_ADDRESS_REASON),
            explanation=outcome.explanation
            if outcome.decision == "hold"
            else BLOCKED_ADDRESS_EXPLANATION,
        )
    return outcome


_STATUS_FOR = {
    "publish": Comment.Status.PUBLISHED,
    "hold": Comment.Status.HELD,
    "reject": Comment.Status.REJECTED,
}


@transaction.atomic
def apply_verdict(
    comment_id: int, outcome: ports.ModerationOutcome, *, text: str | None = None
) -> Comment:
    """Store a verdict and act on it (publish, hold or reject). `text`: the words the verdict
    was computed for; if the comment holds other words by now (its author's edit landed while
    they were checked), the verdict is dropped and the comment stays pending: the edit's own
    check, which follows its save, decides the new words."""
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article", "parent")
        .get(pk=comment_id)
    )
    if comment.status != Comment.Status.PENDING:
        # Someone (a moderator, a deletion) decided while the checks ran; theirs stands.
        return comment
    if text is not None and comment.text != text:
        return comment
    _store_outcome(comment, outcome)
    _set_status(comment, _STATUS_FOR.get(outcome.decision, Comment.Status.HELD))
    # For the moderators' workspace (audit log, audit sample); comments does not import it.
    verdict_stored.send(
        sender=Comment, comment=comment, outcome=outcome, previous_status=Comment.Status.PENDING
    )
    return comment


def _moderate_now(comment: Comment, *, is_edit: bool) -> Comment:
    outcome = _ask_moderation(comment, is_edit=is_edit)
    return apply_verdict(comment.pk, outcome, text=comment.text)


# --- readers' actions ----------------------------------------------------------------------


@dataclass(frozen=True)
class Posting:
    """Everything a reader submits with a comment, as the form or the API received it."""

    text: str
    parent_id: int | None = None
    guest_name: str = ""
    guest_email: str = ""
    honeypot: str = ""
    ip_address: str | None = None
    # The client's key for this submission (form field or Idempotency-Key header), if any.
    idempotency_key: str = ""


def check_parent(article: Article, parent_id: int | None) -> Comment | None:
    if parent_id is None:
        return None
    parent = (
        Comment.objects.filter(pk=parent_id, article=article, status=Comment.Status.PUBLISHED)
        .select_related("author__reader")
        .first()
    )
    if parent is None:
        raise NotFound("The comment you are replying to is not available.", field="parent_id")
    return parent


# --- idempotent posting ----------------------------------------------------------------------


def check_idempotency_key(author: AnyUser, posting: Posting) -> str | None:
    """The stored form of the client's key, scoped to who posts; None when there is no key."""
    key = posting.idempotency_key.strip()
    if not key:
        return None
    if len(key) > 100 or not key.isascii() or not key.isprintable():
        raise InvalidComment(
            "The idempotency key must be 1 to 100 printable ASCII characters.",
            field="idempotency_key",
        )
    if author is not None and author.is_authenticated:
        who = f"user:{author.pk}"
    elif posting.guest_email.strip():
        who = f"guest:{posting.guest_email.strip().lower()}"
    else:
        who = f"address:{posting.ip_address or ''}"
    return hashlib.sha256(f"{who}\n{key}".encode()).hexdigest()


def _replayed(stored_key: str, article: Article, posting: Posting) -> Comment | None:
    """The comment an earlier try with this key made, if any (finishing its moderation if that
    try died before the verdict)."""
    comment = Comment.objects.filter(idempotency_key=stored_key).select_related("article").first()
    if comment is None:
        return None
    if comment.article_id != article.pk or (
        comment.edited_at is None and comment.text != comment_text.normalise(posting.text or "")
    ):
        raise Conflict(
            "This submission key was already used for a different comment. Reload the page "
            "and post again.",
            code="idempotency_key_reused",
            field="idempotency_key",
        )
    if comment.status == Comment.Status.PENDING:
        return _moderate_now(comment, is_edit=False)
    return comment


@transaction.atomic
def _create_pending(
    article: Article,
    author: AnyUser,
    posting: Posting,
    parent: Comment | None,
    text: str,
    guest: tuple[str, str],
    stored_key: str | None = None,
) -> Comment:
    max_depth = int(conf("COMMENT_MAX_DEPTH"))
    comment = Comment(
        article=article,
        author=author if author is not None and author.is_authenticated else None,
        guest_name=guest[0],
        guest_email=guest[1],
        text=text,
        html=comment_text.render(text),
        status=Comment.Status.PENDING,
        ip_address=posting.ip_address,
        idempotency_key=stored_key,
    )
    if parent is not None:
        comment.parent = parent
        comment.root_id = parent.root_id or parent.pk
        if parent.depth < max_depth:
            comment.display_parent = parent
            comment.depth = parent.depth + 1
        else:
            # Past the cap the thread stops indenting: the reply sits beside its parent and
            # still says whom it answers.
            comment.display_parent_id = parent.display_parent_id
            comment.depth = parent.depth
    comment.save()
    return comment


def post_comment(article: Article, author: AnyUser, posting: Posting) -> Comment:
    """Post a comment or reply; it is checked at once and published, held or rejected.

    With an idempotency key, a retry returns the comment the first try made, never a second.
    """
    check_honeypot(posting.honeypot)
    stored_key = check_idempotency_key(author, posting)
    if stored_key is not None and (earlier := _replayed(stored_key, article, posting)):
        return earlier
    guest = check_author(author, posting.guest_name, posting.guest_email)
    check_comments_open(article)
    text = check_text(posting.text)
    parent = check_parent(article, posting.parent_id)
    check_rate(author, guest[1], posting.ip_address)
    try:
        comment = _create_pending(article, author, posting, parent, text, guest, stored_key)
    except IntegrityError:
        # Two tries with one key at the same moment: the other one's insert won.
        earlier = _replayed(stored_key, article, posting) if stored_key else None
        if earlier is None:
            raise
        return earlier
    return _moderate_now(comment, is_edit=False)


def check_own(comment: Comment, user: AnyUser) -> None:
    if user is None or not user.is_authenticated:
        raise LoginRequired("Please log in first.")
    if comment.author_id != user.pk:
        raise NotAllowed("You can only change your own comments.")


def edit_deadline(comment: Comment) -> dt.datetime:
    return comment.created_at + dt.timedelta(minutes=int(conf("COMMENT_EDIT_WINDOW_MINUTES")))


def can_edit(comment: Comment, user: AnyUser) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and comment.author_id == user.pk
        and comment.status
        in {Comment.Status.PUBLISHED, Comment.Status.HELD, Comment.Status.PENDING}
        and timezone.now() < edit_deadline(comment)
        and _author_standing(comment) is None
    )


def _author_standing(comment: Comment) -> NotAllowed | None:
    """`_standing` of the comment's author, from the profile the thread's query already loaded
    (`select_related("author__reader")`): no query per comment on the article page."""
    try:
        profile = comment.author.reader
    except ReaderProfile.DoesNotExist:
        return None
    return _standing(profile)


@transaction.atomic
def _revise(comment: Comment, text: str, editor: AnyUser, note: str = "") -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    CommentRevision.objects.create(
        comment=comment,
        text=comment.text,
        edited_by=editor if editor is not None and editor.is_authenticated else None,
        note=note,
    )
    comment.text = text
    comment.html = comment_text.render(text)
    # The spans mark characters of the old text; the new text's verdict brings its own. Until
    # then (or for good, if a moderator decides while it is checked) nothing is marked.
    comment.spans = []
    comment.edited_at = timezone.now()
    _set_status(comment, Comment.Status.PENDING)
    return comment


def edit_comment(
    comment: Comment, user: AnyUser, raw_text: str, ip_address: str | None = None
) -> Comment:
    """The author edits within the edit window; the new text is moderated again. A suspended
    or banned reader may not: an edit publishes new words as much as a new comment does."""
    check_own(comment, user)
    refusal = _standing(reader_profile(user))  # type: ignore[arg-type]
    if refusal is not None:
        raise refusal
    if comment.status in {Comment.Status.DELETED, Comment.Status.REJECTED}:
        raise Conflict("This comment can no longer be edited.", "not_editable")
    if timezone.now() >= edit_deadline(comment):
        minutes = int(conf("COMMENT_EDIT_WINDOW_MINUTES"))
        raise Conflict(
            f"Comments can be edited for {minutes} minutes after posting; that time has passed.",
            "edit_window_closed",
        )
    text = check_text(raw_text, "saving")
    check_rate(user, "", ip_address)
    if text == comment.text:
        return comment
    comment = _revise(comment, text, user)
    return _moderate_now(
        Comment.objects.select_related("article", "parent").get(pk=comment.pk), is_edit=True
    )


def _erase(comment: Comment) -> None:
    comment.text = ""
    comment.html = ""
    comment.spans = []  # offsets into the words that are gone
    comment.deleted_at = timezone.now()
    comment.is_editors_pick = False
    comment.revisions.all().delete()
    _set_status(comment, Comment.Status.DELETED)
    comment_erased.send(sender=Comment, comment=comment)


@transaction.atomic
def delete_comment(comment: Comment, user: AnyUser) -> Comment:
    """The author deletes their comment: its words go, its replies stay in place."""
    check_own(comment, user)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == Comment.Status.DELETED:
        return comment
    _erase(comment)
    return comment


def report_refusal(
    comment: Comment,
    user: AnyUser,
    *,
    reported: set[int] | None = None,
    standing_checked: bool = False,
) -> LoginRequired | NotAllowed | NotFound | Conflict | None:
    """Why this reader may not report this comment, or None; reads only. The Report page
    asks before it shows the form, the comment's Report link before it is drawn, and
    `report_comment` before it saves, so all three refuse the same things: a visitor, a
    suspended or banned reader, a comment not published, one's own comment, one reported
    already. `reported`: the ids of the comments on the page this reader has reported (one
    query for the whole page; without it, one query here). `standing_checked`: the caller
    has already asked `standing_refusal` for this reader (a page asks once, not per comment)."""
    if user is None or not user.is_authenticated:
        return LoginRequired("Please log in to report a comment.")
    if not standing_checked:
        refusal = standing_refusal(user, "report comments")
        if refusal is not None:
            return refusal
    if comment.status != Comment.Status.PUBLISHED:
        return NotFound("That comment is not available.")
    if comment.author_id == user.pk:
        return NotAllowed("You cannot report your own comment; you can edit or delete it.")
    if reported is not None:
        already = comment.pk in reported
    else:
        already = CommentReport.objects.filter(comment=comment, reporter_id=user.pk).exists()
    if already:
        return Conflict(
            "You have already reported this comment; moderators will look at it.",
            "already_reported",
        )
    return None


@transaction.atomic
def report_comment(comment: Comment, user: AnyUser, reason: str, note: str = "") -> CommentReport:
    refusal = report_refusal(comment, user)
    if refusal is not None:
        raise refusal
    if reason not in CommentReport.Reason.values:
        raise InvalidComment(
            "Please choose why you are reporting this comment.", "bad_reason", field="reason"
        )
    note = comment_text.normalise(note or "")[:500]
    check_report_rate(user)
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(
                comment=comment, reporter=user, reason=reason, note=note
            )
    except IntegrityError:
        raise Conflict("You have already reported this comment.", "already_reported") from None
    Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
    return report


@transaction.atomic
def like_comment(comment: Comment, user: AnyUser) -> int:
    """Recommend a comment (once per reader); returns the new count."""
    if user is None or not user.is_authenticated:
        raise LoginRequired("Please log in to recommend comments.")
    check_standing(user, "recommend comments")
    if comment.status != Comment.Status.PUBLISHED:
        raise NotFound("That comment is not available.")
    if comment.author_id == user.pk:
        raise NotAllowed("You cannot recommend your own comment.", "own_comment")
    if CommentLike.objects.filter(comment=comment, user=user).exists():
        raise Conflict("You have already recommended this comment.", "already_liked")
    check_like_rate(user)
    try:
        with transaction.atomic():
            CommentLike.objects.create(comment=comment, user=user)
    except IntegrityError:
        raise Conflict("You have already recommended this comment.", "already_liked") from None
    Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
    return Comment.objects.values_list("like_count", flat=True).get(pk=comment.pk)


@transaction.atomic
def unlike_comment(comment: Comment, user: AnyUser) -> int:
    if user is None or not user.is_authenticated:
        raise LoginRequired("Please log in first.")
    like = CommentLike.objects.filter(comment=comment, user=user)
    if not like.exists():  # nothing to take back: nothing changes, nothing counted
        return Comment.objects.values_list("like_count", flat=True).get(pk=comment.pk)
    check_like_rate(user)
    deleted, _ = like.delete()
    if deleted:
        Comment.objects.filter(pk=comment.pk, like_count__gt=0).update(
            like_count=F("like_count") - 1
        )
    return Comment.objects.values_list("like_count", flat=True).get(pk=comment.pk)


# --- moderators' actions -------------------------------------------------------------------


def _decide(comment: Comment, moderator: AnyUser, status: str, reason: str = "") -> Comment:
    moderator_check(moderator)
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("parent").get(pk=comment.pk)
    )
    if comment.status == Comment.Status.DELETED:
        raise Conflict("The author deleted this comment.", "deleted")
    previous_status = comment.status
    comment.moderated_by = moderator  # type: ignore[assignment]
    comment.moderated_at = timezone.now()
    if status == Comment.Status.REJECTED:
        comment.rejection_reason = reason[:200]
    _set_status(comment, status)
    # For the moderators' workspace audit log (decisions taken elsewhere, e.g. the admin).
    comment_decided.send(
        sender=Comment,
        comment=comment,
        moderator=moderator,
        previous_status=previous_status,
        reason=reason,
    )
    return comment


@transaction.atomic
def approve_comment(comment: Comment, moderator: AnyUser) -> Comment:
    """Publish a held (or rejected) comment; a reply notifies its parent's author."""
    return _decide(comment, moderator, Comment.Status.PUBLISHED)


@transaction.atomic
def reject_comment(comment: Comment, moderator: AnyUser, reason: str) -> Comment:
    return _decide(comment, moderator, Comment.Status.REJECTED, reason)


@transaction.atomic
def hold_comment(comment: Comment, moderator: AnyUser) -> Comment:
    """Take a published comment down for review."""
    return _decide(comment, moderator, Comment.Status.HELD)


@transaction.atomic
def edit_and_approve_comment(
    comment: Comment, moderator: AnyUser, raw_text: str, note: str = ""
) -> Comment:
    """A moderator trims a comment (e.g. removes a personal detail) and publishes it."""
    moderator_check(moderator)
    text = check_text(raw_text, "saving")
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == Comment.Status.DELETED:
        raise Conflict("The author deleted this comment.", "deleted")
    CommentRevision.objects.create(
        comment=comment, text=comment.text, edited_by=moderator, note=note[:200]
    )
    if text != comment.text:
        # The automatic verdict's spans mark characters of the old text: kept, they would
        # highlight the wrong words if the comment came back to the queue (reported, say).
        # The new text is not checked again (the moderator's decision stands), so none are
        # marked; the verdict's reasons stay as the record of why it was first held.
        comment.spans = []
    comment.text = text
    comment.html = comment_text.render(text)
    comment.edited_at = timezone.now()
    comment.save()
    return _decide(comment, moderator, Comment.Status.PUBLISHED)


@transaction.atomic
def feature_comment(comment: Comment, moderator: AnyUser, featured: bool = True) -> Comment:
    """Mark (or unmark) an editor's pick; picks are shown first."""
    moderator_check(moderator)
    if featured and comment.status != Comment.Status.PUBLISHED:
        raise Conflict("Only published comments can be editor's picks.", "not_published")
    Comment.objects.filter(pk=comment.pk).update(is_editors_pick=featured)
    comment.is_editors_pick = featured
    # update() sends no signal: the article's cached pages would keep the old picks.
    pagecache.bump_now_and_on_commit(comment.article_id)
    return comment


@transaction.atomic
def resolve_reports(comment: Comment, moderator: AnyUser) -> int:
    moderator_check(moderator)
    return CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=moderator
    )


@transaction.atomic
def set_reader_trusted(
    user: AbstractBaseUser, moderator: AnyUser, trusted: bool = True
) -> ReaderProfile:
    moderator_check(moderator)
    profile = reader_profile(user)
    profile.trusted = trusted
    profile.save(update_fields=["trusted"])
    return profile


@transaction.atomic
def suspend_reader(
    user: AbstractBaseUser, moderator: AnyUser, until: dt.datetime | None
) -> ReaderProfile:
    """Stop a reader posting until `until` (None lifts a suspension)."""
    moderator_check(moderator)
    profile = reader_profile(user)
    profile.suspended_until = until
    profile.save(update_fields=["suspended_until"])
    return profile


@transaction.atomic
def ban_reader(
    user: AbstractBaseUser, moderator: AnyUser, banned: bool = True, block_domain: bool = False
) -> ReaderProfile:
    """Ban a reader (or lift the ban). A ban also blocks the account's e-mail address
    (`BlockedAddress`, a keyed hash), which outlives the account: signing up with it again is
    refused and guest comments from it are held. With `block_domain` (the moderator's choice,
    off by default) it blocks every address at the account's own domain as well
    (`blocklist.domain_to_offer`; refused where none is offered, e.g. a public provider's).
    The choice is kept on the profile (`ReaderProfile.domain_blocked`). Each block records the
    bans that keep it (`BlockedAddress.held_by`, the hash of each banned account's address),
    which deleting an account leaves alone: lifting the ban takes this ban's part off the
    address's block and, if it chose the domain, off the domain's, and removes a block only
    when no ban is left on it (another banned account with the same address as
    `blocklist.normalise_address` reads it, another ban that chose the domain, either perhaps
    of an account deleted since). A ban that did not choose the domain never removes its
    block. Lifting the ban also lifts the blocks it keeps for the account's earlier addresses
    (`ReaderProfile.earlier_blocks`, `follow_address_change`), the same way. Lifting a reader
    who is not banned changes no block. A ban and a lift that touch the same hashes run one
    after the other (`_lock_blocks`), and a ban or lift and a change of the account's address
    too (the profile's row is locked first)."""
    moderator_check(moderator)
    # The profile's row first, as `follow_address_change` takes it: the address and the earlier
    # addresses' blocks read next are the ones this ban keeps until the transaction ends (read
    # from the database: `user` may have been read before an address change committed).
    earlier = (
        ReaderProfile.objects.select_for_update()
        .filter(user=user)
        .values_list("earlier_blocks", flat=True)
        .first()
    ) or []
    address = _stored_address(user)
    domain = blocklist.domain_to_offer(address)
    if banned and block_domain and not domain:
        raise InvalidComment(
            "This reader's e-mail domain cannot be blocked: it is a public mail provider's, "
            "or the account has no address.",
            "domain_not_blockable",
        )
    if address or earlier:
        # Before anything is read: a lift's check of the other banned accounts must see a ban
        # of the same address (or domain) that was sent meanwhile, and that ban must not find
        # a row the lift is about to delete.
        _lock_blocks(
            *(blocklist.lookup_digests(address) if address else []), *(b for b, _ in earlier)
        )
    profile = reader_profile(user)
    was_banned, chose_domain = profile.banned, profile.domain_blocked
    profile.banned = banned
    if banned and block_domain:
        profile.domain_blocked = True
    elif not banned:
        profile.domain_blocked = False
        profile.earlier_blocks = []
    profile.save(update_fields=["banned", "domain_blocked", "earlier_blocks"])
    if not banned and was_banned:
        for block, holder in earlier:
            _release(block, holder, still_needed=_banned_elsewhere(block, user))
    if address:
        digest = blocklist.address_digest(address)
        if banned:
            # Banning a banned reader again adds no second part: it only puts back one that is
            # missing (a block written under an older secret key, or by older code).
            _hold(digest, digest, once=was_banned)
            if block_domain:
                _hold(blocklist.domain_digest(domain), digest, once=chose_domain)
        elif was_banned:
            elsewhere = _banned_elsewhere(digest, user)
            # Also the hash a ban stored before the providers' rules (a web machine still on
            # older code during an upgrade), which `is_address_blocked` still finds.
            for stored in dict.fromkeys([digest, blocklist.legacy_address_digest(address)]):
                _release(stored, digest, still_needed=elsewhere)
            if domain and chose_domain:
                _release(
                    blocklist.domain_digest(domain),
                    digest,
                    still_needed=_banned_at_domain(domain, user),
                )
    return profile


@transaction.atomic
def follow_address_change(user: AbstractBaseUser) -> bool:
    """Keep a banned account's ban on its address when the address changes (an administrator
    edits the account's e-mail, or user name while it has no e-mail: `account_address`); the
    Django admin and any other `save()` of a user come here through `before_user_save`. The
    caller has `user` with its new fields, not yet saved: the old address is the one stored.
    Returns whether any block changed.

    The new address is blocked, held by the same ban (`BlockedAddress.held_by`, its own hash).
    The old address stays blocked while the ban stands: the banned person may still hold that
    mailbox, and releasing it would let them sign up again with it, the very evasion a ban's
    block is there to stop. Its entries (and its domain's, if the ban chose it) are kept on
    the profile (`ReaderProfile.earlier_blocks`), so lifting the ban lifts them with the new
    address's. A ban that chose its domain keeps it chosen when the new address is at the
    same domain; a different domain is not blocked (the moderator judged the domain shown
    to them, not this one), and the old domain stays blocked as an earlier block. An old address
    that was never the reader's (a typo put right) is lifted with `masthead blocked_addresses
    lift`, which is audited. Nothing changes for an account that is not banned, or when both
    addresses are one mailbox (`blocklist.normalise_address`). Under the locks a ban and a lift
    take: the profile's row, then `_lock_blocks` over both addresses' hashes."""
    profile = ReaderProfile.objects.select_for_update().filter(user=user).first()
    if profile is None or not profile.banned:
        return False
    # Read once the row is locked: another change of this account's address has committed.
    old_address, new_address = _stored_address(user), account_address(user)
    old_digest = blocklist.address_digest(old_address) if old_address else ""
    new_digest = blocklist.address_digest(new_address) if new_address else ""
    if old_digest == new_digest:
        return False
    _lock_blocks(
        *(blocklist.lookup_digests(old_address) if old_address else []),
        *(blocklist.lookup_digests(new_address) if new_address else []),
    )
    earlier = [[str(block), str(holder)] for block, holder in profile.earlier_blocks]
    old_domain = blocklist.domain_to_offer(old_address)
    new_domain = blocklist.domain_to_offer(new_address)
    if old_digest:
        earlier.append([old_digest, old_digest])
        legacy = blocklist.legacy_address_digest(old_address)
        if legacy != old_digest and BlockedAddress.objects.filter(digest=legacy).exists():
            earlier.append([legacy, old_digest])  # stored by older code, as a lift releases it
        if profile.domain_blocked and old_domain:
            earlier.append([blocklist.domain_digest(old_domain), old_digest])
    keep_domain = profile.domain_blocked and bool(new_domain) and new_domain == old_domain
    if new_digest:
        _hold(new_digest, new_digest)
        if keep_domain:
            _hold(blocklist.domain_digest(new_domain), new_digest)
    profile.earlier_blocks = earlier
    profile.domain_blocked = keep_domain
    profile.save(update_fields=["earlier_blocks", "domain_blocked"])
    return True


def before_user_save(
    sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    """`pre_save` of the user model (connected in `CommentsConfig.ready`): when a save changes
    the address of a banned account (`account_address`: its e-mail, or its user name while it
    has no e-mail), `follow_address_change`, inside the save's transaction where it has one
    (the Django admin's). One query for a save that may change the address; none for a new
    user, a fixture load, or a save of other fields only (a log-in's `last_login`).
    `QuerySet.update()` sends no signal: nothing in masthead changes an address that way."""
    if raw or instance._state.adding or instance.pk is None:
        return
    username_field = instance.USERNAME_FIELD
    if update_fields is not None and not {"email", username_field} & set(update_fields):
        return
    stored = (
        type(instance)
        ._default_manager.using(kwargs.get("using") or "default")
        .filter(pk=instance.pk)
        .values_list("email", username_field, "reader__banned")
        .first()
    )
    if stored is None or not stored[2]:
        return
    if _address_from(str(stored[0] or ""), str(stored[1] or "")) != account_address(instance):
        follow_address_change(instance)


def _hold(digest: str, holder: str, once: bool = False, at_least: int = 1) -> bool:
    """Record one more ban (`holder`, the hash of its account's address) on the block `digest`,
    writing the block if there is none; with `once`, only as many as it takes for `holder` to
    be on it `at_least` times (the number of banned accounts that share that address).
    Returns whether the block is new. The caller holds `_lock_blocks` for `digest`."""
    block, created = BlockedAddress.objects.get_or_create(digest=digest)
    missing = max(at_least - block.held_by.count(holder), 0) if once else 1
    if missing:
        block.held_by = [*block.held_by, *[holder] * missing]
        block.save(update_fields=["held_by"])
    return created


def _bans_of(digest: str, chose_domain: bool = False) -> int:
    """How many banned accounts that still exist have an address with this hash (and, with
    `chose_domain`, chose to block their domain). Banned readers are few."""
    banned = ReaderProfile.objects.filter(banned=True)
    if chose_domain:
        banned = banned.filter(domain_blocked=True)
    return sum(
        blocklist.address_digest(_address_from(email, username)) == digest
        for email, username in banned.values_list("user__email", "user__username")
    )


def _release(digest: str, holder: str, still_needed: bool = False) -> bool:
    """Take one ban's part (`holder`) off the block `digest`, and remove the block when no ban
    is left on it, unless `still_needed` (a banned account that still exists needs it, though
    it is not recorded on the block: a ban written by older code during an upgrade). Returns
    whether the block stays. The caller holds `_lock_blocks` for `digest`."""
    block = BlockedAddress.objects.filter(digest=digest).first()
    if block is None:
        return False
    held = list(block.held_by)
    if holder in held:
        held.remove(holder)
    if not held and not still_needed:
        block.delete()
        return False
    if held != block.held_by:
        block.held_by = held
        block.save(update_fields=["held_by"])
    return True


# The first key of the PostgreSQL advisory locks `_lock_blocks` takes ("bl" in ASCII), so they
# cannot meet a lock another part of the project takes by a single key.
_BLOCK_LOCK_SPACE = 0x626C


def _lock_blocks(*digests: str) -> None:
    """Serialise bans and lifts that touch the same `BlockedAddress` hashes (the ones
    `blocklist.lookup_digests` names) until the transaction ends: a ban and a lift of two
    accounts with the same address (`ann.lee@` and `annlee@` at Gmail) or at the same blocked
    domain, or a ban and the lift of a deleted account's block. Row locks cannot do it: the row a ban
    creates does not exist yet, and the one a lift deletes is found by a ban that then keeps
    nothing. So a PostgreSQL advisory lock per hash, taken in one order (no deadlock between
    two callers). Two hashes sharing a key only wait for each other. On SQLite nothing to do:
    its transactions begin IMMEDIATE (settings), one at a time."""
    if connection.vendor != "postgresql":
        return
    keys = sorted(
        {
            int.from_bytes(hashlib.sha256(d.encode()).digest()[:4], "big", signed=True)
            for d in digests
        }
    )
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_BLOCK_LOCK_SPACE, key])


def account_address(user: AbstractBaseUser) -> str:
    """The account's e-mail address: `email`, or for a sign-up not yet confirmed the user name
    (the address it was made with). "" for an account with neither (staff made by hand)."""
    return _address_from(getattr(user, "email", ""), user.get_username())


def _stored_address(user: AbstractBaseUser) -> str:
    """`account_address` as the database has it now (`user` may be an older copy)."""
    stored = (
        type(user)
        ._default_manager.filter(pk=user.pk)
        .values_list("email", user.USERNAME_FIELD)
        .first()
    )
    return _address_from(str(stored[0] or ""), str(stored[1] or "")) if stored else ""


def _address_from(email: str, username: str) -> str:
    """`account_address` from the two fields as stored."""
    for value in (email, username):
        if value and "@" in value:
            return str(value)
    return ""


def _banned_elsewhere(digest: str, user: AbstractBaseUser) -> bool:
    """Whether another banned account's address has this hash (`ann+x@` and `ann@` alike):
    lifting one reader's ban must not lift the other's block. Banned readers are few."""
    others = (
        ReaderProfile.objects.filter(banned=True)
        .exclude(user=user)
        .values_list("user__email", "user__username")
    )
    return any(
        blocklist.address_digest(_address_from(email, username)) == digest
        for email, username in others
    )


def is_address_blocked(email: str) -> bool:
    """Whether a moderator banned an account with this address (as `normalise_address` reads
    it) and has not lifted the ban, whether or not that account still exists. The block of an
    account deleted before the providers' rules (migration 0013) keeps its old hash, which
    `blocklist.lookup_digests` names too."""
    if not email or "@" not in email:
        return False
    return BlockedAddress.objects.filter(digest__in=blocklist.lookup_digests(email)).exists()


def _banned_at_domain(
    domain: str, user: AbstractBaseUser | None = None, chose_domain: bool = True
) -> bool:
    """Whether a banned account (other than `user`) has an address at this domain and (with
    `chose_domain`, as lifting a ban asks) its ban chose to block the domain, which lifting
    another ban must not undo."""
    banned = ReaderProfile.objects.filter(banned=True)
    if chose_domain:
        banned = banned.filter(domain_blocked=True)
    others = banned.values_list("user__email", "user__username")
    if user is not None:
        others = others.exclude(user=user)
    return any(
        blocklist.domain_to_offer(_address_from(email, username)) == domain
        for email, username in others
    )


def is_domain_blocked(email: str) -> bool:
    """Whether every address at this address's domain is blocked (a moderator chose it with a
    ban, `ban_reader(block_domain=True)`)."""
    domain = blocklist.domain_to_offer(email)
    return bool(domain) and (
        BlockedAddress.objects.filter(digest=blocklist.domain_digest(domain)).exists()
    )


@transaction.atomic
def lift_address_block(email: str, operator: AnyUser, reason: str) -> bool:
    """Remove an address's block when its banned account is gone, so the workspace can no
    longer lift the ban (`masthead blocked_addresses lift`): its hash and the one it had before
    the providers' rules (`blocklist.lookup_digests`), and its part in the block of its whole
    domain if its ban chose that (`BlockedAddress.held_by`): the domain's block goes only when
    no other ban that chose it is left, whether or not that ban's account still exists
    (`is_domain_blocked` says afterwards). Returns whether anything was lifted. Refused while
    an account with the address is still banned, or the domain is blocked and a banned account
    has an address there: lift that ban instead, which the workspace records.

    A lift is recorded here, whoever calls this: `address_block_lifted` is sent inside this
    transaction with `operator` and `reason` (the workspace's audit log answers it, and
    refuses a user who may not moderate or an empty reason, which undoes the lift); when no
    receiver answers, `Conflict` (`lift_not_recorded`) and nothing is lifted. Logged once the
    lift is committed. A ban of an account with the same address or domain waits for it
    (`_lock_blocks`), and it for the ban."""
    _lock_blocks(*blocklist.lookup_digests(email))
    domain_blocked = is_domain_blocked(email)
    digest = blocklist.address_digest(email)
    banned_accounts = ReaderProfile.objects.filter(banned=True).values_list(
        "user__email", "user__username"
    )
    if any(blocklist.address_digest(_address_from(e, u)) == digest for e, u in banned_accounts):
        raise Conflict(
            "An account with this address is banned: lift the ban in the workspace instead.",
            "still_banned",
        )
    domain = blocklist.domain_to_offer(email)
    if domain_blocked and _banned_at_domain(domain, chose_domain=False):
        raise Conflict(
            "This address's domain is blocked and a banned account has an address there: "
            "lift that ban in the workspace instead.",
            "still_banned",
        )
    own = list(dict.fromkeys([digest, blocklist.legacy_address_digest(email)]))
    deleted, _ = BlockedAddress.objects.filter(digest__in=own).delete()
    domain_lifted = False
    block = (
        BlockedAddress.objects.filter(digest=blocklist.domain_digest(domain)).first()
        if domain
        else None
    )
    if block is not None:
        # Only this address's bans' part (and that of bans nobody can name any more, whose
        # accounts were deleted before holders were recorded): the domain stays blocked while
        # another ban that chose it stands, whether or not its account still exists.
        held = [h for h in block.held_by if h not in {*own, BlockedAddress.UNKNOWN_HOLDER}]
        if not held:
            block.delete()
            deleted, domain_lifted = deleted + 1, True
        elif held != block.held_by:
            BlockedAddress.objects.filter(pk=block.pk).update(held_by=held)
            deleted += 1
    if deleted:
        answers = address_block_lifted.send(
            sender=BlockedAddress,
            operator=operator,
            reason=reason,
            digest=digest,
            domain_blocked=domain_lifted,
        )
        if not answers:
            raise Conflict(
                "The workspace's audit log did not record the lift, so nothing was lifted "
                "(is masthead.dashboard installed?).",
                "lift_not_recorded",
            )
        transaction.on_commit(
            lambda: logger.info("Lifted the block on an e-mail address (hash %s...)", digest[:12])
        )
    return bool(deleted)


@transaction.atomic
def block_banned_addresses() -> int:
    """Write the block of every banned account's address under the current secret key (after
    the key was changed, when the old hashes no longer match), and of its whole domain where
    its ban chose that (`ReaderProfile.domain_blocked`), each with that ban recorded on it
    (`BlockedAddress.held_by`; once per banned account with that address, however often this
    runs). Returns how many were new. A
    deleted account's blocks cannot be written again: nothing keeps its address.

    Each account in its own transaction, under the lock a ban and a lift take
    (`_lock_blocks` over `blocklist.lookup_digests`), and only if it is still banned once the
    lock is held: a ban lifted while this runs is not blocked again. An account whose address
    changed since the list was read is left out (its lock was taken for the old one)."""
    banned = list(
        ReaderProfile.objects.filter(banned=True).values_list("pk", "user__email", "user__username")
    )
    # Addresses that more than one banned account shares (`ann@` and `ann+x@`): their blocks
    # must hold one entry per ban, counted again under the lock. Rare; the rest hold one.
    seen: set[str] = set()
    shared: set[str] = set()
    for _, email, username in banned:
        digest = blocklist.address_digest(_address_from(email, username))
        (shared if digest in seen else seen).add(digest)
    new = 0
    for pk, email, username in banned:
        address = _address_from(email, username)
        if not address:
            continue
        with transaction.atomic():
            _lock_blocks(*blocklist.lookup_digests(address))
            current = (
                ReaderProfile.objects.filter(pk=pk, banned=True)
                .values_list("user__email", "user__username", "domain_blocked")
                .first()
            )
            if current is None or _address_from(current[0], current[1]) != address:
                continue  # lifted meanwhile, or the address changed
            digest = blocklist.address_digest(address)
            many = digest in shared
            new += _hold(digest, digest, once=True, at_least=_bans_of(digest) if many else 1)
            domain = blocklist.domain_to_offer(address)
            if current[2] and domain:  # the ban chose to block the domain
                chose = _bans_of(digest, chose_domain=True) if many else 1
                new += _hold(blocklist.domain_digest(domain), digest, once=True, at_least=chose)
    return new


@transaction.atomic
def set_close_after_days(days: int | None, moderator: AnyUser) -> CommentsSettings:
    """The closing schedule: comments close `days` after publication (0 = never, None = the
    MASTHEAD_COMMENTS_CLOSE_AFTER_DAYS setting)."""
    moderator_check(moderator)
    if days is not None and not 0 <= days <= 3650:
        raise InvalidComment(
            "The closing age must be a number of days from 0 to 3650.", "bad_close_after_days"
        )
    policy = CommentsSettings.load()
    policy.close_after_days = days
    policy.updated_by = moderator  # type: ignore[assignment]
    policy.save()
    return policy


@transaction.atomic
def set_article_comments_mode(article: Article, mode: str, moderator: AnyUser) -> Article:
    """Open, pre-moderate or close comments on one article."""
    moderator_check(moderator)
    if mode not in Article.CommentsMode.values:
        raise InvalidComment(f"Unknown comments mode {mode!r}.", "bad_mode")
    Article.objects.filter(pk=article.pk).update(comments_mode=mode)
    article.comments_mode = mode
    # update() sends no signal: the article's cached pages (the comment form, or "comments are
    # closed") would show the old mode to anonymous readers until they expired.
    pagecache.bump_now_and_on_commit(article.pk)
    return article


# The workspace's settings permission, named by string: comments does not import dashboard.
# The FAQ is one of those settings, so the same people (moderation leads) edit it here.
FAQ_PERMISSION = "dashboard.change_settings"


def can_edit_faq(user: AnyUser) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(FAQ_PERMISSION)
    )


@transaction.atomic
def update_faq(text: str, editor: AnyUser) -> CommentsSettings:
    """The one way the FAQ changes (its own page and the workspace's settings page both call it);
    a changed text is announced with `faq_changed` so the workspace's audit log records it."""
    if not can_edit_faq(editor):
        raise NotAllowed("Only moderation leads can edit the Comments FAQ.")
    cleaned = comment_text.normalise(text or "")
    if not cleaned:
        raise InvalidComment("The FAQ cannot be empty.", "empty", field="faq")
    policy = CommentsSettings.load()
    before = policy.faq
    # Compared as stored: a browser sends the textarea back with \r\n line ends and the default
    # FAQ ends with a line break, so an untouched save must not rewrite it or log a change.
    if comment_text.normalise(before) == cleaned:
        return policy
    policy.faq = cleaned
    policy.updated_by = editor  # type: ignore[assignment]
    policy.save()
    faq_changed.send(sender=CommentsSettings, editor=editor, before=before, after=cleaned)
    return policy


# --- accounts ------------------------------------------------------------------------------


def check_signup_email(email: str) -> str:
    """The address as stored and logged in with (trimmed, lower-case), or a clear error."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidComment(
            "Please enter a valid e-mail address.", "bad_email", field="email"
        ) from None
    return email


def check_address_not_blocked(email: str) -> None:
    """Refuse an account for an address a moderator banned. Only where the person told is the
    mailbox's holder (confirming a sign-up) or already knows the address (code that makes
    accounts); the sign-up form itself answers as for any address (`sign_up_reader`)."""
    if is_address_blocked(email):
        raise NotAllowed(
            "This e-mail address cannot be used for an account here: an account with it was "
            "banned from commenting.",
            "address_blocked",
        )


def check_new_password(password: str, email: str) -> None:
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, User(username=email, email=email))
    except ValidationError as exc:
        raise InvalidComment(" ".join(exc.messages), "weak_password", field="password") from None


@transaction.atomic
def register_reader(email: str, display_name: str, password: str) -> AbstractBaseUser:
    """Create a reader account that can log in at once; the e-mail address is the login.

    For the demo, fixtures and code that already knows the address is the reader's. The sign-up
    page uses `sign_up_reader`, which confirms the address first."""
    email = check_signup_email(email)
    if (
        User.objects.filter(email__iexact=email).exists()
        or User.objects.filter(username__iexact=email).exists()
    ):
        raise Conflict(
            "An account with that e-mail address already exists; try logging in.",
            "email_taken",
            field="email",
        )
    check_address_not_blocked(email)
    name = check_display_name(display_name)
    check_new_password(password, email)
    candidate = User(username=email, email=email)
    candidate.set_password(password)
    candidate.save()
    ReaderProfile.objects.create(user=candidate, display_name=name)
    return candidate


class SignupTokenGenerator(PasswordResetTokenGenerator):
    """The link that confirms a sign-up: signed with the site's key (and its fallbacks), valid
    for PASSWORD_RESET_TIMEOUT (Django's default, 3 days), and good once: the signed value
    holds `is_active` and `email`, which confirming changes, and the password hash, which
    signing up again changes, so only the latest e-mail's link works."""

    key_salt = "masthead.comments.actions.SignupTokenGenerator"

    def _make_hash_value(self, user: AbstractBaseUser, timestamp: int) -> str:
        return (
            f"{user.pk}{user.password}{user.is_active}{getattr(user, 'email', '')}"
            f"{user.get_username()}{timestamp}"
        )


signup_tokens = SignupTokenGenerator()


def signup_link_days() -> int:
    """How long a sign-up link works, in whole days, for the e-mail and the page that say so."""
    return max(1, int(settings.PASSWORD_RESET_TIMEOUT) // 86400)


def awaiting_confirmation(user: AbstractBaseUser) -> bool:
    """A sign-up whose address is not confirmed yet: inactive (Django refuses it log-in, so it
    cannot comment), not staff, and no `email` yet: the address is its user name until the
    link is followed. An account an administrator deactivated keeps its e-mail address, so
    signing up again with that address never makes it usable again."""
    return not user.is_active and not user.is_staff and not getattr(user, "email", "")


def signup_mark(email: str, password_hash: str) -> str:
    """What the sign-up puts in the browser's session, so following the link in that same
    browser logs the reader in with the password they chose there (from another browser they
    choose the password on the confirm page: `confirm_signup`). It
    names the sign-up, not only the address: a stranger signing up again with the address
    replaces the password, and the owner's browser is then not logged in by the new link into
    an account whose password the stranger chose (docs/operations.md, security)."""
    from django.utils.crypto import salted_hmac

    return salted_hmac(
        "masthead.signup_mark", f"{email.strip().lower()}\n{password_hash}", algorithm="sha256"
    ).hexdigest()


@dataclass(frozen=True)
class AccountMail:
    to: str
    subject: str
    template: str
    context: dict[str, Any]


def _send_account_mail(mail: AccountMail) -> None:
    from django.core.mail import EmailMessage
    from django.template.loader import render_to_string

    context = {"site_name": settings.SITE_NAME, "link_days": signup_link_days(), **mail.context}
    message = EmailMessage(
        subject=mail.subject,
        body=render_to_string(mail.template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
    )
    try:
        message.send()
    except Exception:
        # As Django's password reset does: the page says the same either way, so a mail
        # server that is down shows in the log (with the address), not as a 500.
        logger.exception("Failed to send a sign-up e-mail to %s", mail.to)


def _site_link(path: str) -> str:
    return settings.SITE_URL + path


@dataclass(frozen=True)
class SignupMail:
    """The e-mail a sign-up queues (`send_signup_email`'s arguments), and what the browser
    keeps. `kind` is "confirm" (a link for the new or unconfirmed account `user_id`, signed up
    at `since`), "exists" (the account `user_id` is told, at its field `to_field`, the one the
    address matched) or "blocked" (a banned `address`, told by e-mail: there is no account to
    name, so only this kind carries an address, and the queue's row is deleted with the other
    finished tasks after MASTHEAD_TASK_RETENTION_DAYS)."""

    kind: str
    user_id: int | None = None
    since: str = ""
    to_field: str = ""
    address: str = ""
    next_path: str = ""
    # signup_mark of the sign-up this e-mail's link confirms ("" when it confirms none).
    mark: str = ""


def _queue_signup_mail(mail: SignupMail) -> None:
    """Queue the sign-up e-mail: the worker sends it, not the request. A queue that cannot be
    reached is logged (without the address) and the page answers as usual; that e-mail is not
    sent and the reader signs up again, as with the password reset."""
    from masthead.comments.tasks import send_signup_email

    try:
        send_signup_email.enqueue(
            mail.kind, mail.user_id, mail.since, mail.to_field, mail.address, mail.next_path
        )
    except Exception:
        logger.exception("could not queue a sign-up e-mail; it is not sent")


def signup_account_mail(
    kind: str,
    user_id: int | None = None,
    since: str = "",
    to_field: str = "",
    address: str = "",
    next_path: str = "",
) -> AccountMail | None:
    """The sign-up e-mail a queued task sends, made when the worker runs it; None when there is
    nothing to send any more: the account is gone, confirmed, or signed up for again (that
    later sign-up's own task sends the link, so only the latest e-mail's link works)."""
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    if kind == "blocked":
        if not address:
            return None
        return AccountMail(
            to=address,
            subject=f"Your sign-up to {settings.SITE_NAME}",
            template="comments/accounts/signup_blocked_email.txt",
            context={"email": address},
        )
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    if user is None:
        return None
    if kind == "exists":
        to = str(getattr(user, to_field, "") or "") if to_field in {"email", "username"} else ""
        if not to:
            return None
        return AccountMail(
            to=to,
            subject=f"You already have an account on {settings.SITE_NAME}",
            template="comments/accounts/signup_exists_email.txt",
            context={
                "email": to,
                "login_url": _site_link(reverse("accounts:login")),
                "reset_url": _site_link(reverse("accounts:password_reset")),
            },
        )
    if kind != "confirm" or not awaiting_confirmation(user):
        return None
    try:
        signed_up = dt.datetime.fromisoformat(since)
    except ValueError:
        return None
    profile = ReaderProfile.objects.filter(user=user).first()
    if profile is None or user.date_joined != signed_up:
        return None
    email = user.get_username()
    link = _site_link(
        reverse(
            "accounts:signup_confirm",
            args=[urlsafe_base64_encode(force_bytes(user.pk)), signup_tokens.make_token(user)],
        )
    )
    if next_path and next_path != "/":
        from urllib.parse import urlencode

        link += "?" + urlencode({"next": next_path})
    return AccountMail(
        to=email,
        subject=f"Confirm your e-mail address to finish signing up to {settings.SITE_NAME}",
        template="comments/accounts/signup_confirm_email.txt",
        context={"email": email, "display_name": profile.display_name, "confirm_url": link},
    )


def send_signup_mail(mail: AccountMail | None) -> bool:
    """Send a sign-up e-mail made by `signup_account_mail` (the worker's part); whether one
    was sent."""
    if mail is None:
        return False
    _send_account_mail(mail)
    return True


@transaction.atomic
def sign_up_reader(email: str, display_name: str, password: str, next_url: str = "/") -> SignupMail:
    """Start a sign-up; the answer is the same whether or not the address has an account.

    What differs goes by e-mail to the address, queued once the transaction commits and sent
    by the worker (`signup_account_mail`): a new or still-unconfirmed account gets a link to
    confirm it (signing up again replaces the password and display name and sends a new link),
    an address that already has an account is told so, with where to log in or reset the
    password. Both ways hash the password and queue one task, so the time taken does not tell
    them apart either. Returns what was queued (for the browser's mark, and tests)."""
    from django.contrib.auth.hashers import make_password

    email = check_signup_email(email)
    existing = (
        User.objects.select_for_update()
        .filter(Q(email__iexact=email) | Q(username__iexact=email))
        .first()
    )
    pending = existing if existing is not None and awaiting_confirmation(existing) else None
    name = check_display_name(display_name, exclude_user=pending)
    check_new_password(password, email)
    _check_rates([(f"signup:email:{_hashed(email)}", conf("SIGNUP_RATE_PER_EMAIL"))], "signing up")
    if existing is None or pending is not None:
        blocked = is_address_blocked(email)
    else:
        blocked = False
    if blocked:
        # Told by e-mail, to the mailbox, like an address that has an account: the page
        # answers alike, so it tells nobody which addresses were banned. No account is made
        # or changed (a sign-up waiting for confirmation keeps its old link, which
        # `confirm_signup` refuses).
        make_password(password)
        mail = SignupMail("blocked", address=email)
    elif existing is not None and pending is None:
        make_password(password)
        # the address the account has that matched what was typed
        field = "email" if getattr(existing, "email", "").lower() == email else "username"
        mail = SignupMail("exists", user_id=existing.pk, to_field=field)
    else:
        user = pending or User(username=email, email="", is_active=False)
        user.set_password(password)
        # The new link's lifetime starts now: `expired_signups` counts from date_joined, and
        # would otherwise purge the account while the link just sent still works.
        user.date_joined = timezone.now()
        try:
            with transaction.atomic():
                user.save()
                ReaderProfile.objects.update_or_create(user=user, defaults={"display_name": name})
        except IntegrityError:  # two sign-ups with this address or name at the same moment
            raise Conflict(
                "Someone signed up with that e-mail address or display name a moment ago. "
                "Please try again.",
                "signup_conflict",
            ) from None
        mail = SignupMail(
            "confirm",
            user_id=user.pk,
            since=user.date_joined.isoformat(),
            next_path=next_url,
            mark=signup_mark(email, user.password),
        )
    transaction.on_commit(lambda: _queue_signup_mail(mail))
    return mail


def check_signup_link(uidb64: str, token: str) -> AbstractBaseUser:
    """The unconfirmed account a sign-up link names, or a clear error (expired, used, altered)."""
    from django.utils.http import urlsafe_base64_decode

    try:
        user = User.objects.filter(pk=int(urlsafe_base64_decode(uidb64).decode())).first()
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
        user = None
    if (
        user is None
        or not awaiting_confirmation(user)
        or not signup_tokens.check_token(user, token)
    ):
        raise InvalidComment(
            "This link has expired or has already been used. If you have confirmed your "
            "address already, log in; otherwise sign up again for a new link.",
            "bad_signup_link",
        )
    return user


@transaction.atomic
def confirm_signup(
    uidb64: str,
    token: str,
    ip_address: str | None = None,
    *,
    mark: str = "",
    new_password: str | None = None,
    new_password_again: str | None = None,
) -> AbstractBaseUser:
    """Follow a sign-up link: the address becomes the account's e-mail and it can log in.

    Which password it gets is decided by whoever holds the mailbox. `mark` is the browser's
    sign-up mark (`signup_mark`); when it names the sign-up the link confirms, that browser
    chose the stored password and the account is activated with it. Anywhere else (another
    device, or a browser whose sign-up a stranger's later one replaced) the stored password
    could be a stranger's: the reader must choose one (`new_password`, twice, the sign-up's
    rules), which replaces it, or the link is left unused and `password_required` raised.
    A refused password leaves the link working.

    The network address the link was followed from is remembered for the account once this
    commits (`remember_login_address`), as a log-in with the password would: whoever holds the
    mailbox is the account holder, and a new reader is then not refused from there while
    strangers use up the account-wide log-in limit."""
    user = check_signup_link(uidb64, token)
    try:
        user = User.objects.select_for_update().get(pk=user.pk)
    except User.DoesNotExist:  # purged as expired between the check and this read
        raise InvalidComment(
            "This link has expired. Sign up again to get a new one.", "bad_signup_link"
        ) from None
    if not awaiting_confirmation(user) or not signup_tokens.check_token(user, token):
        # Confirmed, or signed up again, by a request that just went before.
        raise InvalidComment(
            "This link has already been used. Log in with your e-mail address and password.",
            "bad_signup_link",
        )
    username = user.get_username()
    check_address_not_blocked(username)
    fields = ["email", "is_active"]
    if signup_needs_password(user, mark):
        if not new_password:
            raise InvalidComment(
                "Please choose a password for your account to finish signing up.",
                "password_required",
                field="password",
            )
        if new_password != new_password_again:
            raise InvalidComment("The two passwords differ.", "password_mismatch", field="password")
        check_new_password(new_password, username)
        user.set_password(new_password)  # whatever any sign-up stored is discarded
        fields.append("password")
    user.email = username
    user.is_active = True
    user.save(update_fields=fields)
    transaction.on_commit(lambda: remember_login_address(username, ip_address))
    return user


def signup_needs_password(user: AbstractBaseUser, mark: str) -> bool:
    """Whether following `user`'s sign-up link in a browser holding `mark` asks for a password
    (`confirm_signup`): yes unless the mark names the sign-up the link confirms."""
    from django.utils.crypto import constant_time_compare

    expected = signup_mark(user.get_username(), user.password)
    return not (mark and constant_time_compare(mark, expected))


def expired_signups(now: dt.datetime | None = None) -> Any:
    """Sign-ups never confirmed whose link has expired: the accounts `purge_expired_signups`
    deletes (a queryset of users).

    Unconfirmed as `awaiting_confirmation` says (inactive, not staff, no `email`), and, so that
    nothing else ever matches: not a superuser, never logged in, with the reader profile
    sign-up makes, and no comment, report or recommendation. Joined more than
    PASSWORD_RESET_TIMEOUT ago, when the last e-mail's link stopped working (`date_joined`:
    signing up again before confirming moves it to then)."""
    from django.db.models import Exists, OuterRef

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=int(settings.PASSWORD_RESET_TIMEOUT))
    return User.objects.filter(
        is_active=False,
        is_staff=False,
        is_superuser=False,
        email="",
        last_login__isnull=True,
        date_joined__lt=cutoff,
    ).filter(
        Exists(ReaderProfile.objects.filter(user=OuterRef("pk"))),
        ~Exists(Comment.objects.filter(author=OuterRef("pk"))),
        ~Exists(CommentReport.objects.filter(reporter=OuterRef("pk"))),
        ~Exists(CommentLike.objects.filter(user=OuterRef("pk"))),
    )


# Users deleted per statement: far under SQLite's limit on a statement's parameters.
PURGE_BATCH = 500


@transaction.atomic
def purge_expired_signups(now: dt.datetime | None = None) -> int:
    """Delete the sign-ups never confirmed whose link has expired (`expired_signups`), with
    their reader profiles, so their display names and addresses are free again. Returns how
    many were deleted.

    The accounts are locked as they are chosen (on PostgreSQL a sign-up confirmed meanwhile is
    chosen again as it now is, so it no longer matches), then deleted in batches; all in one
    transaction."""
    ids = list(expired_signups(now).select_for_update().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), PURGE_BATCH):
        User.objects.filter(pk__in=ids[start : start + PURGE_BATCH]).delete()
    if ids:
        logger.info("Deleted %d sign-up(s) never confirmed", len(ids))
    return len(ids)


@transaction.atomic
def update_reader_profile(
    user: AbstractBaseUser, display_name: str, notify_replies: bool
) -> ReaderProfile:
    profile = reader_profile(user)
    if names.clean_display_name(display_name) != profile.display_name:
        # The name stands beside every comment the reader wrote; a banned or suspended reader
        # may not change what those show (nor hide who was banned) while they cannot answer.
        refusal = _standing(profile, "change its display name")
        if refusal is not None:
            raise refusal
        profile.display_name = check_display_name(display_name, exclude_user=user)
    profile.notify_replies = notify_replies
    profile.save()
    return profile


@transaction.atomic
def unsubscribe_replies(token: str) -> ReaderProfile | None:
    """One click from an e-mail: stop reply notifications for the token's reader."""
    profile = ReaderProfile.objects.filter(unsubscribe_token=token).first() if token else None
    if profile is None:
        return None
    if profile.notify_replies:
        profile.notify_replies = False
        profile.save(update_fields=["notify_replies"])
    return profile


@transaction.atomic
def delete_account(user: AbstractBaseUser) -> int:
    """Delete a reader's account; their comments become "deleted", replies stay in place.

    A banned reader's address stays blocked (`BlockedAddress`: a keyed hash, tied to no
    account), so deleting the account does not lift the ban."""
    if user.is_staff or user.is_superuser:
        raise NotAllowed("Staff accounts are removed by an administrator.")
    count = 0
    for comment in (
        Comment.objects.select_for_update()
        .filter(author=user)
        .exclude(status=Comment.Status.DELETED)
    ):
        _erase(comment)
        count += 1
    Comment.objects.filter(author=user).update(author=None, ip_address=None)
    # Their likes and reports go with the account; the counters on others' comments follow.
    liked = CommentLike.objects.filter(user=user).values("comment_id")
    Comment.objects.filter(pk__in=liked, like_count__gt=0).update(like_count=F("like_count") - 1)
    reported = CommentReport.objects.filter(reporter=user).values("comment_id")
    Comment.objects.filter(pk__in=reported, report_count__gt=0).update(
        report_count=F("report_count") - 1
    )
    user.delete()
    return count


# Comments read, and written in one transaction, at a time by `rerender_comments`.
RERENDER_BATCH_SIZE = 500


def _batches_by_pk(
    qs: Any, fields: tuple[str, ...], batch_size: int
) -> Iterator[list[tuple[Any, ...]]]:
    """`qs`'s rows as tuples of `fields` (the first is "pk"), `batch_size` at a time in order
    of id, each batch read by a query of its own: the operators' sweeps (`rerender_comments`,
    `refresh_name_keys`) never hold a whole table in memory or in one transaction."""
    last_pk = 0
    while True:
        batch = list(qs.filter(pk__gt=last_pk).order_by("pk").values_list(*fields)[:batch_size])
        if not batch:
            return
        last_pk = batch[-1][0]
        yield batch


@dataclass(frozen=True)
class Rerendered:
    read: int
    changed: int


def rerender_comments(
    *, dry_run: bool = False, batch_size: int = RERENDER_BATCH_SIZE
) -> Rerendered:
    """Render every comment's stored text again with the rules of the code now running
    (`comments.text.render`) and store the HTML where it differs; with `dry_run`, count them
    and write nothing (`masthead rerender_comments`).

    A comment's HTML is made once, when it is posted or edited, so a release that changes how
    comments are rendered (link handling, an escaping fix) changes new comments only. Only the
    `html` column changes (a queryset update, no save): the text, the edit history,
    `updated_at` and every other field stay as they are. Comments are read in batches of
    `batch_size` by id, each batch written in its own transaction, so a site with many comments
    is never locked for the whole run; the articles whose comments changed have their cached
    pages made stale. Deleted comments have no words left and are skipped. A second run
    changes nothing."""
    read = changed = 0
    comments = Comment.objects.exclude(status=Comment.Status.DELETED)
    for batch in _batches_by_pk(comments, ("pk", "article_id", "text", "html"), batch_size):
        read += len(batch)
        stale = [
            (pk, article_id, text, fresh)
            for pk, article_id, text, html in batch
            if (fresh := comment_text.render(text)) != html
        ]
        if dry_run:
            changed += len(stale)
        else:
            changed += _store_rerendered(stale)
    return Rerendered(read=read, changed=changed)


@transaction.atomic
def _store_rerendered(stale: list[tuple[int, int, str, str]]) -> int:
    """Store each (pk, article_id, text rendered, new HTML); returns how many were stored."""
    stored = 0
    articles = set()
    for pk, article_id, text, fresh in stale:
        # Only if the text is still what was rendered: an edit meanwhile rendered its own text
        # with these same rules.
        if Comment.objects.filter(pk=pk, text=text).update(html=fresh):
            stored += 1
            articles.add(article_id)
    for article_id in sorted(articles):
        pagecache.bump_now_and_on_commit(article_id)
    return stored


@dataclass(frozen=True)
class NameKeysRefreshed:
    read: int
    changed: int


def refresh_name_keys(*, dry_run: bool = False, batch_size: int = 500) -> NameKeysRefreshed:
    """Store again every reader's name key (`names.name_key` of the display name, by the code
    now running) where it differs; with `dry_run`, count them and write nothing
    (`masthead refresh_name_keys`).

    A release that reads more letters as look-alikes recomputes the keys in a migration, but a
    name chosen on a machine still running the old code during a rolling upgrade gets the old
    key after that migration ran; this puts it right. Only `name_key` changes, and only while
    the display name is still the one the key was made from (a rename meanwhile has its own
    key). Names two readers already share under the new keys stay as they are: nobody is
    renamed; the look-alike check applies to the next name chosen. Batches by id, each written
    in its own transaction."""
    read = changed = 0
    profiles = ReaderProfile.objects.all()
    for batch in _batches_by_pk(profiles, ("pk", "display_name", "name_key"), batch_size):
        read += len(batch)
        stale = [
            (pk, display_name, fresh)
            for pk, display_name, key in batch
            if (fresh := names.name_key(display_name)[:200]) != key
        ]
        if dry_run:
            changed += len(stale)
            continue
        with transaction.atomic():
            for pk, display_name, fresh in stale:
                changed += ReaderProfile.objects.filter(pk=pk, display_name=display_name).update(
                    name_key=fresh
                )
    return NameKeysRefreshed(read=read, changed=changed)
