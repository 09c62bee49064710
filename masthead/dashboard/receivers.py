"""Follow comments' automatic verdicts: an audit entry each, the triage index, the audit sample.

Connected in `apps.py`. Runs inside the transaction that stores the verdict, so the log never
misses a decision and never records one that rolled back.
"""

from __future__ import annotations

import contextvars
from typing import Any

from masthead.comments.models import Comment
from masthead.dashboard import measures, present
from masthead.dashboard.models import AuditEntry, AuditSample, Triage, WorkspaceSettings

# Set while a workspace action runs: it writes its own, fuller audit entry.
in_workspace_action: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "in_workspace_action", default=False
)
HUMAN_ACTION = {
    Comment.Status.PUBLISHED: AuditEntry.Action.APPROVE,
    Comment.Status.REJECTED: AuditEntry.Action.REJECT,
    Comment.Status.HELD: AuditEntry.Action.HOLD,
}
PREMODERATION_REASONS = frozenset({"premoderated", "pre_moderation", "first_comment", "has_links"})
AUTO_ACTION = {
    Comment.Status.PUBLISHED: AuditEntry.Action.AUTO_PUBLISH,
    Comment.Status.HELD: AuditEntry.Action.AUTO_HOLD,
    Comment.Status.REJECTED: AuditEntry.Action.AUTO_REJECT,
}


def verdict_snapshot(comment: Comment) -> dict[str, Any]:
    return {
        "status": comment.status,
        "decision": comment.decision,
        "reasons": list(comment.reasons or []),
        "scores": dict(comment.scores or {}),
        "model_version": comment.model_version,
        "shadow_decision": comment.shadow_decision,
        "enforced_reasons": comment.enforced_reason_codes(),
    }


def only_premoderation(enforced_reasons: list[str]) -> bool:
    """Held only because pre-moderation asked for it (the Pre-moderated tab); a comment the
    checks also held for something else (an insult from a new reader) waits in Held. Read from
    the reasons the verdict enforced: in shadow mode the checks' other reasons are recorded, not
    enforced, so pre-moderation alone held that insult."""
    return bool(enforced_reasons) and set(enforced_reasons) <= PREMODERATION_REASONS


def index_comment(comment: Comment) -> Triage:
    """Copy what the queues sort and filter on from the comment's stored verdict."""
    reasons = [str(r) for r in comment.reasons or []]
    triage, _ = Triage.objects.update_or_create(
        comment=comment,
        defaults={
            "risk": present.risk_of(comment.scores or {}, reasons),
            "reason_codes": (" " + " ".join(reasons) + " ")[:300] if reasons else "",
            "premoderated": only_premoderation(comment.enforced_reason_codes()),
        },
    )
    return triage


def record_verdict(comment: Comment, previous_status: str = Comment.Status.PENDING) -> AuditEntry:
    action = AUTO_ACTION.get(comment.status, AuditEntry.Action.AUTO_HOLD)
    entry = AuditEntry.objects.create(
        actor=None,
        action=action,
        comment=comment,
        article_id=comment.article_id,
        subject_id=comment.author_id,
        reason=", ".join(comment.reasons or [])
        or ("no problem found" if comment.status == Comment.Status.PUBLISHED else comment.decision),
        before={"status": previous_status},
        after=verdict_snapshot(comment),
        created_at=comment.moderated_at or comment.created_at,
    )
    index_comment(comment)
    if comment.status == Comment.Status.PUBLISHED:
        rate = WorkspaceSettings.load().sample_rate()
        if measures.in_sample(comment.pk, rate):
            AuditSample.objects.get_or_create(
                comment=comment, defaults={"selected_at": entry.created_at}
            )
    return entry


def on_verdict_stored(
    sender: Any, comment: Comment, previous_status: str = "pending", **_: Any
) -> None:
    record_verdict(comment, previous_status)


def drop_unpublished_draw(comment: Comment) -> None:
    """Drop the unreviewed audit-sample draw of a comment a moderator approved while it was not
    published: its author edited it after the checks published it, and the checks held the
    edit (or were still checking it). The words drawn are gone and a moderator has just read
    the ones published now, so there is nothing left to spot-check: kept, the draw would wait
    in the Audit sample for a second reading, and a review of it would count for or against
    the checks on words they never published. A reviewed draw stays as it is."""
    AuditSample.objects.filter(comment=comment, outcome=AuditSample.Outcome.PENDING).delete()


def on_comment_decided(
    sender: Any,
    comment: Comment,
    moderator: Any,
    previous_status: str,
    reason: str = "",
    **_: Any,
) -> None:
    """A moderator decided outside the workspace (the admin, a script): log it too."""
    if in_workspace_action.get():
        return
    AuditEntry.objects.create(
        actor=moderator if getattr(moderator, "pk", None) else None,
        actor_name=moderator.get_username() if getattr(moderator, "pk", None) else "unknown",
        action=HUMAN_ACTION.get(comment.status, AuditEntry.Action.HOLD),
        comment=comment,
        article_id=comment.article_id,
        subject_id=comment.author_id,
        reason=(reason or "Decided outside the workspace")[:300],
        before={"status": previous_status},
        after={"status": comment.status, "rejection_reason": comment.rejection_reason},
    )
    if comment.status == Comment.Status.REJECTED and previous_status == Comment.Status.PUBLISHED:
        # A sampled comment taken down elsewhere was wrongly published all the same. (Held
        # again after its author's edit, the words rejected are not the ones the checks
        # published: no review of the sample.)
        AuditSample.objects.filter(comment=comment, outcome=AuditSample.Outcome.PENDING).update(
            outcome=AuditSample.Outcome.REJECTED,
            reviewed_by=moderator if getattr(moderator, "pk", None) else None,
            reviewed_at=comment.moderated_at,
        )
    elif comment.status == Comment.Status.PUBLISHED and previous_status != comment.status:
        drop_unpublished_draw(comment)


def on_faq_changed(sender: Any, editor: Any, before: str, after: str, **_: Any) -> None:
    """The FAQ was saved on its own page (/comments/faq/edit/): log it as the settings page
    would. A settings-page save is a workspace action and writes its own entry."""
    if in_workspace_action.get():
        return
    AuditEntry.objects.create(
        actor=editor,
        actor_name=editor.get_username(),
        action=AuditEntry.Action.SETTINGS,
        reason="Changed faq",
        before={"faq": before},
        after={"faq": after},
    )


def on_policy_changed(
    sender: Any, user: Any, actor: str, before: dict[str, Any], after: dict[str, Any], **_: Any
) -> None:
    """The moderation policy was changed outside the workspace (a script, a management command,
    the shell): log it as the settings page would, with who ("system" or the command's name
    when no account). A settings-page save is a workspace action and writes its own entry."""
    if in_workspace_action.get():
        return
    AuditEntry.objects.create(
        actor=user,
        actor_name=actor[:150],
        action=AuditEntry.Action.SETTINGS,
        reason=("Changed " + ", ".join(sorted(after)))[:300],
        before=before,
        after=after,
    )


def on_comment_erased(sender: Any, comment: Comment, **_: Any) -> None:
    """The author deleted the comment or their account, and were told its words go: the text an
    edit-and-approve kept in the log goes as well (the decisions themselves stay)."""
    for entry in AuditEntry.objects.filter(comment_id=comment.pk):
        kept = [state for state in (entry.before, entry.after) if state.get("text")]
        for state in kept:
            state["text"] = ""
        if kept:
            entry.save(update_fields=["before", "after"])
