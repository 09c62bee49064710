"""The workspace's JSON API under /api/moderation/ (django-ninja), used by dashboard.js, and
by scripts that read a queue (GET queue, read-only; docs/moderators.md).

Every endpoint checks on the server: a staff account with the workspace permission (401 when
logged out, 403 otherwise), and the CSRF token on every POST. Errors share the site's body:
`{"error": {"code": "...", "message": "...", "field": "..."}}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.utils import check_csrf

# The comments API's error body and strict request body: one schema each in /api/openapi.json
# (a second class of the same name replaced the first there). A strict body refuses an unknown
# field and converts no value (`{"days": true}` suspended a reader for a day).
from masthead.comments.api import ERRORS, Body
from masthead.comments.errors import InvalidComment, LoginRequired, NotAllowed
from masthead.dashboard import actions, present, queries, roles
from masthead.dashboard.models import AuditEntry


def _workspace_auth(request: HttpRequest) -> Any:
    """Ninja runs this before it reads the body: 401/403 (and the CSRF check) come before any
    400 about the request, so nobody learns what a valid request looks like without access."""
    guard(request, write=request.method not in ("GET", "HEAD", "OPTIONS"))
    return request.user


router = Router(tags=["moderation"], auth=_workspace_auth)


class CountsOut(Schema):
    counts: dict[str, int]


class NewItem(Schema):
    id: int
    html: str


class NewItemsOut(Schema):
    counts: dict[str, int]
    items: list[NewItem]
    cursor: str = Field("", description="Send back as `since` at the next poll")
    more: bool = Field(False, description="More items changed than were sent: reload for them")


class EntryOut(Schema):
    id: int
    action: str
    comment_id: int | None
    reason: str
    before: dict[str, Any]
    after: dict[str, Any]


class DecisionOut(Schema):
    message: str
    entries: list[EntryOut]
    counts: dict[str, int]


class RejectIn(Body):
    reason: str = Field(..., description="Shown to the comment's author")
    missed_reason: str = Field("", description="Audit sample only: the reason code missed")


class EditApproveIn(Body):
    """Not `EditIn`: OpenAPI names a body by its class, and the comments' edit is one."""

    text: str
    note: str = ""


class FeatureIn(Body):
    featured: bool = True


class SuspendIn(Body):
    days: int = Field(..., ge=1, le=actions.MAX_SUSPEND_DAYS)
    reason: str = ""


class TrustIn(Body):
    trusted: bool = True


class BulkIn(Body):
    action: str = Field(..., description="approve or reject")
    ids: list[int]
    reason: str = ""


def guard(request: HttpRequest, permission: str = roles.MODERATE, *, write: bool = False) -> None:
    user = request.user
    if not user.is_authenticated:
        raise LoginRequired("Please log in first.")
    if not roles.allowed(user, permission):
        raise NotAllowed("You do not have permission to use the moderation workspace.")
    if write and check_csrf(request) is not None:
        raise NotAllowed(
            "The page's security token is missing or out of date; reload the page.",
            "csrf_failed",
        )


def _filters(request: HttpRequest) -> queries.Filters:
    try:
        return queries.Filters.parse(request.GET)
    except queries.BadQuery as exc:
        raise InvalidComment(str(exc), "bad_filter") from None


def _decided(request: HttpRequest, entries: list[AuditEntry], message: str) -> DecisionOut:
    return DecisionOut(
        message=message,
        entries=[
            EntryOut(
                id=e.pk,
                action=e.action,
                comment_id=e.comment_id,
                reason=e.reason,
                before=e.before,
                after=e.after,
            )
            for e in entries
        ],
        counts=queries.counts(_filters(request)),
    )


@router.get("/counts", response={200: CountsOut, **ERRORS})
def counts(request: HttpRequest) -> Any:
    """How many items wait in each queue (with the same filters as the page)."""
    return CountsOut(counts=queries.counts(_filters(request)))


@router.get("/queues/{tab}/new", response={200: NewItemsOut, **ERRORS})
def new_items(request: HttpRequest, tab: str, since: str = "", after_id: int = 0) -> Any:
    """Items that entered a queue, or came back to it (held again after an edit, a colleague's
    undo, a new report), since `since`: the `cursor` of the previous answer, or the page's
    `data-since` at first. Without `since`, items newer than `after_id` (pages loaded before)."""
    filters = _filters(request)
    if tab not in queries.TABS:
        raise InvalidComment(f"There is no queue called {tab!r}.", "bad_queue")
    cursor = timezone.now()
    more = False
    if since:
        try:
            items, more = queries.changed_items(tab, filters, queries.parse_since(since))
        except queries.BadQuery as exc:
            raise InvalidComment(str(exc), "bad_cursor") from None
    else:
        items = queries.new_items(tab, filters, after_id)
    return NewItemsOut(
        counts=queries.counts(filters),
        items=[
            NewItem(
                id=item.id,
                html=render_to_string(
                    "dashboard/_item.html", {"item": item, "tab": tab}, request=request
                ),
            )
            for item in items
        ],
        # UTC written with Z, not +00:00: a '+' put in a query string unencoded reads as a
        # space, and the cursor sent back so was refused as not valid.
        cursor=cursor.isoformat().replace("+00:00", "Z"),
        more=more,
    )


class QueueReasonOut(Schema):
    code: str
    words: str = Field(description="The reason as the workspace words it")
    enforced: bool = Field(
        description="False for a reason recorded in shadow mode that did not hold the comment"
    )


class QueueScoreOut(Schema):
    code: str
    label: str
    probability: float = Field(
        description="As the workspace reads it (a kind of abuse times the abuse score)"
    )
    percent: str
    level: str = Field(description="unlikely, possible, likely or very likely")


class QueueCountOut(Schema):
    label: str
    value: int


class QueueReportOut(Schema):
    reason: str
    note: str
    created_at: dt.datetime


class QueueParentOut(Schema):
    id: int
    author: str
    text: str


class AuthorHistoryOut(Schema):
    published: int
    held: int
    rejected: int
    reports: int
    account_age_days: int | None
    trusted: bool
    banned: bool
    suspended_until: dt.datetime | None


class QueueItemOut(Schema):
    id: int
    status: str
    article_id: int
    article_headline: str
    section: str
    author: str
    author_id: int | None
    guest: bool
    text: str
    created_at: dt.datetime
    edited_at: dt.datetime | None
    editors_pick: bool
    risk: float | None = Field(description="The triage risk the 'Highest risk first' order uses")
    parent: QueueParentOut | None
    reasons: list[QueueReasonOut]
    scores: list[QueueScoreOut] = Field(description="Probabilities, highest first")
    counts: list[QueueCountOut] = Field(description="Scores that are counts (links)")
    reports: list[QueueReportOut] = Field(description="Open reports (the reported queue)")
    model_version: str
    shadow_decision: str
    author_history: AuthorHistoryOut | None = Field(description="Null for a guest")


class QueueOut(Schema):
    tab: str
    sort: str
    items: list[QueueItemOut]
    next_after: str | None = Field(description="Send back as `after` for the next page")


def _queue_item(item: queries.QueueItem) -> QueueItemOut:
    c = item.comment
    history = item.history
    triage = getattr(c, "triage", None)
    return QueueItemOut(
        id=c.pk,
        status=c.status,
        article_id=c.article_id,
        article_headline=c.article.headline,
        section=c.article.section.name if c.article.section_id else "",
        author=c.author_name,
        author_id=c.author_id,
        guest=c.is_guest,
        text=c.text,
        created_at=c.created_at,
        edited_at=c.edited_at,
        editors_pick=c.is_editors_pick,
        risk=triage.risk if triage is not None else None,
        parent=QueueParentOut(id=c.parent.pk, author=c.parent.author_name, text=c.parent.text)
        if c.parent_id
        else None,
        reasons=[
            QueueReasonOut(code=code, words=words, enforced=code not in item.not_enforced)
            for code, words in item.reasons
        ],
        scores=[
            QueueScoreOut(
                code=name,
                label=present.SCORE_NAMES.get(name, name.replace("_", " ")),
                probability=value,
                percent=present.percent(value),
                level=present.score_level(value),
            )
            for name, value in sorted(
                present.probabilities(c.scores or {}, c.reasons or []), key=lambda row: -row[1]
            )
        ],
        counts=[QueueCountOut(label=label, value=value) for label, value in item.counts],
        reports=[
            QueueReportOut(reason=r.reason, note=r.note, created_at=r.created_at)
            for r in item.open_reports
        ],
        model_version=c.model_version,
        shadow_decision=c.shadow_decision,
        author_history=AuthorHistoryOut(
            published=history.published,
            held=history.held,
            rejected=history.rejected,
            reports=history.reports,
            account_age_days=history.account_age_days,
            trusted=history.trusted,
            banned=history.banned,
            suspended_until=history.suspended_until,
        )
        if history is not None
        else None,
    )


@router.get("/queue", response={200: QueueOut, **ERRORS})
def queue(request: HttpRequest, tab: str, sort: str = "", after: str = "") -> Any:
    """A queue as the workspace shows it, a page at a time (read-only): `tab` is held,
    reported, premoderated or sample; `sort` oldest (default; reports on the reported queue)
    or risk; `article`, `section`, `reason` and `author` filter as on the page."""
    filters = _filters(request)
    if tab not in queries.TABS:
        raise InvalidComment(f"There is no queue called {tab!r}.", "bad_queue", "tab")
    sort = sort or ("reports" if tab == "reported" else "oldest")
    if sort not in queries.ORDERINGS:
        raise InvalidComment(
            f"Unknown sort {sort!r}; use oldest, risk or reports.", "bad_sort", "sort"
        )
    try:
        page = queries.queue_page(tab, filters, sort, after, page_size=queries.PAGE_SIZE)
    except queries.BadQuery as exc:
        raise InvalidComment(str(exc), "bad_cursor", "after") from None
    return QueueOut(
        tab=tab,
        sort=sort,
        items=[_queue_item(item) for item in page.items],
        next_after=page.next_cursor,
    )


@router.post("/comments/{comment_id}/approve", response={200: DecisionOut, **ERRORS})
def approve(request: HttpRequest, comment_id: int) -> Any:
    entry = actions.approve(request.user, comment_id)
    kept = entry.before.get("status") == "published"
    return _decided(request, [entry], "Kept published." if kept else "Approved.")


@router.post("/comments/{comment_id}/reject", response={200: DecisionOut, **ERRORS})
def reject(request: HttpRequest, comment_id: int, payload: RejectIn) -> Any:
    entry = actions.reject(request.user, comment_id, payload.reason, payload.missed_reason)
    return _decided(request, [entry], "Rejected.")


class TakeDownIn(Body):
    reason: str = Field(..., description="Shown to the comment's author")


@router.post("/comments/{comment_id}/take-down", response={200: DecisionOut, **ERRORS})
def take_down(request: HttpRequest, comment_id: int, payload: TakeDownIn) -> Any:
    """Reject a published comment that waits in no queue (nobody reported it)."""
    entry = actions.take_down(request.user, comment_id, payload.reason)
    return _decided(request, [entry], "Taken down.")


@router.post("/comments/{comment_id}/edit-approve", response={200: DecisionOut, **ERRORS})
def edit_approve(request: HttpRequest, comment_id: int, payload: EditApproveIn) -> Any:
    entry = actions.edit_and_approve(request.user, comment_id, payload.text, payload.note)
    return _decided(request, [entry], "Edited and approved.")


@router.post("/comments/{comment_id}/feature", response={200: DecisionOut, **ERRORS})
def feature(request: HttpRequest, comment_id: int, payload: FeatureIn) -> Any:
    entry = actions.feature(request.user, comment_id, payload.featured)
    return _decided(request, [entry], "Saved.")


@router.post("/readers/{reader_id}/suspend", response={200: DecisionOut, **ERRORS})
def suspend(request: HttpRequest, reader_id: int, payload: SuspendIn) -> Any:
    entry = actions.suspend(request.user, reader_id, payload.days, payload.reason)
    return _decided(request, [entry], actions.suspension_message(entry, payload.days))


class BanIn(Body):
    reason: str = ""
    block_domain: bool = Field(
        False,
        description="Also block every address at the reader's own e-mail domain, as the Ban "
        "form offers (400 `domain_not_blockable` for a public mail provider's)",
    )


@router.post("/readers/{reader_id}/ban", response={200: DecisionOut, **ERRORS})
def ban(request: HttpRequest, reader_id: int, payload: BanIn) -> Any:
    entry = actions.ban(request.user, reader_id, payload.reason, block_domain=payload.block_domain)
    return _decided(request, [entry], actions.ban_message(payload.block_domain))


class LiftIn(Body):
    reason: str = Field("", description="Why it ends early; kept in the audit log (required)")


@router.post("/readers/{reader_id}/lift-suspension", response={200: DecisionOut, **ERRORS})
def lift_suspension(request: HttpRequest, reader_id: int, payload: LiftIn) -> Any:
    """End a running suspension now (409 `not_suspended` when there is none)."""
    entry = actions.lift_suspension(request.user, reader_id, payload.reason)
    return _decided(request, [entry], actions.lift_message(entry))


@router.post("/readers/{reader_id}/lift-ban", response={200: DecisionOut, **ERRORS})
def lift_ban(request: HttpRequest, reader_id: int, payload: LiftIn) -> Any:
    """Lift a ban now (409 `not_banned` when there is none); the e-mail address block goes too,
    and the domain's if the ban blocked it, unless another banned account still needs them."""
    entry = actions.lift_ban(request.user, reader_id, payload.reason)
    return _decided(request, [entry], actions.lift_ban_message(entry))


@router.post("/readers/{reader_id}/trust", response={200: DecisionOut, **ERRORS})
def trust(request: HttpRequest, reader_id: int, payload: TrustIn) -> Any:
    entry = actions.trust(request.user, reader_id, payload.trusted)
    return _decided(request, [entry], "Saved.")


@router.post("/bulk", response={200: DecisionOut, **ERRORS})
def bulk(request: HttpRequest, payload: BulkIn) -> Any:
    entries = actions.bulk(request.user, payload.action, payload.ids, payload.reason)
    return _decided(request, entries, entries.summary())


@router.post("/undo", response={200: DecisionOut, **ERRORS})
def undo(request: HttpRequest) -> Any:
    """Reverse your last decision (a whole bulk action at once)."""
    entries = actions.undo_last(request.user)
    return _decided(request, entries, entries.summary())


def register(api: Any) -> None:
    """Attach the workspace router at /api/moderation/ (errors use comments' handler)."""
    api.add_router("/moderation/", router)
