"""Every decision a moderator takes in the workspace: one function each, in a transaction.

Each checks the moderator's permission and rate limit, delegates the comment's (or reader's)
state change to `masthead.comments.actions` (policy changes to `masthead.moderation.actions`),
and writes an AuditEntry with the state before and after, so `undo_last` can reverse it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from masthead.articles.models import Article
from masthead.comments import actions as comments
from masthead.comments import text as comment_text
from masthead.comments.errors import CommentError, Conflict, InvalidComment, NotAllowed, NotFound
from masthead.comments.models import (
    Comment,
    CommentReport,
    CommentRevision,
    CommentsSettings,
    ReaderProfile,
)
from masthead.core import ratelimit, times
from masthead.dashboard import roles
from masthead.dashboard.models import AuditEntry, AuditSample, WorkspaceSettings
from masthead.dashboard.receivers import drop_unpublished_draw, in_workspace_action
from masthead.moderation import actions as moderation
from masthead.moderation.models import ModerationPolicy
from masthead.moderation.policy import word_list

User = get_user_model()
Action = AuditEntry.Action
MAX_BULK = 100
MAX_SUSPEND_DAYS = 365
UNDOABLE = {
    Action.APPROVE,
    Action.REJECT,
    Action.EDIT_APPROVE,
    Action.FEATURE,
    Action.UNFEATURE,
    Action.CONFIRM_SAMPLE,
    Action.SUSPEND,
    Action.LIFT_SUSPENSION,
    Action.BAN,
    Action.LIFT_BAN,
    Action.TRUST,
    Action.UNTRUST,
}
MISSED_REASON_CODES = (
    "abusive",
    "insult",
    "threat",
    "identity_hate",
    "obscene",
    "off_topic",
    "spam",
    "personal_info",
    "other",
)


F = TypeVar("F", bound=Callable[..., Any])


def workspace_action(func: F) -> F:
    """Mark a decision taken here, so comments' own signal does not log it a second time."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = in_workspace_action.set(True)
        try:
            return func(*args, **kwargs)
        finally:
            in_workspace_action.reset(token)

    return wrapper  # type: ignore[return-value]


class ActionRateLimited(CommentError):
    status = 429
    code = "rate_limited"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"You are taking decisions faster than the workspace allows. Please wait "
            f"{retry_after} seconds and try again."
        )
        self.retry_after = retry_after


# --- checks ---------------------------------------------------------------------------------


def check_permission(user: Any, permission: str = roles.MODERATE) -> None:
    if not roles.allowed(user, permission):
        raise NotAllowed("You do not have permission to do that.", "forbidden")


def check_rate(user: Any) -> None:
    rate = settings.MASTHEAD.get("MODERATION_ACTION_RATE", "120/60")
    decision = ratelimit.hit(f"moderate:user:{user.pk}", rate)
    if not decision.allowed:
        raise ActionRateLimited(decision.retry_after)


def check_moderator(user: Any) -> None:
    check_permission(user)
    check_rate(user)


def check_reason(reason: str) -> str:
    cleaned = " ".join((reason or "").split())
    if not cleaned:
        raise InvalidComment(
            "Please give a reason; the author will see it.", "reason_required", field="reason"
        )
    if len(cleaned) > 200:
        raise InvalidComment(
            "Please keep the reason under 200 characters.", "reason_too_long", field="reason"
        )
    return cleaned


def check_missed_reason(code: str) -> str:
    code = (code or "").strip()
    if code and code not in MISSED_REASON_CODES:
        raise InvalidComment(
            f"Unknown reason code {code!r}; use one of {', '.join(MISSED_REASON_CODES)}.",
            "bad_reason_code",
            field="missed_reason",
        )
    return code


def _locked_comment(comment_id: int) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article", "parent")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise NotFound("There is no such comment.")
    return comment


def _reader(user_id: int) -> Any:
    reader = User.objects.filter(pk=user_id).first()
    if reader is None:
        raise NotFound("There is no such reader.")
    if reader.is_staff or reader.is_superuser:
        raise NotAllowed("Staff accounts are managed by an administrator.", "staff_account")
    return reader


def _decided_by(comment: Comment) -> tuple[str, str]:
    """Who took the decision that stands on the comment, and at what time ("" when unknown)."""
    entry = (
        AuditEntry.objects.filter(comment_id=comment.pk, undone_at__isnull=True)
        .exclude(actor__isnull=True, actor_name="")
        .exclude(action=Action.UNDO)
        .order_by("-created_at", "-id")
        .first()
    )
    if entry is None:
        return "", ""
    return entry.actor_name, times.label(entry.created_at, "time")


def check_undecided(comment: Comment, before: dict[str, Any]) -> None:
    """Refuse a decision on a comment someone already decided since the moderator's page was
    loaded (a colleague, or the same form sent twice): theirs stands, nothing is written. A
    published comment is still open to a decision while it waits in the audit sample or has
    open reports."""
    if comment.status == Comment.Status.DELETED:
        raise Conflict(f"The author deleted this comment (no. {comment.pk}).", "deleted")
    if comment.status == Comment.Status.REJECTED:
        done = "rejected"
    elif comment.status == Comment.Status.PUBLISHED and not (
        before.get("sample") == AuditSample.Outcome.PENDING or before.get("open_reports")
    ):
        done = "approved"
    else:
        return
    who, when = _decided_by(comment)
    subject = f"{who} already {done}" if who else f"Someone already {done}"
    raise Conflict(
        f"{subject} this comment (no. {comment.pk}){f' at {when}' if when else ''}; nothing "
        "was changed. Reload the queue to see it as it is now.",
        "already_decided",
    )


# --- snapshots ------------------------------------------------------------------------------


def comment_state(comment: Comment) -> dict[str, Any]:
    sample = AuditSample.objects.filter(comment=comment).first()
    state: dict[str, Any] = {
        "status": comment.status,
        "rejection_reason": comment.rejection_reason,
        "editors_pick": comment.is_editors_pick,
        "open_reports": list(
            CommentReport.objects.filter(comment=comment, resolved_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
    }
    if sample is not None:
        state["sample"] = sample.outcome
        state["missed_reason"] = sample.missed_reason
    return state


def reader_state(reader: Any) -> dict[str, Any]:
    profile = comments.reader_profile(reader)
    return {
        "trusted": profile.trusted,
        "banned": profile.banned,
        "suspended_until": profile.suspended_until.isoformat() if profile.suspended_until else None,
        # A ban blocks the account's e-mail address too (comments.actions.ban_reader), and
        # the whole domain if the moderator chose it: the audit log shows both with the ban
        # and its undo.
        "address_blocked": comments.is_address_blocked(comments.account_address(reader)),
        "domain_blocked": comments.is_domain_blocked(comments.account_address(reader)),
        # Whether this reader's own ban chose the domain (another ban may block it too).
        "domain_chosen": profile.domain_blocked,
    }


def _record(
    user: Any,
    action: str,
    *,
    before: dict[str, Any],
    after: dict[str, Any],
    comment: Comment | None = None,
    subject: Any = None,
    reason: str = "",
    batch: uuid.UUID | None = None,
    undoes: AuditEntry | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=user,
        actor_name=user.get_username(),
        action=action,
        comment=comment,
        article_id=comment.article_id if comment else None,
        subject=subject if subject is not None else (comment.author if comment else None),
        reason=reason[:300],
        before=before,
        after=after,
        batch=batch or uuid.uuid4(),
        undoes=undoes,
    )


def _settle_sample_and_reports(
    comment: Comment, user: Any, outcome: str, missed_reason: str = "", *, was_published: bool
) -> None:
    """Resolve the comment's open reports and, when the decision was on the published text
    (`was_published`), review its audit-sample draw. A sampled comment its author edited
    since, back in Held or still being checked, shows words the checks did not publish: a
    decision on those reviews nothing (the checks held the edit; a rejection of it is no miss
    of theirs): a rejection leaves the draw as it is (the comment is not published, so it does
    not wait in the Audit sample); an approval publishes words a moderator just read, and the
    sampled ones no longer exist, so the unreviewed draw is dropped
    (`receivers.drop_unpublished_draw`; an undo puts it back)."""
    if was_published:
        AuditSample.objects.filter(comment=comment, outcome=AuditSample.Outcome.PENDING).update(
            outcome=outcome,
            missed_reason=missed_reason if outcome == AuditSample.Outcome.REJECTED else "",
            reviewed_by=user,
            reviewed_at=timezone.now(),
        )
    elif outcome == AuditSample.Outcome.CONFIRMED:
        drop_unpublished_draw(comment)
    comments.resolve_reports(comment, user)


# --- decisions on comments ------------------------------------------------------------------


def _approve(user: Any, comment_id: int, batch: uuid.UUID | None = None) -> AuditEntry:
    comment = _locked_comment(comment_id)
    before = comment_state(comment)
    check_undecided(comment, before)
    if comment.status == Comment.Status.PUBLISHED:
        # In the audit sample or the reported queue: the comment stays up; the check is done.
        action = Action.CONFIRM_SAMPLE if before.get("sample") == "pending" else Action.APPROVE
        reason = "Checked and kept published"
    else:
        comments.approve_comment(comment, user)
        action, reason = Action.APPROVE, "Approved by a moderator"
    _settle_sample_and_reports(
        comment,
        user,
        AuditSample.Outcome.CONFIRMED,
        was_published=before["status"] == Comment.Status.PUBLISHED,
    )
    comment.refresh_from_db()
    return _record(
        user,
        action,
        before=before,
        after=comment_state(comment),
        comment=comment,
        reason=reason,
        batch=batch,
    )


def _reject(
    user: Any,
    comment_id: int,
    reason: str,
    missed_reason: str = "",
    batch: uuid.UUID | None = None,
) -> AuditEntry:
    comment = _locked_comment(comment_id)
    before = comment_state(comment)
    check_undecided(comment, before)
    return _reject_locked(user, comment, before, reason, reason, missed_reason, batch)


def _reject_locked(
    user: Any,
    comment: Comment,
    before: dict[str, Any],
    reason: str,
    logged: str,
    missed_reason: str = "",
    batch: uuid.UUID | None = None,
) -> AuditEntry:
    """Reject a locked comment (its author is told `reason`), settle its audit-sample review and
    open reports, and log it with `logged` (plus the missed-reason code, when there is one)."""
    comments.reject_comment(comment, user, reason)
    was_published = before["status"] == Comment.Status.PUBLISHED
    missed = missed_reason or (
        "other" if was_published and before.get("sample") == AuditSample.Outcome.PENDING else ""
    )
    _settle_sample_and_reports(
        comment, user, AuditSample.Outcome.REJECTED, missed, was_published=was_published
    )
    comment.refresh_from_db()
    return _record(
        user,
        Action.REJECT,
        before=before,
        after=comment_state(comment),
        comment=comment,
        reason=f"{logged} [{missed}]" if missed else logged,
        batch=batch,
    )


@workspace_action
@transaction.atomic
def approve(user: Any, comment_id: int) -> AuditEntry:
    """Publish a held comment; for a published one (sample, reports) confirm it stays."""
    check_moderator(user)
    return _approve(user, comment_id)


@workspace_action
@transaction.atomic
def reject(user: Any, comment_id: int, reason: str, missed_reason: str = "") -> AuditEntry:
    """Reject with a reason the author sees. `missed_reason`: for an audit-sample comment, the
    reason code the automatic checks missed (feeds the per-reason recall)."""
    check_moderator(user)
    return _reject(user, comment_id, check_reason(reason), check_missed_reason(missed_reason))


def check_published(comment: Comment) -> None:
    """A takedown is of a published comment: one rejected meanwhile (by a colleague, or the
    same form sent twice) or deleted by its author is refused, and so is one that waits for a
    decision (its queue is where it is decided)."""
    if comment.status == Comment.Status.PUBLISHED:
        return
    if comment.status == Comment.Status.DELETED:
        raise Conflict(f"The author deleted this comment (no. {comment.pk}).", "deleted")
    if comment.status == Comment.Status.REJECTED:
        who, when = _decided_by(comment)
        subject = f"{who} already removed" if who else "Someone already removed"
        raise Conflict(
            f"{subject} this comment (no. {comment.pk}){f' at {when}' if when else ''}; "
            "nothing was changed.",
            "already_removed",
        )
    if comment.status == Comment.Status.PENDING:
        # In no queue yet: its verdict comes in seconds (one still unchecked after a few
        # minutes waits in Held).
        raise Conflict(
            f"This comment (no. {comment.pk}) is not published: it is being checked (just "
            "posted, or edited by its author); nothing was changed. Reload its page in a "
            "moment: published, it can be taken down here; held, it is decided in its queue.",
            "not_published",
        )
    raise Conflict(
        f"This comment (no. {comment.pk}) is not published: it waits for a decision in the "
        "queues; decide it there.",
        "not_published",
    )


@workspace_action
@transaction.atomic
def take_down(user: Any, comment_id: int, reason: str) -> AuditEntry:
    """Reject a published comment that is in no queue (nobody reported it, not in the audit
    sample), with a reason its author sees: a moderator's reversal of its publication, logged
    as a rejection like any other (before: published), so undo reverses it. Open reports and a
    pending audit-sample review are settled as a rejection from their queues would."""
    check_moderator(user)
    why = check_reason(reason)
    comment = _locked_comment(comment_id)
    check_published(comment)
    return _reject_locked(user, comment, comment_state(comment), why, f"Taken down: {why}")


def check_text_unchanged(comment: Comment, base: str) -> None:
    """Refuse an edit made on a page built from `base` when the comment's text has changed
    since (its author edited it, a colleague edited and approved it): saving would replace
    their newer words with a trim of the old ones."""
    if comment_text.normalise(base) == comment_text.normalise(comment.text):
        return
    last = CommentRevision.objects.filter(comment=comment).order_by("-created_at", "-id").first()
    who = "someone"
    if last is not None and last.edited_by_id is not None:
        if last.edited_by_id == comment.author_id:
            who = "its author"
        elif last.edited_by is not None:
            who = last.edited_by.get_username()
    when = f" at {times.label(last.created_at, 'time')}" if last is not None else ""
    raise Conflict(
        f"The text of this comment (no. {comment.pk}) changed after you opened this page "
        f"({who} edited it{when}); nothing was saved. It is shown as it is now, with your "
        "edit in the box: check it against the new text, then save again.",
        "text_changed",
    )


@workspace_action
@transaction.atomic
def edit_and_approve(
    user: Any, comment_id: int, text: str, note: str = "", base: str | None = None
) -> AuditEntry:
    """Trim a comment and publish it; the original text stays in the comment's history.
    `base`: the text the moderator's page showed (refused when the comment's text changed
    since); None skips that check."""
    check_moderator(user)
    comment = _locked_comment(comment_id)
    before = {**comment_state(comment), "text": comment.text}
    if comment.status == Comment.Status.REJECTED:
        # Trimming a published comment is fine; publishing one a colleague rejected is not.
        check_undecided(comment, before)
    if base is not None and comment.status != Comment.Status.DELETED:
        check_text_unchanged(comment, base)
    comments.edit_and_approve_comment(comment, user, text, note or "Edited by a moderator")
    _settle_sample_and_reports(
        comment,
        user,
        AuditSample.Outcome.CONFIRMED,
        was_published=before["status"] == Comment.Status.PUBLISHED,
    )
    comment.refresh_from_db()
    return _record(
        user,
        Action.EDIT_APPROVE,
        before=before,
        after={**comment_state(comment), "text": comment.text},
        comment=comment,
        reason=note or "Edited and approved",
    )


@workspace_action
@transaction.atomic
def feature(user: Any, comment_id: int, featured: bool = True) -> AuditEntry:
    check_moderator(user)
    comment = _locked_comment(comment_id)
    before = comment_state(comment)
    comments.feature_comment(comment, user, featured)
    comment.refresh_from_db()
    return _record(
        user,
        Action.FEATURE if featured else Action.UNFEATURE,
        before=before,
        after=comment_state(comment),
        comment=comment,
        reason="Editor's pick" if featured else "No longer an editor's pick",
    )


# --- decisions on readers -------------------------------------------------------------------


def _locked_profile(reader: Any) -> ReaderProfile:
    """The reader's profile (made if missing), its row locked until the transaction ends, so
    two decisions on one reader sent at once are taken one after the other and each audit entry's
    "before" is what that decision changed. A no-op on SQLite (one writer at a time)."""
    comments.reader_profile(reader)
    return ReaderProfile.objects.select_for_update().get(user=reader)


def suspended_for(days: int) -> str:
    """What a suspension of `days` days is called: "Suspended for 1 day", "... for 7 days"."""
    return f"Suspended for {days} day{'' if days == 1 else 's'}"


@workspace_action
@transaction.atomic
def suspend(user: Any, reader_id: int, days: int, reason: str = "") -> AuditEntry:
    check_moderator(user)
    if not 1 <= int(days) <= MAX_SUSPEND_DAYS:
        raise InvalidComment(
            f"A suspension lasts 1 to {MAX_SUSPEND_DAYS} days.", "bad_days", field="days"
        )
    reader = _reader(reader_id)
    # Locked before "before" is read: a lift (or another suspension) sent at the same moment
    # waits, and this entry's "before" is the state this suspension replaced (PostgreSQL).
    running = _locked_profile(reader).suspended_until
    before = reader_state(reader)
    until = timezone.now() + dt.timedelta(days=int(days))
    if running is not None and running > until:
        # A second suspension never cuts a longer one short (a colleague's 30 days by a
        # later 3): the later end is kept and the log says so. Shortening is an undo.
        note = f"not shortened: already suspended until {times.label(running)}"
        return _record(
            user,
            Action.SUSPEND,
            before=before,
            after=reader_state(reader),
            subject=reader,
            reason=f"{reason} ({note})" if reason else f"{suspended_for(int(days))}; {note}",
        )
    comments.suspend_reader(reader, user, until)
    return _record(
        user,
        Action.SUSPEND,
        before=before,
        after=reader_state(reader),
        subject=reader,
        reason=reason or suspended_for(int(days)),
    )


def suspension_message(entry: AuditEntry, days: int) -> str:
    """What the moderator is told after `suspend`: how long, or that a longer suspension already
    running was kept (its end unchanged in the entry)."""
    running = entry.before.get("suspended_until")
    if running and running == entry.after.get("suspended_until"):
        until = times.label(dt.datetime.fromisoformat(running))
        return (
            f"Not shortened: this reader is already suspended until {until}, later than "
            f"{days} day{'' if days == 1 else 's'} from now; that end is kept."
        )
    return f"{suspended_for(days)}."


def check_lift_reason(reason: str, what: str = "suspension") -> str:
    """Why a suspension (or ban) ends early: required (it overrides a moderator's decision,
    perhaps a colleague's), kept in the audit log; the reader is not shown it."""
    cleaned = " ".join((reason or "").split())
    if not cleaned:
        raise InvalidComment(
            f"Please say why the {what} is lifted; the audit log keeps it.",
            "reason_required",
            field="reason",
        )
    if len(cleaned) > 200:
        raise InvalidComment(
            "Please keep the reason under 200 characters.", "reason_too_long", field="reason"
        )
    return cleaned


@workspace_action
@transaction.atomic
def lift_suspension(user: Any, reader_id: int, reason: str) -> AuditEntry:
    """End a running suspension now, whoever set it: the reader may post again at once. Refused
    (Conflict) when the reader is not suspended (never was, it ended, or a colleague lifted it
    first). A ban is left as it is. Undo puts the suspension's end back."""
    check_moderator(user)
    why = check_lift_reason(reason)
    reader = _reader(reader_id)
    # The profile row is locked before it is read, so two lifts (or a lift and a suspension)
    # sent at once are taken one after the other and the second sees the first's result.
    profile = _locked_profile(reader)
    if not profile.is_suspended:
        ended = profile.suspended_until
        if ended:
            since = f" (their suspension ended at {times.label(ended)})"
        else:
            since = _lifted_by(reader, Action.LIFT_SUSPENSION, "suspension")
        raise Conflict(
            f"This reader is not suspended{since}; nothing was changed. Reload the page.",
            "not_suspended",
        )
    before = reader_state(reader)
    comments.suspend_reader(reader, user, None)
    return _record(
        user,
        Action.LIFT_SUSPENSION,
        before=before,
        after=reader_state(reader),
        subject=reader,
        reason=f"Suspension lifted: {why}",
    )


def _lifted_by(reader: Any, action: str, what: str) -> str:
    """Why a second lift finds nothing to lift: ' (NAME lifted the WHAT at HH:MM TZ)' for the
    standing lift of this kind on this reader, or '' if there is none."""
    lifted = (
        AuditEntry.objects.filter(subject_id=reader.pk, action=action, undone_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )
    if lifted is None:
        return ""
    who = lifted.actor_name or "Someone"
    return f" ({who} lifted the {what} at {times.label(lifted.created_at, 'time')})"


def lift_message(entry: AuditEntry) -> str:
    """What the moderator is told after `lift_suspension`."""
    if entry.after.get("banned"):
        return "Suspension lifted; this reader is still banned, so still may not post."
    return "Suspension lifted: this reader may post again now. Undo reverses it."


@workspace_action
@transaction.atomic
def ban(user: Any, reader_id: int, reason: str = "", block_domain: bool = False) -> AuditEntry:
    """Ban a reader, which blocks their e-mail address; with `block_domain` every address at
    their own domain too (only where `blocklist.domain_to_offer` names one: never a public
    provider's). Undo lifts the ban and both blocks."""
    check_moderator(user)
    reader = _reader(reader_id)
    _locked_profile(reader)  # as in suspend: a lift of the ban at the same moment waits
    before = reader_state(reader)
    if before["banned"]:
        raise Conflict(
            "This reader is already banned; nothing was changed. Reload the queue.",
            "already_decided",
        )
    comments.ban_reader(reader, user, True, block_domain=block_domain)
    return _record(
        user,
        Action.BAN,
        before=before,
        after=reader_state(reader),
        subject=reader,
        reason=reason or "Banned",
    )


@workspace_action
@transaction.atomic
def lift_ban(user: Any, reader_id: int, reason: str) -> AuditEntry:
    """Lift a ban, whoever set it, through comments' own unban (so the blocked e-mail address
    hash goes too, unless another banned account shares the address). Same permission as the
    ban. Refused (Conflict) when the reader is not banned (never was, or a colleague lifted it
    first). A running suspension is left as it is. Undo bans again (and blocks the address)."""
    check_moderator(user)
    why = check_lift_reason(reason, "ban")
    reader = _reader(reader_id)
    profile = _locked_profile(reader)
    if not profile.banned:
        since = _lifted_by(reader, Action.LIFT_BAN, "ban")
        raise Conflict(
            f"This reader is not banned{since}; nothing was changed. Reload the page.",
            "not_banned",
        )
    before = reader_state(reader)
    comments.ban_reader(reader, user, False)
    return _record(
        user,
        Action.LIFT_BAN,
        before=before,
        after=reader_state(reader),
        subject=reader,
        reason=f"Ban lifted: {why}",
    )


def ban_message(block_domain: bool) -> str:
    """What the moderator is told after a ban (the form's notice, the API's `message`)."""
    if block_domain:
        return "Banned; every address at their e-mail domain is blocked too."
    return "Banned."


def lift_ban_message(entry: AuditEntry) -> str:
    """What the moderator is told after `lift_ban`."""
    text = "Ban lifted: this reader may post again now."
    until = entry.after.get("suspended_until")
    if until and dt.datetime.fromisoformat(until) > timezone.now():
        label = times.label(dt.datetime.fromisoformat(until))
        text = f"Ban lifted; this reader is still suspended until {label}."
    if entry.after.get("domain_blocked"):
        text += (
            " Every address at their e-mail domain stays blocked: another ban chose to block "
            "it (perhaps of an account deleted since)."
        )
    elif entry.after.get("address_blocked"):
        text += " Their e-mail address stays blocked: another banned account has the same address."
    return f"{text} Undo reverses it."


def record_address_block_lift(
    sender: Any = None,
    *,
    operator: Any,
    reason: str,
    digest: str,
    domain_blocked: bool = False,
    **kwargs: Any,
) -> AuditEntry:
    """The audit entry for the block of a deleted banned account's address lifted from the
    command line (`masthead blocked_addresses lift --by NAME --reason TEXT`): a receiver of
    `comments.signals.address_block_lifted` (connected in apps.py), run inside the lift's
    transaction, so a refusal here (not a workspace moderator, no reason) lifts nothing. Logged
    as lifting the ban, whose last trace the block was, with no reader (the account is gone)
    and the first characters of the address's hash, never the address. No actor row, only the
    name: Undo in the workspace cannot ban an account that no longer exists. A lift that also
    removed the block of the address's domain says so (`domain_blocked` before and after)."""
    check_permission(operator)
    why = check_lift_reason(reason, "block")
    before: dict[str, Any] = {"address_blocked": True, "address_hash": digest[:12]}
    after: dict[str, Any] = {"address_blocked": False, "address_hash": digest[:12]}
    if domain_blocked:
        before["domain_blocked"], after["domain_blocked"] = True, False
    return AuditEntry.objects.create(
        actor=None,
        actor_name=operator.get_username(),
        action=Action.LIFT_BAN,
        reason=f"Address block lifted from the command line: {why}"[:300],
        before=before,
        after=after,
    )


@workspace_action
@transaction.atomic
def trust(user: Any, reader_id: int, trusted: bool = True) -> AuditEntry:
    check_moderator(user)
    reader = _reader(reader_id)
    _locked_profile(reader)  # as in suspend and ban: "before" is the state this changes
    before = reader_state(reader)
    if before["trusted"] == trusted:
        state = "already trusted" if trusted else "not trusted"
        raise Conflict(
            f"This reader is {state}; nothing was changed. Reload the queue.",
            "already_decided",
        )
    comments.set_reader_trusted(reader, user, trusted)
    return _record(
        user,
        Action.TRUST if trusted else Action.UNTRUST,
        before=before,
        after=reader_state(reader),
        subject=reader,
        reason="Marked trusted" if trusted else "No longer trusted",
    )


# --- bulk and undo --------------------------------------------------------------------------


def check_bulk_ids(ids: Iterable[Any]) -> list[int]:
    try:
        cleaned = list(dict.fromkeys(int(i) for i in ids))
    except (TypeError, ValueError):
        raise InvalidComment("Comment ids must be numbers.", "bad_ids", field="ids") from None
    if not cleaned:
        raise InvalidComment("Choose at least one comment.", "no_ids", field="ids")
    if len(cleaned) > MAX_BULK:
        raise InvalidComment(f"At most {MAX_BULK} comments at once.", "too_many_ids", field="ids")
    return cleaned


class BulkDone(list[AuditEntry]):
    """The audit entries of a bulk decision; `skipped` names the comments left as they were
    (decided by someone else meanwhile, deleted by their author, gone)."""

    def __init__(self, entries: Iterable[AuditEntry], skipped: list[int]) -> None:
        super().__init__(entries)
        self.skipped = skipped

    def summary(self) -> str:
        text = f"{len(self)} comment{'s' if len(self) != 1 else ''} done."
        if self.skipped:
            numbers = ", ".join(f"no. {pk}" for pk in self.skipped)
            text += (
                f" {len(self.skipped)} left as they were: decided by someone else or deleted "
                f"meanwhile ({numbers})."
            )
        return text


@workspace_action
@transaction.atomic
def bulk(user: Any, action: str, ids: Iterable[Any], reason: str = "") -> BulkDone:
    """Approve or reject many comments as one decision (one undo reverses them all). Comments
    someone decided (or deleted) since the page was loaded are left as they are and listed in
    `skipped`; when that is all of them, Conflict."""
    check_moderator(user)
    cleaned = check_bulk_ids(ids)
    batch = uuid.uuid4()
    if action == "approve":
        decide: Callable[[int], AuditEntry] = lambda pk: _approve(user, pk, batch)  # noqa: E731
    elif action == "reject":
        why = check_reason(reason)
        decide = lambda pk: _reject(user, pk, why, batch=batch)  # noqa: E731
    else:
        raise InvalidComment("Bulk action must be approve or reject.", "bad_action", field="action")
    entries: list[AuditEntry] = []
    skipped: list[int] = []
    last_refusal: CommentError | None = None
    # In the order of their numbers, not as ticked: two moderators' bulk decisions over the
    # same comments (queues sorted differently) then take the comments' locks in one order,
    # and the second waits for the first instead of deadlocking with it (PostgreSQL).
    for comment_id in sorted(cleaned):
        try:
            with transaction.atomic():
                entries.append(decide(comment_id))
        except (Conflict, NotFound) as refusal:
            skipped.append(comment_id)
            last_refusal = refusal
    if not entries and last_refusal is not None:
        if len(skipped) == 1:
            raise last_refusal
        raise Conflict(
            "Every selected comment was decided by someone else or deleted meanwhile; nothing "
            "was changed. Reload the queue.",
            "already_decided",
        )
    return BulkDone(entries, skipped)


def _drawn_at(comment: Comment) -> dt.datetime:
    """When a comment's dropped audit-sample draw was made: at its first automatic publication
    (`receivers.record_verdict` draws once, at the first publication the share chose)."""
    first = (
        AuditEntry.objects.filter(comment=comment, action=Action.AUTO_PUBLISH, actor__isnull=True)
        .order_by("created_at", "id")
        .values_list("created_at", flat=True)
        .first()
    )
    return first or comment.created_at


def _restore_comment(user: Any, entry: AuditEntry) -> dict[str, Any]:
    if entry.comment_id is None:
        raise Conflict("The comment of that action no longer exists.", "gone")
    comment = _locked_comment(entry.comment_id)
    before = entry.before
    if comment.status == Comment.Status.DELETED:
        raise Conflict("The author deleted this comment since; nothing to undo.", "deleted")
    if "text" in before and before["text"] != comment.text:
        comments.edit_and_approve_comment(comment, user, before["text"], "Undo of an edit")
        comment.refresh_from_db()
    target = before.get("status")
    if target != comment.status or "text" in before:
        if target == Comment.Status.PUBLISHED:
            comments.approve_comment(comment, user)
        elif target == Comment.Status.REJECTED:
            comments.reject_comment(comment, user, before.get("rejection_reason") or "Rejected")
        else:
            comments.hold_comment(comment, user)
        comment.refresh_from_db()
    if target != Comment.Status.REJECTED and comment.rejection_reason != before.get(
        "rejection_reason", ""
    ):
        # comments.actions keeps the last rejection reason on the comment; after undoing a
        # rejection it would still be shown to the author, so it goes back to what it was.
        Comment.objects.filter(pk=comment.pk).update(
            rejection_reason=before.get("rejection_reason", "")
        )
    if bool(before.get("editors_pick")) != comment.is_editors_pick:
        if comment.status == Comment.Status.PUBLISHED or not before.get("editors_pick"):
            comments.feature_comment(comment, user, bool(before.get("editors_pick")))
    if "sample" in before:
        if not AuditSample.objects.filter(comment=comment).exists():
            # Dropped by the approval undone (an edit the checks held, approved): drawn again
            # as it was, at the automatic publication that drew it.
            AuditSample.objects.create(comment=comment, selected_at=_drawn_at(comment))
        AuditSample.objects.filter(comment=comment).update(
            outcome=before["sample"],
            missed_reason=before.get("missed_reason", ""),
            reviewed_by=None if before["sample"] == AuditSample.Outcome.PENDING else user,
            reviewed_at=None if before["sample"] == AuditSample.Outcome.PENDING else timezone.now(),
        )
    reopened = before.get("open_reports") or []
    if reopened:
        CommentReport.objects.filter(pk__in=reopened).update(resolved_at=None, resolved_by=None)
    comment.refresh_from_db()
    return comment_state(comment)


def _lock_reader_of(entry: AuditEntry) -> None:
    """Lock the profile of the reader an audit entry acted on (if the reader still exists),
    so an undo waits for a colleague's decision on that reader being saved, then sees it."""
    reader = User.objects.filter(pk=entry.subject_id).first() if entry.subject_id else None
    if reader is not None:
        _locked_profile(reader)


def _restore_reader(user: Any, entry: AuditEntry) -> dict[str, Any]:
    if entry.subject_id is None:
        raise Conflict("The reader of that action no longer exists.", "gone")
    reader = User.objects.get(pk=entry.subject_id)
    before = entry.before
    state = reader_state(reader)
    if state["trusted"] != before.get("trusted"):
        comments.set_reader_trusted(reader, user, bool(before.get("trusted")))
    if state["banned"] != before.get("banned"):
        # Undoing a lift bans again as before: choosing the domain if the lifted ban had
        # chosen it, even while another ban keeps it blocked, so that lifting that other ban
        # later does not open it. Entries written before "domain_chosen" was recorded tell
        # only whether the domain was blocked.
        banned = bool(before.get("banned"))
        chosen = before.get("domain_chosen")
        if chosen is None:
            chosen = bool(before.get("domain_blocked")) and not state["domain_blocked"]
        comments.ban_reader(reader, user, banned, block_domain=banned and bool(chosen))
    if state["suspended_until"] != before.get("suspended_until"):
        until = before.get("suspended_until")
        comments.suspend_reader(reader, user, dt.datetime.fromisoformat(until) if until else None)
    return reader_state(reader)


READER_ACTIONS = (
    Action.SUSPEND,
    Action.LIFT_SUSPENSION,
    Action.BAN,
    Action.LIFT_BAN,
    Action.TRUST,
    Action.UNTRUST,
)


def overtaken_by(user: Any, entry: AuditEntry) -> AuditEntry | None:
    """Someone else's standing decision on the same comment (or action on the same reader)
    taken after `entry`, if any: undoing `entry` would reverse it too. The checks' own verdicts
    (an author's edit checked again) do not count, nor undos."""
    on_reader = entry.action in READER_ACTIONS
    if (entry.subject_id if on_reader else entry.comment_id) is None:
        return None  # gone: the restore says so
    if on_reader:
        same = AuditEntry.objects.filter(subject_id=entry.subject_id, action__in=READER_ACTIONS)
    else:
        same = AuditEntry.objects.filter(comment_id=entry.comment_id)
    return (
        same.filter(id__gt=entry.pk, undone_at__isnull=True)
        .exclude(actor__isnull=True, actor_name="")
        .exclude(action=Action.UNDO)
        .exclude(actor=user)
        .order_by("id")
        .first()
    )


def check_not_overtaken(user: Any, entry: AuditEntry) -> None:
    """Refuse to undo `entry` when someone else has since decided the same comment (or acted on
    the same reader) and that stands: restoring the state before `entry` would silently reverse
    their decision too (a colleague's takedown of a comment this moderator approved)."""
    later = overtaken_by(user, entry)
    if later is None:
        return
    on_reader = entry.action in READER_ACTIONS
    who = later.actor_name or "Someone"
    when = times.label(later.created_at, "time")
    target = f"reader no. {entry.subject_id}" if on_reader else f"comment no. {entry.comment_id}"
    raise Conflict(
        f"{who} acted on {target} after you ({later.get_action_display()} at {when}); "
        "nothing was undone, as undoing yours would reverse theirs too.",
        "overtaken",
    )


def check_not_edited_since(entry: AuditEntry) -> None:
    """Refuse to undo a decision on a comment its author has edited since when the undo would
    publish it or put back its earlier text: that would publish (or restore) words no
    moderator read, past the checks' verdict on the edit. Putting it back into Held is safe."""
    if entry.action in READER_ACTIONS or entry.comment_id is None:
        return
    before = entry.before or {}
    if before.get("status") != Comment.Status.PUBLISHED and "text" not in before:
        return
    author_id = (
        Comment.objects.filter(pk=entry.comment_id).values_list("author_id", flat=True).first()
    )
    if author_id is None:
        return  # a guest's comment (no edits) or gone
    edit = (
        CommentRevision.objects.filter(
            comment_id=entry.comment_id, edited_by_id=author_id, created_at__gt=entry.created_at
        )
        .order_by("created_at", "id")
        .first()
    )
    if edit is None:
        return
    raise Conflict(
        f"Its author edited comment no. {entry.comment_id} after your decision (at "
        f"{times.label(edit.created_at, 'time')}); nothing was undone, as undoing it would "
        "publish or put back text no moderator has read. Decide it from its queue or its page.",
        "edited_since",
    )


def last_undoable(user: Any) -> AuditEntry | None:
    """This moderator's decision that Undo would reverse now, or None."""
    return (
        AuditEntry.objects.filter(actor=user, action__in=UNDOABLE, undone_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )


class Undone(list[AuditEntry]):
    """The undo entries of one undo; `what` is the action it reversed, as the log names it."""

    def __init__(self, entries: Iterable[AuditEntry], what: str) -> None:
        super().__init__(entries)
        self.what = what

    def summary(self) -> str:
        """One line naming what was undone: "Undone: Rejected (no. 12).", "Undone: Approved
        (3 comments: no. 4, no. 5, no. 6).", "Undone: Banned the author (reader no. 7)."."""
        comment_ids = sorted({e.comment_id for e in self if e.comment_id is not None})
        reader_ids = sorted({e.subject_id for e in self if e.subject_id is not None})
        numbers = ", ".join(f"no. {pk}" for pk in comment_ids)
        if len(comment_ids) > 1:
            target = f"{len(comment_ids)} comments: {numbers}"
        elif comment_ids:
            target = numbers
        elif reader_ids:
            target = ", ".join(f"reader no. {pk}" for pk in reader_ids)
        else:
            return f"Undone: {self.what}."
        return f"Undone: {self.what} ({target})."


@workspace_action
@transaction.atomic
def undo_last(user: Any) -> Undone:
    """Reverse this moderator's last decision (all of it, for a bulk action)."""
    check_moderator(user)
    last = (
        AuditEntry.objects.select_for_update()
        .filter(actor=user, action__in=UNDOABLE, undone_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )
    if last is None:
        raise Conflict("There is nothing of yours to undo.", "nothing_to_undo")
    entries = list(
        AuditEntry.objects.filter(batch=last.batch, actor=user, undone_at__isnull=True).order_by(
            "-id"
        )
    )
    for entry in entries:
        if entry.action in READER_ACTIONS:
            _lock_reader_of(entry)  # a colleague's decision on the reader being saved: wait
        check_not_overtaken(user, entry)
        check_not_edited_since(entry)
    undo_batch = uuid.uuid4()
    now = timezone.now()
    written = []
    for entry in entries:
        if entry.action in READER_ACTIONS:
            after = _restore_reader(user, entry)
            comment = None
        else:
            after = _restore_comment(user, entry)
            comment = Comment.objects.filter(pk=entry.comment_id).first()
        AuditEntry.objects.filter(pk=entry.pk).update(undone_at=now)
        written.append(
            _record(
                user,
                Action.UNDO,
                before=entry.after,
                after=after,
                comment=comment,
                subject=entry.subject,
                reason=f"Undid: {entry.get_action_display()}",
                batch=undo_batch,
                undoes=entry,
            )
        )
    return Undone(written, last.get_action_display())


# --- settings -------------------------------------------------------------------------------

POLICY_FIELDS = (
    *moderation.THRESHOLD_FIELDS,
    "max_links",
    *moderation.WORD_FIELDS,
    *moderation.FLAG_FIELDS,
    "shadow_mode",
)


def settings_state() -> dict[str, Any]:
    policy = ModerationPolicy.load()
    state: dict[str, Any] = {name: getattr(policy, name) for name in POLICY_FIELDS}
    for name in moderation.WORD_FIELDS:
        state[name] = list(word_list(state[name]))
    state["audit_sample_rate"] = WorkspaceSettings.load().audit_sample_rate
    comments_settings = CommentsSettings.load()
    state["faq"] = comments_settings.faq
    state["close_after_days"] = comments_settings.close_after_days
    return state


def settings_fingerprint(state: dict[str, Any] | None = None) -> str:
    """A short digest of the settings as they are: the page sends back the one it was built
    from, so a save over someone else's newer change is caught."""
    import hashlib
    import json

    text = json.dumps(state if state is not None else settings_state(), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def check_not_stale(loaded: str | None, state: dict[str, Any]) -> None:
    if not loaded or loaded == settings_fingerprint(state):
        return
    last = AuditEntry.objects.filter(action=Action.SETTINGS).order_by("-created_at", "-id").first()
    who = ""
    if last is not None:
        when = times.label(last.created_at, "time")
        who = f" ({last.actor_name or 'someone'} at {when})"
    raise Conflict(
        f"Someone changed these settings after you opened this page{who}. Nothing was saved, so "
        "as not to undo their change. The form now shows the settings as they are, with the "
        "changes you made on this page on top: check them (the audit log has theirs), then save "
        "again.",
        "settings_changed",
    )


def check_close_after_days(value: Any) -> int | None:
    """'' means "use the site setting"; otherwise a whole number of days (0 = never close)."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]+", text) or int(text) > 3650:
        raise InvalidComment(
            "The closing age must be a whole number of days from 0 to 3650 (0 = never).",
            "bad_close_after_days",
            field="close_after_days",
        )
    return int(text)


def check_sample_rate(value: Any) -> float | None:
    """'' means the site default; otherwise a plain number from 0 to 1 (no NaN, infinity or
    exponent; "-0" is 0)."""
    try:
        return moderation.parse_fraction(
            value,
            "The audit sample rate",
            "audit_sample_rate",
            example="0.05 for one in twenty (or empty for the site default)",
        )
    except ValidationError as exc:
        raise InvalidComment(
            " ".join(exc.messages), "bad_rate", field="audit_sample_rate"
        ) from None


@workspace_action
@transaction.atomic
def update_settings(
    user: Any,
    policy: dict[str, Any],
    *,
    audit_sample_rate: Any = "",
    faq: str | None = None,
    article_modes: dict[int, str] | None = None,
    close_after_days: Any = None,
    loaded: str | None = None,
) -> AuditEntry | None:
    """Change thresholds, word lists, pre-moderation modes, shadow mode, the audit sample rate,
    the Comments FAQ and articles' comment modes (open, pre-moderated, closed). `loaded`: the
    settings_fingerprint the page was built from; Conflict when they changed since."""
    check_permission(user, roles.CHANGE_SETTINGS)
    check_rate(user)
    # The policy row is the settings' lock: taken before the settings are read, so two saves
    # from pages loaded alike cannot both pass the stale check (the second waits for the first
    # to commit, then sees its change). A no-op on SQLite, where one writer runs at a time.
    ModerationPolicy.objects.select_for_update().get_or_create(pk=1)
    before = settings_state()
    check_not_stale(loaded, before)
    try:
        moderation.update_policy(user, **policy)
    except ValidationError as exc:
        field = (getattr(exc, "params", None) or {}).get("field")
        raise InvalidComment(" ".join(exc.messages), "bad_setting", field=field) from None
    workspace = WorkspaceSettings.load()
    rate = check_sample_rate(audit_sample_rate)
    if rate != workspace.audit_sample_rate:
        workspace.audit_sample_rate = rate
        workspace.save()
    # Compared as the FAQ is stored (line ends, trailing spaces): a browser sends the textarea
    # back with \r\n line ends, and the default FAQ ends with a line break.
    if faq is not None and comment_text.normalise(faq) != comment_text.normalise(before["faq"]):
        comments.update_faq(faq, user)
    if close_after_days is not None:
        days = check_close_after_days(close_after_days)
        if days != before["close_after_days"]:
            comments.set_close_after_days(days, user)
    # Only the articles whose mode changes are read and logged (not every article's mode).
    modes_before: dict[str, str] = {}
    modes_after: dict[str, str] = {}
    for article_id, mode in (article_modes or {}).items():
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            raise NotFound("There is no such article.")
        if article.comments_mode == mode:
            continue
        modes_before[str(article_id)] = article.comments_mode
        comments.set_article_comments_mode(article, mode, user)
        modes_after[str(article_id)] = mode
    after = settings_state()
    changed = sorted(k for k in after if after[k] != before[k])
    logged_before = {k: before[k] for k in changed}
    logged_after = {k: after[k] for k in changed}
    if modes_after:
        changed = sorted([*changed, "article_modes"])
        logged_before["article_modes"] = modes_before
        logged_after["article_modes"] = modes_after
    if not changed:
        return None
    return _record(
        user,
        Action.SETTINGS,
        before=logged_before,
        after=logged_after,
        reason="Changed " + ", ".join(changed),
    )
