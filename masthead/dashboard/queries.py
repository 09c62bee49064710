"""Read-only queries for the workspace: queues with filters, counts, keyset pages, items with
everything a moderator needs, author histories. A page costs a fixed number of queries, however
long the queue."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from masthead.articles.models import Article
from masthead.comments import blocklist
from masthead.comments.actions import account_address
from masthead.comments.models import Comment, CommentReport
from masthead.core.numbers import whole_number
from masthead.dashboard import present
from masthead.dashboard.models import AuditEntry, AuditSample
from masthead.moderation.core.types import REASONS

TABS = ("held", "reported", "premoderated", "sample")
TAB_LABELS = {
    "held": "Held",
    "reported": "Reported",
    "premoderated": "Pre-moderated",
    "sample": "Audit sample",
}
SORTS = {"oldest": "Oldest first", "risk": "Highest risk first"}
PAGE_SIZE = 25
STUCK_AFTER = dt.timedelta(minutes=5)
EXTRA_REASONS = {
    "premoderated": "Comments on this article are read by a moderator first.",
    "needs_review": "The checks asked for a moderator's look.",
    "blocked_address": "A guest gave the e-mail address of a banned reader.",
}


class BadQuery(ValueError):
    """A filter or cursor the workspace cannot use (shown as a 400)."""


@dataclass(frozen=True)
class Filters:
    article: int | None = None
    section: str = ""
    reason: str = ""
    author: str = ""

    @classmethod
    def parse(cls, params: Any) -> Filters:
        article_raw = (params.get("article") or "").strip()
        article = None
        if article_raw:
            article = whole_number(article_raw)
            if article is None:
                raise BadQuery("The article filter must be an article number.")
        reason = (params.get("reason") or "").strip()
        if reason and not reason.replace("_", "").isalnum():
            raise BadQuery("A reason code has only letters, digits and underscores.")
        return cls(
            article=article,
            section=(params.get("section") or "").strip()[:80],
            reason=reason[:40],
            author=(params.get("author") or "").strip()[:150],
        )

    def as_query(self) -> dict[str, str]:
        values = {
            "article": str(self.article) if self.article else "",
            "section": self.section,
            "reason": self.reason,
            "author": self.author,
        }
        return {k: v for k, v in values.items() if v}

    def apply(self, qs: QuerySet[Comment]) -> QuerySet[Comment]:
        if self.article:
            qs = qs.filter(article_id=self.article)
        if self.section:
            qs = qs.filter(article__section__slug=self.section)
        if self.reason:
            qs = qs.filter(triage__reason_codes__contains=f" {self.reason} ")
        if self.author:
            author_id = whole_number(self.author)
            if author_id is not None:
                qs = qs.filter(author_id=author_id)
            else:
                # Any part of the name as the queue shows it ("Sam" finds "Sam Hollis"), or of
                # the login, in any case.
                qs = qs.filter(
                    Q(author__reader__display_name__icontains=self.author)
                    | Q(author__username__icontains=self.author)
                    | Q(guest_name__icontains=self.author)
                )
        return qs


def _open_reports() -> Exists:
    return Exists(CommentReport.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True))


def _submitted(lookup: str, when: dt.datetime) -> Q:
    """Comments last submitted (posted, or edited by their author) before ("lt") or after
    ("gt") `when`: an author's edit is checked again, so a pending comment's check began then
    (`edited_at`, else `created_at`, as /metrics' oldest wait in Held reads it)."""
    return Q(**{f"edited_at__{lookup}": when}) | Q(
        edited_at__isnull=True, **{f"created_at__{lookup}": when}
    )


def tab_queryset(tab: str) -> QuerySet[Comment]:
    qs = Comment.objects.all()
    if tab == "held":
        # A comment still "pending" minutes after it was last submitted (posted, or edited by
        # its author: the edit is checked again) lost its check (the process stopped mid-way):
        # it waits for a person like a held one, never published unchecked.
        stuck = timezone.now() - STUCK_AFTER
        # Whatever its index says: a pending comment has no verdict of its own yet (an edited
        # pre-moderated comment keeps its old "pre-moderated" row, and no other tab shows it).
        return qs.filter(
            Q(status=Comment.Status.HELD) & (Q(triage__isnull=True) | Q(triage__premoderated=False))
            | Q(status=Comment.Status.PENDING) & _submitted("lt", stuck)
        )
    if tab == "premoderated":
        return qs.filter(status=Comment.Status.HELD, triage__premoderated=True)
    if tab == "reported":
        return qs.filter(
            status__in=[Comment.Status.PUBLISHED, Comment.Status.HELD], report_count__gt=0
        ).filter(_open_reports())
    if tab == "sample":
        return qs.filter(
            status=Comment.Status.PUBLISHED, audit_sample__outcome=AuditSample.Outcome.PENDING
        )
    raise BadQuery(f"There is no queue called {tab!r}.")


def counts(filters: Filters) -> dict[str, int]:
    return {tab: filters.apply(tab_queryset(tab)).count() for tab in TABS}


# --- are the automatic checks running? -------------------------------------------------------

UNCHECKED = "classifier_unavailable"
AUTOMATIC_ACTIONS = (
    AuditEntry.Action.AUTO_PUBLISH,
    AuditEntry.Action.AUTO_HOLD,
    AuditEntry.Action.AUTO_REJECT,
)


@dataclass(frozen=True)
class ChecksDown:
    """The latest automatic verdict held its comment because the checks could not run."""

    since: dt.datetime
    held: int  # comments waiting in Held for that reason


def checks_down() -> ChecksDown | None:
    """None while the checks run (one query); else when the last failure was and how many
    comments wait because of it. Read from the verdicts every process stores, so it holds for
    the workers too, not only for this web process."""
    latest = (
        AuditEntry.objects.filter(actor__isnull=True, actor_name="", action__in=AUTOMATIC_ACTIONS)
        .order_by("-created_at", "-id")
        .values_list("created_at", "after")
        .first()
    )
    if latest is None or UNCHECKED not in ((latest[1] or {}).get("reasons") or []):
        return None
    held = Filters(reason=UNCHECKED).apply(tab_queryset("held")).count()
    return ChecksDown(since=latest[0], held=held)


# --- keyset pages ---------------------------------------------------------------------------

# Each sort: the ordering keys, (name, descending). Names are fields or annotations.
ORDERINGS: dict[str, list[tuple[str, bool]]] = {
    "oldest": [("created_at", False), ("id", False)],
    "risk": [("risk_value", True), ("created_at", False), ("id", False)],
    # Open reports only: `report_count` also counts reports a moderator cleared.
    "reports": [("open_report_count", True), ("created_at", False), ("id", False)],
}


def encode_cursor(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, dt.datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, keys: list[tuple[str, bool]]) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(keys):
            raise ValueError("wrong length")
        out: list[Any] = []
        for (name, _), value in zip(keys, values, strict=True):
            if name == "created_at":
                out.append(dt.datetime.fromisoformat(value))
            elif name in {"id", "open_report_count"}:
                out.append(int(value))
            else:
                out.append(float(value))
        return out
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        raise BadQuery("The page link is not valid; start from the first page.") from None


def after_filter(keys: list[tuple[str, bool]], values: list[Any], *, before: bool = False) -> Q:
    """Rows strictly after `values` in the ordering `keys` (row-value comparison, spelled out so
    it works on every database); strictly before them with `before`."""
    condition = Q()
    equal = Q()
    for (name, descending), value in zip(keys, values, strict=True):
        later = descending != before  # descending: later rows hold smaller values
        beyond = Q(**{f"{name}__lt" if later else f"{name}__gt": value})
        condition |= equal & beyond
        equal &= Q(**{name: value})
    return condition


@dataclass
class AuthorHistory:
    published: int = 0
    held: int = 0
    rejected: int = 0
    reports: int = 0
    joined: dt.datetime | None = None
    trusted: bool = False
    banned: bool = False
    suspended_until: dt.datetime | None = None
    # The reader's own e-mail domain, which the Ban form offers to block too; "" for none
    # (a public provider's, `blocklist.domain_to_offer`).
    domain_to_offer: str = ""

    @property
    def suspended_now(self) -> bool:
        """A suspension still running (an ended one stays in the profile until replaced)."""
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def account_age_days(self) -> int | None:
        if self.joined is None:
            return None
        return max(0, (timezone.now() - self.joined).days)


@dataclass
class QueueItem:
    comment: Comment
    highlighted: str
    reasons: list[tuple[str, str]]
    scores: list[tuple[str, str, str]]
    history: AuthorHistory | None
    open_reports: list[CommentReport] = field(default_factory=list)
    counts: list[tuple[str, int]] = field(default_factory=list)
    # Reasons of a held comment that did not hold it: recorded in shadow mode, not enforced
    # (an insult on a pre-moderated article waits for pre-moderation alone).
    not_enforced: frozenset[str] = frozenset()

    @property
    def id(self) -> int:
        return self.comment.pk


@dataclass
class QueuePage:
    tab: str
    sort: str
    items: list[QueueItem]
    next_cursor: str | None
    filters: Filters


def plain_reason(code: str) -> str:
    return REASONS.get(code) or EXTRA_REASONS.get(code) or code.replace("_", " ").capitalize()


def author_histories(author_ids: set[int]) -> dict[int, AuthorHistory]:
    if not author_ids:
        return {}
    rows = (
        Comment.objects.filter(author_id__in=author_ids)
        .values("author_id")
        .annotate(
            published=Count("id", filter=Q(status=Comment.Status.PUBLISHED)),
            held=Count("id", filter=Q(status=Comment.Status.HELD)),
            rejected=Count("id", filter=Q(status=Comment.Status.REJECTED)),
            reports=Coalesce(Sum("report_count"), 0),
        )
    )
    histories = {
        row["author_id"]: AuthorHistory(
            published=row["published"],
            held=row["held"],
            rejected=row["rejected"],
            reports=row["reports"],
        )
        for row in rows
    }
    return histories


def build_items(comments: list[Comment], with_reports: bool = False) -> list[QueueItem]:
    histories = author_histories({c.author_id for c in comments if c.author_id})
    reports: dict[int, list[CommentReport]] = {}
    if with_reports and comments:
        for report in CommentReport.objects.filter(
            comment_id__in=[c.pk for c in comments], resolved_at__isnull=True
        ).order_by("created_at"):
            reports.setdefault(report.comment_id, []).append(report)
    items = []
    for comment in comments:
        history = histories.get(comment.author_id) if comment.author_id else None
        if history is not None and comment.author is not None:
            history.joined = comment.author.date_joined
            history.domain_to_offer = blocklist.domain_to_offer(account_address(comment.author))
            profile = getattr(comment.author, "reader", None)
            if profile is not None:
                history.trusted = profile.trusted
                history.banned = profile.banned
                history.suspended_until = profile.suspended_until
        items.append(
            QueueItem(
                comment=comment,
                highlighted=present.highlight(comment.text, comment.spans or []),
                reasons=[(code, plain_reason(code)) for code in comment.reasons or []],
                scores=present.describe_scores(comment.scores or {}, comment.reasons or []),
                history=history,
                open_reports=reports.get(comment.pk, []),
                counts=present.describe_counts(comment.scores or {}),
                not_enforced=_not_enforced(comment),
            )
        )
    return items


def _not_enforced(comment: Comment) -> frozenset[str]:
    if comment.status != Comment.Status.HELD or comment.decision == Comment.Decision.PUBLISH:
        return frozenset()
    enforced = set(comment.enforced_reason_codes())
    return frozenset(str(r) for r in comment.reasons or [] if str(r) not in enforced)


def _open_report_count() -> Coalesce:
    """How many of the comment's reports nobody has dealt with yet (a subquery, so the page's
    query needs no GROUP BY)."""
    open_reports = (
        CommentReport.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True)
        .order_by()
        .values("comment")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(open_reports, output_field=IntegerField()), Value(0))


def _item_queryset(qs: QuerySet[Comment], sort: str = "") -> QuerySet[Comment]:
    qs = qs.select_related(
        "article__section", "parent__author__reader", "author__reader", "triage", "audit_sample"
    ).annotate(risk_value=Coalesce(F("triage__risk"), Value(-1.0)))
    if sort == "reports":  # counted only for the sort that needs it
        qs = qs.annotate(open_report_count=_open_report_count())
    return qs


def queue_page(
    tab: str,
    filters: Filters,
    sort: str = "oldest",
    cursor: str = "",
    page_size: int = PAGE_SIZE,
) -> QueuePage:
    if sort not in ORDERINGS:
        raise BadQuery(f"Unknown sort {sort!r}; use oldest, risk or reports.")
    keys = ORDERINGS[sort]
    qs = _item_queryset(filters.apply(tab_queryset(tab)), sort)
    if cursor:
        qs = qs.filter(after_filter(keys, decode_cursor(cursor, keys)))
    qs = qs.order_by(*[f"-{name}" if desc else name for name, desc in keys])
    rows = list(qs[: page_size + 1])
    next_cursor = None
    if len(rows) > page_size:
        rows = rows[:page_size]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, name) for name, _ in keys])
    return QueuePage(
        tab=tab,
        sort=sort,
        items=build_items(rows, with_reports=tab == "reported"),
        next_cursor=next_cursor,
        filters=filters,
    )


def cursor_for(tab: str, filters: Filters, sort: str, comment_id: int) -> str | None:
    """The `after` cursor of the queue page (as "Next page" walks them from the first, in this
    order with these filters) that holds the comment: "" for the first page, None when the
    comment does not wait in this queue. Three queries: the comment's sort keys, how many
    come before it, and the row that ends the page before its own (found from the comment
    backwards, fewer than a page away, so a deep page costs no long offset)."""
    if sort not in ORDERINGS:
        raise BadQuery(f"Unknown sort {sort!r}; use oldest, risk or reports.")
    keys = ORDERINGS[sort]
    names = [name for name, _ in keys]
    qs = _item_queryset(filters.apply(tab_queryset(tab)), sort)
    row = qs.filter(pk=comment_id).values_list(*names).first()
    if row is None:
        return None
    earlier = qs.filter(after_filter(keys, list(row), before=True))
    ahead = earlier.count()
    if ahead < PAGE_SIZE:
        return ""
    backwards = earlier.order_by(*[name if desc else f"-{name}" for name, desc in keys])
    offset = ahead % PAGE_SIZE
    last = backwards.values_list(*names)[offset : offset + 1].first()
    # None: comments ahead of it were decided meanwhile, and it is on the first page now.
    return encode_cursor(list(last)) if last is not None else ""


def in_queue_order(tab: str, filters: Filters, sort: str, comment_ids: Sequence[int]) -> list[int]:
    """Those of the comments that wait in this queue with these filters, in the page's order
    (one query): a bulk undo's page starts from the first of them."""
    if sort not in ORDERINGS:
        raise BadQuery(f"Unknown sort {sort!r}; use oldest, risk or reports.")
    keys = ORDERINGS[sort]
    qs = _item_queryset(filters.apply(tab_queryset(tab)), sort).filter(pk__in=list(comment_ids))
    qs = qs.order_by(*[f"-{name}" if desc else name for name, desc in keys])
    return list(qs.values_list("pk", flat=True))


def queues_holding_many(comment_ids: Sequence[int], filters: Filters) -> dict[str, int]:
    """How many of the comments wait in each tab now, with these filters (tabs holding none
    left out), in the tabs' order: one count a tab."""
    held = {
        t: filters.apply(tab_queryset(t)).filter(pk__in=list(comment_ids)).count() for t in TABS
    }
    return {t: n for t, n in held.items() if n}


def queues_holding(comment_id: int, filters: Filters) -> list[str]:
    """The tabs the comment waits in now, with these filters, in the tabs' order."""
    return [t for t in TABS if filters.apply(tab_queryset(t)).filter(pk=comment_id).exists()]


def new_items(tab: str, filters: Filters, after_id: int, limit: int = 20) -> list[QueueItem]:
    """Items that joined the queue after the newest one the moderator's page knows."""
    qs = _item_queryset(filters.apply(tab_queryset(tab))).filter(pk__gt=after_id).order_by("id")
    return build_items(list(qs[:limit]), with_reports=tab == "reported")


# A change stamped before the previous poll can commit after it: each poll looks this far back
# again (the page leaves out the items it shows already).
LATE_COMMIT = dt.timedelta(seconds=30)


def parse_since(value: str) -> dt.datetime:
    """The `since` cursor a page polls with: an ISO 8601 time with its zone, as sent before."""
    try:
        since = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        since = None
    if since is None or since.tzinfo is None:
        raise BadQuery("The live-update cursor is not valid; reload the page.")
    return since


def changed_items(
    tab: str, filters: Filters, since: dt.datetime, limit: int = 50
) -> tuple[list[QueueItem], bool]:
    """Items in the queue now that entered it or changed since `since` (less LATE_COMMIT): new
    comments, comments held again (after an edit, an undo), new reports, new audit samples,
    comments that became stuck. By the time they entered the queue, not by id, so an old
    comment coming back is found. Returns the first `limit` by id and whether there are more."""
    after = since - LATE_COMMIT
    changed = (
        Q(updated_at__gt=after)
        | Q(audit_sample__selected_at__gt=after)
        | Q(status=Comment.Status.PENDING) & _submitted("gt", after - STUCK_AFTER)
        | Exists(AuditEntry.objects.filter(comment=OuterRef("pk"), created_at__gt=after))
        | Exists(CommentReport.objects.filter(comment=OuterRef("pk"), created_at__gt=after))
    )
    qs = _item_queryset(filters.apply(tab_queryset(tab)).filter(changed)).order_by("id")
    found = list(qs[: limit + 1])
    return build_items(found[:limit], with_reports=tab == "reported"), len(found) > limit


def queue_item(comment_id: int) -> QueueItem | None:
    comment = _item_queryset(Comment.objects.filter(pk=comment_id)).first()
    return build_items([comment], with_reports=True)[0] if comment else None


_COMMENT_LINK = re.compile(r"(?:#comment-|/comments/)([0-9]{1,18})(?:[/?#]|$)")


def comment_id_from(text: str) -> int | None:
    """A comment's number from what a moderator pastes: the number ("123", "no. 123"), a link
    to it on its article (…#comment-123) or its permalink (/comments/123/). None otherwise."""
    text = text.strip()
    plain = whole_number(text.removeprefix("no.").removeprefix("#").strip())
    if plain is not None:
        return plain if plain > 0 else None
    match = _COMMENT_LINK.search(text)
    return int(match.group(1)) if match else None


def waiting_tab(comment_id: int) -> str:
    """The queue a held comment waits in ("held" or "premoderated"), for the link that sends a
    moderator there; "held" when it is in neither (one still being checked lands there)."""
    if tab_queryset("premoderated").filter(pk=comment_id).exists():
        return "premoderated"
    return "held"


def comment_exists(comment_id: int) -> bool:
    return Comment.objects.filter(pk=comment_id).exists()


def comment_history(comment_id: int, limit: int = 50) -> list[AuditEntry]:
    """The comment's audit entries, newest first: its automatic verdicts and every decision."""
    return list(
        AuditEntry.objects.filter(comment_id=comment_id).order_by("-created_at", "-id")[:limit]
    )


def settings_articles(q: str = "") -> QuerySet[Article]:
    """The settings page's articles (for their comments mode), newest first; `q` finds any of
    them by a part of the headline or the slug."""
    qs = Article.objects.select_related("section")
    if q:
        qs = qs.filter(Q(headline__icontains=q) | Q(slug__icontains=q))
    return qs.order_by(F("published_at").desc(nulls_last=True), "-id")


# --- audit log ------------------------------------------------------------------------------


def audit_entries(q: str = "", action: str = "", actor: str = "") -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("comment", "article", "actor", "subject")
    if action:
        if action == "automatic":
            qs = qs.filter(actor__isnull=True, actor_name="")
        elif action == "human":
            qs = qs.exclude(actor__isnull=True, actor_name="")
        else:
            qs = qs.filter(action=action)
    if actor:
        # Any part of the name the Who column shows, in any case; the column shows "automatic"
        # for the checks' own decisions, so "automatic" (or "auto") finds those too.
        who = Q(actor_name__icontains=actor)
        if actor.casefold() in "automatic":
            who |= Q(actor__isnull=True, actor_name="")
        qs = qs.filter(who)
    if q:
        # A comment's number ("123", "no. 123" as the log shows it) or a link to it finds that
        # comment's entries only: matched as text too, "140" also brought every entry on a
        # story headlined "... 140 trees ..." and every reason with the digits in it.
        comment_id = comment_id_from(q)
        if comment_id is not None:
            qs = qs.filter(comment_id=comment_id)
        else:
            qs = qs.filter(
                Q(reason__icontains=q)
                | Q(actor_name__icontains=q)
                | Q(article__headline__icontains=q)
            )
    return qs.order_by("-created_at", "-id")


def moderators() -> QuerySet[Any]:
    return get_user_model().objects.filter(is_staff=True).order_by("username")
