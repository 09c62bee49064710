"""The workspace's pages. Thin: check the role, parse input, call one query or action, render.

Every view requires a staff account with the view's permission (checked here, on the server):
logged-out visitors go to the log-in page, everyone else without it gets 403. Forms post with
Django's CSRF protection; dashboard.js drives the same actions through /api/moderation/.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.template.defaultfilters import pluralize
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masthead.articles.models import Article, Section
from masthead.comments.errors import CommentError, NotFound
from masthead.comments.models import CommentsSettings
from masthead.core.numbers import whole_number
from masthead.dashboard import actions, calibration, charts, queries, roles, stats
from masthead.dashboard.models import AuditEntry, WorkspaceSettings
from masthead.moderation.models import ModerationPolicy
from masthead.moderation.policy import current_policy, word_list

# Standard reasons for a rejection, offered in the reject box (digits 1-7 pick one; Enter takes
# the one suggested by the comment's own reason codes and reports). The author reads the text
# after "Not published.", so each is a sentence about the comment in the site's policy words
# (comments/faq.py). They are only suggestions: the server checks whatever reason comes back
# exactly as it checks typed words (actions.check_reason). (label, text, codes suggesting it)
QUICK_REASONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "Personal attack",
        "It attacks a person rather than their argument.",
        ("insult", "abusive", "abuse", "toxicity"),
    ),
    (
        "Off-topic",
        "It is not about the article or the comment it answers.",
        ("off_topic",),
    ),
    ("Spam", "It is advertising or spam.", ("spam", "too_many_links", "repeated")),
    ("Hateful", "It attacks people for who they are.", ("identity_hate", "hate")),
    ("Threat", "It threatens someone.", ("threat", "threat_of_violence")),
    ("Obscene", "It uses obscene language.", ("obscene",)),
    ("Private details", "It shares someone's private details.", ("personal_info",)),
)

View = Callable[..., HttpResponse]


def workspace(permission: str = roles.MODERATE) -> Callable[[View], View]:
    """Checks the role, and tells every cache to keep none of the answer (private, no-store):
    the page cache's middleware does so for a signed-in HTML page, but not for the audit log's
    CSV, nor for the log-in redirect a shared cache could hand a moderator after log-in."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                response: HttpResponse = redirect_to_login(request.get_full_path())
            elif not roles.allowed(request.user, permission):
                response = render(request, "dashboard/forbidden.html", status=403)
            else:
                response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
            return response

        return wrapped

    return decorate


def _back(request: HttpRequest, default: str = "") -> HttpResponseRedirect:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = default or reverse("dashboard:queue", args=["held"])
    return HttpResponseRedirect(target)


def _error(request: HttpRequest, error: CommentError, back: str = "") -> HttpResponse:
    response = render(
        request,
        "dashboard/error.html",
        {"error": error, "back": back or _back(request).url},
        status=error.status,
    )
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _bad_query(request: HttpRequest, exc: queries.BadQuery) -> HttpResponse:
    return _error(request, CommentError(str(exc), "bad_filter"))


# --- queues ---------------------------------------------------------------------------------


@require_GET
@workspace()
def home(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(reverse("dashboard:queue", args=["held"]))


@require_GET
@workspace()
def queue(request: HttpRequest, tab: str) -> HttpResponse:
    if tab not in queries.TABS:
        raise Http404("No such queue")
    default_sort = "reports" if tab == "reported" else "oldest"
    # Live updates ask for what entered the queue after this (before the page's own query).
    since = timezone.now()
    sort = request.GET.get("sort") or default_sort
    after = request.GET.get("after", "")
    around_raw = request.GET.get("around", "").strip()
    around_ids = _comment_numbers(around_raw) if around_raw else []
    if around_ids is None:
        return _error(
            request, CommentError("'around' must be a comment's number, or several.", "bad_around")
        )
    around = around_ids[0] if len(around_ids) == 1 else None
    current = None  # the comment made current (the one `u` put back), when the page holds it
    elsewhere: tuple[str, str] | None = None  # (what to say, where it is) when it does not
    back: set[int] = set()  # a bulk undo's comments put back here: ticked and marked
    try:
        filters = queries.Filters.parse(request.GET)
        if len(around_ids) > 1:
            waiting = queries.in_queue_order(tab, filters, sort, around_ids)
            cursor = queries.cursor_for(tab, filters, sort, waiting[0]) if waiting else None
            if cursor is not None:
                after, current, back = cursor, waiting[0], set(waiting)
            else:
                moved = _many_elsewhere(request, tab, filters, around_ids)
                if isinstance(moved, HttpResponseRedirect):
                    return moved
                elsewhere = moved
        elif around is not None:
            cursor = queries.cursor_for(tab, filters, sort, around)
            if cursor is not None:
                after, current = cursor, around
            else:
                moved = _around_elsewhere(request, tab, filters, around)
                if isinstance(moved, HttpResponseRedirect):
                    return moved
                elsewhere = moved
        page = queries.queue_page(tab, filters, sort, after)
        counts = queries.counts(filters)
    except queries.BadQuery as exc:
        return _bad_query(request, exc)
    sorts = dict(queries.SORTS)
    if tab == "reported":
        sorts["reports"] = "Most reported first"
    newest = max((item.id for item in page.items), default=0)
    kept = request.session.pop(BULK_KEPT, None) or {}
    if back and current is not None:
        elsewhere = (_put_back_note(tab, len(around_ids), len(back), current, page, back), "")
    return render(
        request,
        "dashboard/queue.html",
        {
            "tab": tab,
            "tabs": [(t, queries.TAB_LABELS[t], counts[t]) for t in queries.TABS],
            "page": page,
            "sort": sort,
            "sorts": sorts,
            "filters": filters,
            # Encoded here: the template's urlencode filter quotes a dict's repr, which lost
            # the filters on the tabs, "Next page" and the live updates.
            "filter_query": urlencode(filters.as_query()),
            "sections": Section.objects.order_by("name"),
            "reason_codes": sorted({*queries.REASONS, *queries.EXTRA_REASONS}),
            "missed_reasons": actions.MISSED_REASON_CODES,
            "quick_reasons": QUICK_REASONS,
            "newest_id": newest,
            "since": since.isoformat(),
            # This page's own address, for the forms' "next" and for the script to put in the
            # address bar: with the page's "after" in place of "around", so a decision or a
            # reload comes back to this page, not to a comment decided since.
            "here": _queue_address(tab, filters, request.GET.get("sort", ""), after),
            "first_page": not after,
            "after": after,
            "current_id": current,
            "elsewhere": elsewhere,
            "checks_down": queries.checks_down(),
            "bulk_ids": {int(i) for i in kept.get("ids", [])} | back,
            "back_ids": back,
            "bulk_reason": kept.get("reason", ""),
            "bulk_field": kept.get("field", ""),
        },
    )


def _queue_address(tab: str, filters: queries.Filters, sort: str, after: str) -> str:
    params = {**filters.as_query(), **({"sort": sort} if sort else {})}
    if after:
        params["after"] = after
    query = urlencode(params)
    return reverse("dashboard:queue", args=[tab]) + (f"?{query}" if query else "")


def _comment_numbers(raw: str) -> list[int] | None:
    """`around`: a comment's number, or several separated by commas (a bulk undo's), each once
    and at most a bulk decision's worth; None when it is anything else."""
    numbers: list[int] = []
    for part in raw.split(","):
        number = whole_number(part.strip())
        if number is None or number < 1:
            return None
        if number not in numbers:
            numbers.append(number)
    return numbers if len(numbers) <= actions.MAX_BULK else None


def _put_back_note(
    tab: str, undone: int, waiting: int, first: int, page: queries.QueuePage, back: set[int]
) -> str:
    """What a bulk undo's landing page says: how many came back, where, and which is shown."""
    label = queries.TAB_LABELS[tab]
    shown = len(back & {item.id for item in page.items})
    note = (
        f"{waiting} comment{pluralize(waiting)} put back in {label}; showing the first in this "
        f"order (no. {first}). The {shown} on this page {'is' if shown == 1 else 'are'} "
        "marked \u201cput back\u201d and ticked, so A or R decides them again."
    )
    if waiting > shown:
        later = waiting - shown
        note += f" {later} more {'is' if later == 1 else 'are'} on the pages after this one."
    if undone > waiting:
        other = undone - waiting
        note += (
            f" {other} other{pluralize(other)} put back {'does' if other == 1 else 'do'} not "
            f"wait in {label} with these filters."
        )
    return note


def _many_elsewhere(
    request: HttpRequest, tab: str, filters: queries.Filters, comment_ids: list[int]
) -> HttpResponseRedirect | tuple[str, str]:
    """A bulk undo's comments, none waiting in this queue with its filters: to the tab holding
    most of them with the same filters; else what to say, and where they are."""
    total = len(comment_ids)
    listed = ",".join(str(i) for i in comment_ids)
    holding = queries.queues_holding_many(comment_ids, filters)
    if holding:
        target = max(holding, key=lambda t: holding[t])
        some = "The" if holding[target] == total else f"{holding[target]} of the"
        messages.info(
            request,
            f"{some} {total} comments put back wait in {queries.TAB_LABELS[target]}, "
            f"not in {queries.TAB_LABELS[tab]}: this is {queries.TAB_LABELS[target]}.",
        )
        query = urlencode({**filters.as_query(), "around": listed})
        return HttpResponseRedirect(f"{reverse('dashboard:queue', args=[target])}?{query}")
    unfiltered = queries.queues_holding_many(comment_ids, queries.Filters())
    if unfiltered:
        target = max(unfiltered, key=lambda t: unfiltered[t])
        return (
            f"The {total} comments put back wait in {queries.TAB_LABELS[target]}, "
            "but not with these filters.",
            f"{reverse('dashboard:queue', args=[target])}?{urlencode({'around': listed})}",
        )
    return (
        f"None of the {total} comments put back waits in any queue now (decided again since?).",
        "",
    )


def _around_elsewhere(
    request: HttpRequest, tab: str, filters: queries.Filters, comment_id: int
) -> HttpResponseRedirect | tuple[str, str]:
    """`around` names a comment this queue (with its filters) does not hold: to the tab that
    holds it, when one does with the same filters (an undo put it back there); else what to
    say, and a link to where it is."""
    holding = queries.queues_holding(comment_id, filters)
    if holding:
        target = holding[0]
        messages.info(
            request,
            f"Comment no. {comment_id} waits in {queries.TAB_LABELS[target]}, "
            f"not in {queries.TAB_LABELS[tab]}: this is {queries.TAB_LABELS[target]}.",
        )
        query = urlencode({**filters.as_query(), "around": comment_id})
        return HttpResponseRedirect(f"{reverse('dashboard:queue', args=[target])}?{query}")
    unfiltered = queries.queues_holding(comment_id, queries.Filters())
    if unfiltered:
        target = unfiltered[0]
        return (
            f"Comment no. {comment_id} waits in {queries.TAB_LABELS[target]}, "
            "but not with these filters.",
            f"{reverse('dashboard:queue', args=[target])}?around={comment_id}",
        )
    if not queries.comment_exists(comment_id):
        return (f"There is no comment no. {comment_id}.", "")
    return (
        f"Comment no. {comment_id} does not wait in any queue now (decided again since?).",
        reverse("dashboard:comment", args=[comment_id]),
    )


# --- decisions (forms; dashboard.js uses the API) -------------------------------------------


@require_POST
@workspace()
def decide(request: HttpRequest, comment_id: int, verb: str) -> HttpResponse:
    user = request.user
    try:
        if verb == "approve":
            entry = actions.approve(user, comment_id)
            kept = entry.before.get("status") == "published"
            messages.success(request, "Kept published." if kept else "Approved.")
        elif verb == "reject":
            actions.reject(
                user,
                comment_id,
                request.POST.get("reason", ""),
                request.POST.get("missed_reason", ""),
            )
            messages.success(request, "Rejected; the author sees your reason.")
        elif verb in {"feature", "unfeature"}:
            actions.feature(user, comment_id, verb == "feature")
            messages.success(request, "Saved.")
        else:
            raise Http404("No such action")
    except CommentError as error:
        return _error(request, error)
    return _back(request)


# --- one comment: find it, see its history, take it down ----------------------------------


@require_GET
@workspace()
def find_comment(request: HttpRequest) -> HttpResponse:
    """ "Find a comment" by its number or a link to it (the page's #comment-N, /comments/N/)."""
    q = request.GET.get("q", "").strip()[:500]
    error = ""
    status = 200
    if q:
        comment_id = queries.comment_id_from(q)
        if comment_id is None:
            error = (
                "Give a comment's number (such as 123) or a link to it (such as "
                "https://…/articles/…/#comment-123)."
            )
            status = 400
        elif not queries.comment_exists(comment_id):
            error = f"There is no comment no. {comment_id}."
            status = 404
        else:
            return HttpResponseRedirect(reverse("dashboard:comment", args=[comment_id]))
    return render(request, "dashboard/find.html", {"q": q, "error": error}, status=status)


def _comment_page(
    request: HttpRequest, comment_id: int, error: CommentError | None = None, reason: str = ""
) -> HttpResponse:
    item = queries.queue_item(comment_id)
    if item is None:
        raise Http404("No such comment")
    last = actions.last_undoable(request.user)
    response = render(
        request,
        "dashboard/comment.html",
        {
            "item": item,
            "entries": queries.comment_history(comment_id),
            "error": error,
            "reason": reason,
            # Held comments wait in Held or Pre-moderated: the link goes to the right one.
            "waiting_tab": queries.waiting_tab(comment_id),
            # "Press Undo to reverse it" after a takedown: the Undo is here, shown while the
            # moderator's last decision (the one Undo reverses) is on this comment.
            # Not when a colleague decided it since: that undo would be refused.
            # A reader action on its author (a lifted suspension) counts too.
            "undo_here": last is not None
            and (
                last.comment_id == comment_id
                or (
                    last.action in actions.READER_ACTIONS
                    and last.subject_id is not None
                    and last.subject_id == item.comment.author_id
                )
            )
            and actions.overtaken_by(request.user, last) is None,
        },
        status=error.status if error else 200,
    )
    retry_after = getattr(error, "retry_after", None)
    if retry_after is not None:  # a 429, as _error sends it
        response["Retry-After"] = str(retry_after)
    return response


@require_GET
@workspace()
def comment_page(request: HttpRequest, comment_id: int) -> HttpResponse:
    return _comment_page(request, comment_id)


@require_POST
@workspace()
def take_down(request: HttpRequest, comment_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    try:
        actions.take_down(request.user, comment_id, reason)
    except NotFound:
        raise Http404("No such comment") from None
    except CommentError as error:
        return _comment_page(request, comment_id, error, reason)
    messages.success(request, "Taken down; the author sees your reason. Press Undo to reverse it.")
    return HttpResponseRedirect(reverse("dashboard:comment", args=[comment_id]))


@require_http_methods(["GET", "POST"])
@workspace()
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    item = queries.queue_item(comment_id)
    if item is None:
        raise Http404("No such comment")
    text = base = item.comment.text
    error = None
    if request.method == "POST":
        text = request.POST.get("text", "")
        # The text this page was built from (none from a form older than this field).
        posted_base = request.POST.get("base")
        base = item.comment.text if posted_base is None else posted_base
        try:
            actions.edit_and_approve(
                request.user, comment_id, text, request.POST.get("note", ""), base=posted_base
            )
        except CommentError as exc:
            error = exc
            if exc.code == "text_changed":
                # Shown as it is now; saving again builds on it.
                item = queries.queue_item(comment_id) or item
                base = item.comment.text
        else:
            messages.success(request, "Edited and approved; the original is kept in its history.")
            return _back(request)
    return render(
        request,
        "dashboard/edit.html",
        # Only a page of this site: the Cancel link is a plain href, checked nowhere else.
        {"item": item, "text": text, "base": base, "error": error, "next": _back(request).url},
        status=error.status if error else 200,
    )


@require_POST
@workspace()
def reader_action(request: HttpRequest, reader_id: int, verb: str) -> HttpResponse:
    user = request.user
    try:
        if verb == "suspend":
            days = whole_number(request.POST.get("days"))
            if days is None:
                raise CommentError("Please give the number of days.", "bad_days", field="days")
            entry = actions.suspend(user, reader_id, days, request.POST.get("reason", ""))
            messages.success(request, actions.suspension_message(entry, days))
        elif verb == "ban":
            block_domain = request.POST.get("block_domain") == "1"
            actions.ban(user, reader_id, request.POST.get("reason", ""), block_domain=block_domain)
            messages.success(request, actions.ban_message(block_domain))
        elif verb == "lift-suspension":
            entry = actions.lift_suspension(user, reader_id, request.POST.get("reason", ""))
            messages.success(request, actions.lift_message(entry))
        elif verb == "lift-ban":
            entry = actions.lift_ban(user, reader_id, request.POST.get("reason", ""))
            messages.success(request, actions.lift_ban_message(entry))
        elif verb in {"trust", "untrust"}:
            actions.trust(user, reader_id, verb == "trust")
            messages.success(request, "Saved.")
        else:
            raise Http404("No such action")
    except CommentError as error:
        return _error(request, error)
    return _back(request)


# The selection a refused bulk action leaves for the queue page it returns to.
BULK_KEPT = "dashboard_bulk_kept"


@require_POST
@workspace()
def bulk(request: HttpRequest) -> HttpResponse:
    try:
        entries = actions.bulk(
            request.user,
            request.POST.get("action", ""),
            request.POST.getlist("ids"),
            request.POST.get("reason", ""),
        )
    except CommentError as error:
        if error.status != 400:
            return _error(request, error)
        # Bad input (no reason for a reject, nothing ticked): back to the queue with the ticks
        # and the typed reason kept, and what is missing said above it; the error page lost
        # the moderator's selection.
        request.session[BULK_KEPT] = {
            "ids": [i for i in request.POST.getlist("ids") if i.isdigit()][: actions.MAX_BULK],
            "reason": request.POST.get("reason", "")[:200],
            "field": error.field or "",
        }
        messages.error(request, f"Nothing was changed: {error.message}")
        return _back(request)
    messages.success(request, f"{entries.summary()} Press u to undo.")
    return _back(request)


@require_POST
@workspace()
def undo(request: HttpRequest) -> HttpResponse:
    try:
        entries = actions.undo_last(request.user)
    except CommentError as error:
        return _error(request, error)
    messages.success(request, entries.summary())
    back = _back(request)
    comment_ids = list(dict.fromkeys(e.comment_id for e in entries if e.comment_id is not None))
    return _to_comment(back, comment_ids) if comment_ids else back


def _to_comment(back: HttpResponseRedirect, comment_ids: list[int]) -> HttpResponseRedirect:
    """From a queue page, back to the queue's page that holds the comment an undo put back (a
    bulk undo's: the first of them in the page's order), or to the tab it went back to, as `u`
    does; any other page as it was."""
    parts = urlsplit(back.url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return back
    if match.view_name != "dashboard:queue":
        return back
    params = QueryDict(parts.query, mutable=True)
    params.pop("after", None)
    params["around"] = ",".join(str(i) for i in comment_ids)
    return HttpResponseRedirect(f"{parts.path}?{params.urlencode()}")


# --- audit log ------------------------------------------------------------------------------

CSV_COLUMNS = (
    "id",
    "created_at",
    "actor",
    "action",
    "comment_id",
    "article_id",
    "article",
    "reader_id",
    "reason",
    "before",
    "after",
    "undone_at",
)


@require_GET
@workspace()
def audit(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    action = request.GET.get("action", "")
    actor = request.GET.get("actor", "").strip()[:150]
    entries = queries.audit_entries(q, action, actor)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = {k: v for k, v in {"q": q, "action": action, "actor": actor}.items() if v}
    return render(
        request,
        "dashboard/audit.html",
        {
            "page": page,
            "q": q,
            "action": action,
            "actor": actor,
            "query": urlencode(query),
            "actions": AuditEntry.Action.choices,
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(entries: Any) -> Iterator[list[Any]]:
    import json

    yield list(CSV_COLUMNS)
    for e in entries.iterator(chunk_size=500):
        yield [
            e.pk,
            e.created_at.isoformat(),
            e.actor_name or "automatic",
            e.action,
            e.comment_id or "",
            e.article_id or "",
            e.article.headline if e.article else "",
            e.subject_id or "",
            e.reason,
            json.dumps(e.before, sort_keys=True),
            json.dumps(e.after, sort_keys=True),
            e.undone_at.isoformat() if e.undone_at else "",
        ]


def _csv_safe(value: Any) -> Any:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


@require_GET
@workspace()
def audit_csv(request: HttpRequest) -> StreamingHttpResponse:
    entries = queries.audit_entries(
        request.GET.get("q", "").strip()[:200],
        request.GET.get("action", ""),
        request.GET.get("actor", "").strip()[:150],
    )
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([_csv_safe(v) for v in row]) for row in _csv_rows(entries)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="moderation-audit-{stamp}.csv"'
    return response


# --- stats ----------------------------------------------------------------------------------


def _pct(value: float | None) -> float | None:
    # Not rounded here: the chart writes each point as present.percent does (99.96% is not 100%).
    return None if value is None else value * 100


# The periods the stats pages' menu offers; a link may ask for another (1 to 365 days), which
# the menu then lists too, so that it names the period shown.
DAY_CHOICES = (7, 14, 30, 90)
DEFAULT_DAYS = 14
MAX_DAYS = 365


def _day_choices(days: int) -> list[int]:
    return sorted({*DAY_CHOICES, days})


def _days(request: HttpRequest) -> int:
    """The period asked for: 14 days when `days` is absent or empty; a value that is not a
    whole number from 1 to 365 raises CommentError (400), rather than showing 14 days under a
    link that asked for another period (before 2026-11-30 it did, silently)."""
    raw = request.GET.get("days", "").strip()
    if not raw:
        return DEFAULT_DAYS
    days = whole_number(raw)
    if days is None or not 1 <= days <= MAX_DAYS:
        raise CommentError(
            f"The number of days must be a whole number from 1 to {MAX_DAYS}.", "bad_days"
        )
    return days


def _bad_days(request: HttpRequest, error: CommentError) -> HttpResponse:
    # Back to the same page, for its default period.
    return _error(request, error, back=request.path)


@require_GET
@workspace(roles.VIEW_STATS)
def stats_page(request: HttpRequest) -> HttpResponse:
    try:
        days = _days(request)
    except CommentError as error:
        return _bad_days(request, error)
    figures = stats.compute(days)
    labels = [d.day.strftime("%d %b") for d in figures.days]
    rolling = stats.rolling_quality(figures, 7)
    other = [max(0, d.comments - d.auto_decided) for d in figures.days]
    context = {
        "stats": figures,
        "days": days,
        "day_choices": _day_choices(days),
        "chart_comments": charts.stacked_bars(
            "Comments per day",
            labels,
            [
                ("published automatically", [d.auto_published for d in figures.days]),
                ("held", [d.auto_held for d in figures.days]),
                ("rejected automatically", [d.auto_rejected for d in figures.days]),
                ("not yet checked", other),
            ],
        ),
        "chart_share": charts.lines(
            "Share published automatically",
            labels,
            [("published automatically", [_pct(d.auto_share) for d in figures.days])],
            percent=True,
        ),
        "chart_reasons": charts.horizontal_bars(
            "Why comments were held", [(code, n) for code, _, n in figures.held_reasons[:12]]
        ),
        "chart_queue": charts.lines(
            "Time in queue (minutes)",
            labels,
            [
                ("median", [d.queue_median for d in figures.days]),
                ("90th percentile", [d.queue_p90 for d in figures.days]),
            ],
        ),
        "chart_quality": charts.lines(
            "Precision and recall of automatic publishing, 7-day rolling",
            labels,
            [
                ("precision", [_pct(q.precision) for q in rolling]),
                ("recall", [_pct(q.recall) for q in rolling]),
            ],
            percent=True,
        ),
        "sample_rate": WorkspaceSettings.load().sample_rate(),
    }
    return render(request, "dashboard/stats.html", context)


@require_GET
@workspace(roles.VIEW_STATS)
def thresholds_page(request: HttpRequest) -> HttpResponse:
    """ "Thresholds: what if" on its own page: on a big site it costs as much as the rest of the
    stats together, and moderators read it far less often."""
    try:
        days = _days(request)
    except CommentError as error:
        return _bad_days(request, error)
    result = calibration.what_if(days)
    return render(
        request,
        "dashboard/thresholds.html",
        {
            "what_if": result.report,
            "start": result.start,
            "end": result.end,
            "days": days,
            "day_choices": _day_choices(days),
        },
    )


# --- settings -------------------------------------------------------------------------------


# The policy's fields on the settings page, by the kind of form field each is.
NUMBER_FIELDS = (
    "abuse_threshold",
    "abuse_threshold_trusted",
    "off_topic_threshold",
    "spam_threshold",
    "threat_threshold",
    "max_links",
)
WORD_LIST_FIELDS = ("banned_words_reject", "banned_words_hold", "suspect_words")
MODE_FIELDS = ("premoderate_everything", "premoderate_new_readers", "premoderate_links")
POLICY_FIELDS = (*NUMBER_FIELDS, *WORD_LIST_FIELDS, *MODE_FIELDS, "shadow_mode")


# The shadow-mode choices the form offers, as the policy stores them (None: the site default).
SHADOW_CHOICES: dict[str, bool | None] = {"on": True, "off": False, "default": None}


def _policy_from_post(post: Any) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in NUMBER_FIELDS:
        changes[name] = post.get(name, "").strip()
    for name in WORD_LIST_FIELDS:
        changes[name] = post.get(name, "")
    for name in MODE_FIELDS:
        changes[name] = post.get(name) == "on"
    changes["shadow_mode"] = SHADOW_CHOICES.get(post.get("shadow_mode", "default"))
    return changes


def _check_shadow_choice(post: Any) -> None:
    # Read as the site default, a mistyped choice would switch shadow mode without a word.
    if post.get("shadow_mode", "default") not in SHADOW_CHOICES:
        raise CommentError(
            "Shadow mode must be on, off or the site default.", "bad_setting", field="shadow_mode"
        )


ARTICLES_PER_PAGE = 50


@require_http_methods(["GET", "POST"])
@workspace(roles.CHANGE_SETTINGS)
def settings_page(request: HttpRequest) -> HttpResponse:
    error = None
    modes: dict[int, str] = {}
    shown: dict[int, str] = {}
    if request.method == "POST":
        for key, value in request.POST.items():
            article_id = whole_number(key[5:]) if key.startswith("mode_") else None
            if article_id is not None:
                modes[article_id] = value
            shown_id = whole_number(key[11:]) if key.startswith("shown_mode_") else None
            if shown_id is not None:
                shown[shown_id] = value
        # A mode left as the page showed it is not a change: applying it would undo what an
        # editor changed since the page was loaded (comments closed on a story, say).
        modes = {pk: mode for pk, mode in modes.items() if shown.get(pk) != mode}
        try:
            _check_shadow_choice(request.POST)
            actions.update_settings(
                request.user,
                _policy_from_post(request.POST),
                audit_sample_rate=request.POST.get("audit_sample_rate", "").strip(),
                faq=request.POST.get("faq"),
                article_modes=modes,
                close_after_days=request.POST.get("close_after_days"),
                loaded=request.POST.get("loaded"),
            )
        except CommentError as exc:
            error = exc
        else:
            messages.success(request, "Settings saved.")
            # Back to the same search and page of articles.
            query = request.GET.urlencode()
            return HttpResponseRedirect(
                reverse("dashboard:settings") + (f"?{query}" if query else "")
            )
    policy = ModerationPolicy.load()
    state = actions.settings_state()
    article_q = request.GET.get("article_q", "").strip()[:200]
    article_page = Paginator(queries.settings_articles(article_q), ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context: dict[str, Any] = {
        "loaded": actions.settings_fingerprint(state),
        "policy": policy,
        # The brackets and "Site default (...)" name the site's own values: the policy in force
        # would name the lead's saved value there, so "Site default (on)" after switching shadow
        # mode on (choosing it switched shadow mode off).
        "defaults": current_policy(ModerationPolicy()),
        "words": {
            name: "\n".join(word_list(getattr(policy, name)))
            for name in ("banned_words_reject", "banned_words_hold", "suspect_words")
        },
        "workspace": WorkspaceSettings.load(),
        "faq": state["faq"],
        "articles": list(article_page),
        "article_page": article_page,
        "article_q": article_q,
        # Encoded here: the template's urlencode filter would quote a dict's repr.
        "article_query": urlencode({"article_q": article_q}) if article_q else "",
        "modes": Article.CommentsMode.choices,
        "comments_settings": CommentsSettings.load(),
        "site_close_after_days": int(settings.MASTHEAD["COMMENTS_CLOSE_AFTER_DAYS"]),
        "error": error,
    }
    # What the page shows as saved, sent back beside each field: after a refused save
    # (someone saved meanwhile) only the fields this lead changed keep what they typed.
    context["shown"] = {
        key: context[key] for key in ("policy", "words", "workspace", "faq", "comments_settings")
    }
    if error is not None:
        changed = _changed_fields(request.POST) if error.code == "settings_changed" else None
        context.update(_as_typed(request.POST, context, modes, shown, changed))
    return render(
        request, "dashboard/settings.html", context, status=error.status if error else 200
    )


SETTINGS_FIELDS = (*POLICY_FIELDS, "audit_sample_rate", "close_after_days", "faq")


def _form_text(value: str | None) -> str:
    # A textarea comes back with \r\n line ends, the hidden copy with \n.
    lines = (value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _changed_fields(post: Any) -> set[str] | None:
    """The settings this lead changed on the page: those that differ from the copy of what the
    page showed (`shown_<field>`). None (all of them) for a form without the copies."""
    if not any(f"shown_{name}" in post for name in SETTINGS_FIELDS):
        return None
    return {
        name
        for name in SETTINGS_FIELDS
        if _form_text(post.get(name)) != _form_text(post.get(f"shown_{name}"))
    }


def _as_typed(
    post: Any,
    saved: dict[str, Any],
    modes: dict[int, str],
    shown: dict[int, str],
    changed: set[str] | None = None,
) -> dict[str, Any]:
    """A refused save shows the form as the lead typed it, to correct one field, not as it is
    saved: everything else they changed (a rewritten FAQ, word lists) would be lost. Refused
    because someone saved meanwhile (`changed` given), it shows the settings as they are now
    with this lead's changes on top: a field the lead left alone shows the colleague's value,
    so saving again applies the lead's changes without undoing the colleague's."""

    def mine(name: str) -> bool:
        return changed is None or name in changed

    typed = {k: v for k, v in _policy_from_post(post).items() if mine(k)}
    for article in saved["articles"]:  # shown only, never saved
        # What the page first showed stays the reference for "changed by the lead".
        article.shown_mode = shown.get(article.pk, article.comments_mode)
        article.comments_mode = modes.get(article.pk, article.comments_mode)
    workspace = saved["workspace"]
    comments_settings = saved["comments_settings"]
    return {
        "policy": {**{f: getattr(saved["policy"], f) for f in POLICY_FIELDS}, **typed},
        "words": {name: typed.get(name, saved["words"][name]) for name in saved["words"]},
        "faq": post.get("faq", saved["faq"]) if mine("faq") else saved["faq"],
        "workspace": {
            "audit_sample_rate": post.get("audit_sample_rate", "")
            if mine("audit_sample_rate")
            else workspace.audit_sample_rate,
            "sample_rate": workspace.sample_rate(),
        },
        "comments_settings": {
            "close_after_days": post.get("close_after_days", "")
            if mine("close_after_days")
            else comments_settings.close_after_days,
            "effective_close_after_days": comments_settings.effective_close_after_days,
        },
    }
