"""An audit of the workspace's numbers against counts made directly from the rows.

Histories are built with the actions (comments.actions, dashboard.actions), timestamps moved
afterwards where a test needs a day or a wait; each figure is then computed again here, from
the comments, the audit log and the audit sample, by the definitions in docs/moderators.md,
and compared with what the stats page, the API, /metrics and the CSV export show."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zoneinfo
from collections import Counter

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from masthead.comments import actions as comment_actions
from masthead.comments.models import Comment, CommentReport, CommentRevision
from masthead.dashboard import actions, stats
from masthead.dashboard.models import AuditEntry, AuditSample, WorkspaceSettings
from masthead.dashboard.receivers import PREMODERATION_REASONS
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
AUTOMATIC = ("auto_publish", "auto_hold", "auto_reject")


def shift(comment: Comment, to: dt.datetime) -> None:
    """Move a comment's whole history so that it was posted at `to` (its entries, samples,
    revisions and reports keep their distance from the posting)."""
    comment = Comment.objects.get(pk=comment.pk)
    delta = to - comment.created_at
    Comment.objects.filter(pk=comment.pk).update(created_at=to)
    for model, fields in (
        (AuditEntry, ("created_at", "undone_at")),
        (AuditSample, ("selected_at", "reviewed_at")),
        (CommentRevision, ("created_at",)),
        (CommentReport, ("created_at", "resolved_at")),
    ):
        for row in model.objects.filter(comment_id=comment.pk):
            changed = {f: getattr(row, f) + delta for f in fields if getattr(row, f) is not None}
            model.objects.filter(pk=row.pk).update(**changed)


def expected_figures(start: dt.date, end: dt.date) -> dict[str, object]:
    """The stats page's counts, made here from the rows by the documented definitions."""
    tz = timezone.get_current_timezone()

    def day(when: dt.datetime) -> dt.date:
        return when.astimezone(tz).date()

    posted = {
        c.pk: day(c.created_at) for c in Comment.objects.all() if start <= day(c.created_at) <= end
    }
    first: dict[int, AuditEntry] = {}
    for e in AuditEntry.objects.filter(
        action__in=AUTOMATIC, actor__isnull=True, actor_name=""
    ).order_by("created_at", "id"):
        if e.comment_id in posted:
            first.setdefault(e.comment_id, e)
    per_day: dict[dt.date, Counter[str]] = {d: Counter() for d in set(posted.values())}
    held_reasons: Counter[str] = Counter()
    for d in posted.values():
        per_day[d]["comments"] += 1
    for comment_id, e in first.items():
        per_day[posted[comment_id]][e.action] += 1
        if e.action == "auto_hold":
            enforced = e.after.get("enforced_reasons") or [r.strip() for r in e.reason.split(",")]
            for code in dict.fromkeys(enforced):
                held_reasons[code] += 1
    for s in AuditSample.objects.exclude(outcome="pending"):
        # Reviews of the comments the checks published first (the ones counted as published).
        if s.comment_id in first and first[s.comment_id].action == "auto_publish":
            per_day[posted[s.comment_id]]["sample_reviewed"] += 1
            per_day[posted[s.comment_id]]["sample_rejected"] += s.outcome == "rejected"
    for comment_id, e in first.items():
        if e.action != "auto_hold" or PREMODERATION_REASONS & set(e.after["enforced_reasons"]):
            continue
        decision = (
            AuditEntry.objects.filter(
                comment_id=comment_id,
                action__in=("approve", "edit_approve", "reject"),
                undone_at__isnull=True,
                before__status="held",
            )
            .order_by("created_at", "id")
            .first()
        )
        if decision is not None:
            per_day[posted[comment_id]]["held_decided"] += 1
            per_day[posted[comment_id]]["held_approved"] += decision.action != "reject"
    return {"per_day": per_day, "held_reasons": held_reasons}


def figures_by_day(figures: stats.Stats) -> dict[dt.date, Counter[str]]:
    out = {}
    for d in figures.days:
        c = Counter(
            comments=d.comments,
            auto_publish=d.auto_published,
            auto_hold=d.auto_held,
            auto_reject=d.auto_rejected,
            sample_reviewed=d.counts.sample_reviewed,
            sample_rejected=d.counts.sample_rejected,
            held_decided=d.counts.held_decided,
            held_approved=d.counts.held_approved,
        )
        out[d.day] = +c
    return {k: v for k, v in out.items() if v}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _scrape(client) -> dict[str, float]:  # type: ignore[no-untyped-def]
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    for family in text_string_to_metric_families(body):
        if family.name == "masthead_moderation_queue_depth":
            return {s.labels["queue"]: s.value for s in family.samples}
    raise AssertionError("no queue depth on /metrics")


@pytest.fixture
def adversarial(mod, lead, make_article, make_reader, post, keyword_moderation):  # type: ignore[no-untyped-def]
    """Today's history of every kind the brief names, built with the actions."""
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    article = make_article()
    a, b, c, gone = make_reader(), make_reader(), make_reader(), make_reader()
    fine = [post(article, a, f"Fair point {i}.") for i in range(4)]
    h_app = post(article, a, "idiot approve me")
    h_rej = post(article, a, "idiot reject me")
    h_undo = post(article, a, "idiot undo me")
    bulk_ok = [post(article, b, f"idiot bulk ok {i}") for i in range(2)]
    bulk_no = [post(article, b, f"idiot bulk no {i}") for i in range(2)]
    edited_bad = post(article, c, "Civil at first.")
    edited_good = post(article, c, "You idiot at first.")
    post(article, c, "BUY NOW watches")
    deleted = post(article, c, "idiot, deleted by its author")
    gone_published = post(article, gone, "A remark from an account deleted later.")
    post(article, gone, "idiot from an account deleted later")
    premod = post(make_article(comments_mode="premoderated"), a, "Looking forward to it.")
    actions.approve(mod, h_app.pk)
    actions.reject(mod, h_rej.pk, "Insult.")
    actions.approve(mod, h_undo.pk)
    actions.undo_last(mod)
    actions.bulk(mod, "approve", [x.pk for x in bulk_ok])
    actions.undo_last(mod)
    actions.bulk(mod, "reject", [x.pk for x in bulk_no], "Insults.")
    comment_actions.edit_comment(edited_bad, c, "Now you idiot.")
    actions.reject(mod, edited_bad.pk, "Insult.")
    comment_actions.edit_comment(edited_good, c, "Now civil.")
    actions.approve(mod, edited_good.pk)  # kept in the audit sample (drawn after its edit)
    comment_actions.report_comment(fine[0], b, "abuse")
    actions.approve(lead, fine[0].pk)  # reported, then cleared (and kept in the sample)
    actions.approve(lead, fine[1].pk)
    actions.reject(lead, fine[2].pk, "Rude after all.", "insult")
    comment_actions.report_comment(fine[3], b, "abuse")  # reported, still open
    comment_actions.delete_comment(deleted, c)
    comment_actions.report_comment(gone_published, b, "spam")
    comment_actions.delete_account(gone)
    actions.approve(mod, premod.pk)
    return locals()


def test_every_stats_figure_equals_a_count_made_from_the_rows(adversarial):
    """Per day: comments, first verdicts, held reasons, reviewed and rejected sample comments,
    decided and approved holds, each counted again from the rows. Two sampled comments an
    author edited: one published, edited into an insult, held and rejected (no miss of the
    checks: they held the insult; it counted as a sample rejection, 'other'); one held first,
    published after its edit and kept in the sample (no part of the comments published
    automatically, counted by first verdict; it counted as a reviewed sample comment)."""
    figures = stats.compute(7)
    expected = expected_figures(figures.start, figures.end)
    assert figures_by_day(figures) == {d: +c for d, c in expected["per_day"].items()}
    assert dict(Counter({code: n for code, _, n in figures.held_reasons})) == dict(
        expected["held_reasons"]
    )
    # The comment published, edited into an insult, held and rejected is no miss of the checks,
    # and the one held and published after an edit is no part of the published count.
    assert figures.total.counts.sample_rejected == 1  # fine[2] alone
    assert figures.total.counts.sample_reviewed == 3


def test_the_same_quantity_reads_the_same_on_every_page(client, mod, adversarial):
    figures = stats.compute(7)
    client.force_login(mod)
    page = client.get("/moderation/stats/?days=7").content.decode()
    total = figures.total
    assert f'<dd id="fig-comments">{total.comments}</dd>' in page
    assert f"({total.auto_published} of {total.auto_decided} comments checked)" in page
    assert f"{total.auto_held} comments were held" in page
    # The day's "missed publishes" column: held by the checks and approved (h_app), not the
    # pre-moderated comment also approved; its header said "Held, then approved", which both were.
    approved_holds = AuditEntry.objects.filter(
        action="approve", before__status="held", undone_at__isnull=True
    )
    assert approved_holds.count() == 2 and total.counts.held_approved == 1
    header = re.findall(r'<th scope="col">([^<]*)</th>', page)
    today_row = page.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")[-2]
    row = re.findall(r"<td>([^<]*)</td>", today_row)
    missed = "Missed publishes (held by the checks, then approved; pre-moderation not counted)"
    assert missed in header
    assert row[header.index(missed) - 1] == "1"  # the row's first cell is its <th>
    what_if = _text(client.get("/moderation/stats/thresholds/?days=7").content.decode())
    for name, n in (
        ("Published automatically", total.auto_published),
        ("Held, pre-moderation included", total.auto_held),
        ("Rejected automatically", total.auto_rejected),
    ):
        assert re.search(rf"{name}(?: \([^)]*\))?: {n} comments?\b", what_if), (name, n)
    badges = {
        k: int(n)
        for k, n in re.findall(
            r'data-count="(\w+)">(\d+)<', client.get("/moderation/queue/held/").content.decode()
        )
    }
    api = client.get("/api/moderation/counts").json()["counts"]
    assert badges == api == {k: int(v) for k, v in _scrape(client).items()}
    assert api == {
        "held": 3,  # the undone approval, the undone bulk approval of two
        "reported": 1,  # fine[3] (the deleted account's reported comment has gone)
        "premoderated": 0,
        "sample": 1,  # fine[3]
    }
    # The audit log's count, its CSV rows and the rows in the database.
    log = client.get("/moderation/audit/").content.decode()
    shown = int(re.search(r"<caption>(\d+) entr", log).group(1))
    export = client.get("/moderation/audit.csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert shown == len(rows) - 1 == AuditEntry.objects.count()


@pytest.mark.parametrize(
    "today, times",
    [
        # Clocks go forward in London at 01:00 UTC on 29 March 2026 (a 23-hour day).
        (
            dt.date(2026, 3, 30),
            ["2026-03-27 23:59:59.999999", "2026-03-28 00:00", "2026-03-28 23:30",
             "2026-03-29 00:30", "2026-03-29 01:30", "2026-03-29 23:30", "2026-03-30 00:15",
             "2026-03-30 23:59:59", "2026-03-31 00:00"],
        ),
        # And back at 01:00 UTC on 25 October 2026 (a 25-hour day).
        (
            dt.date(2026, 10, 26),
            ["2026-10-23 23:59", "2026-10-24 00:00", "2026-10-24 23:30", "2026-10-25 00:30",
             "2026-10-25 01:30", "2026-10-25 23:30", "2026-10-26 00:15", "2026-10-27 00:00"],
        ),
    ],
)  # fmt: skip
def test_days_are_the_newsroom_s_days_across_a_clock_change_and_midnight(
    settings, mod, make_article, make_reader, post, keyword_moderation, today, times
):
    """Each comment counts on its local day, at the period's edges too (the first day's
    midnight in, the moment before it and the day after the last out), on the 23- and 25-hour
    days of a clock change; a wait across midnight belongs to the day it began; days with no
    comment are zero rows, not missing ones."""
    settings.TIME_ZONE = "Europe/London"
    tz = zoneinfo.ZoneInfo("Europe/London")
    article, reader = make_article(), make_reader()
    local = [dt.datetime.fromisoformat(t).replace(tzinfo=tz) for t in times]
    for i, when in enumerate(local):
        comment = post(article, reader, f"Fine {i}." if i % 2 else f"idiot {i}")
        if i == 2:
            entry = actions.approve(mod, comment.pk)
        shift(comment, when)
        if i == 2:  # decided 40 minutes after posting, after local midnight
            AuditEntry.objects.filter(pk=entry.pk).update(
                created_at=when + dt.timedelta(minutes=40)
            )
    figures = stats.compute(3, today=today)
    assert [d.day for d in figures.days] == [today - dt.timedelta(days=n) for n in (2, 1, 0)]
    posted = Counter(when.date() for when in local)
    assert [d.comments for d in figures.days] == [posted[d.day] for d in figures.days]
    expected = expected_figures(figures.start, figures.end)
    assert figures_by_day(figures) == {d: +c for d, c in expected["per_day"].items() if +c}
    assert figures.total.comments == sum(posted[d.day] for d in figures.days)
    stays = [(d.day, d.queue_minutes) for d in figures.days if d.queue_minutes]
    assert [(day, [round(m, 3) for m in ms]) for day, ms in stays] == [(local[2].date(), [40.0])]
    # A period with no comment at all: every day present, every figure zero or "–".
    empty = stats.compute(3, today=today + dt.timedelta(days=30))
    assert [d.comments for d in empty.days] == [0, 0, 0]
    assert empty.total.auto_share is None and empty.quality.precision is None


SHADOW_INSULT = "tests.integration.test_dashboard_numbers_review.shadow_insult"


def test_metrics_count_a_verdict_by_the_reasons_it_enforced_as_the_stats_page_does(
    make_article, make_reader, post, use_moderator, masthead_settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """Shadow mode: an insult on a pre-moderated article is held for pre-moderation alone, and
    one elsewhere is published. /metrics counted both under reason="insult" (one as a hold the
    stats page does not count, one as a publication "for" an insult)."""
    from prometheus_client import REGISTRY

    def sample(decision: str, reason: str) -> float:
        labels = {"decision": decision, "reason": reason}
        return REGISTRY.get_sample_value("masthead_verdicts_total", labels) or 0.0

    use_moderator(SHADOW_INSULT)
    masthead_settings(COMMENT_RATE_PER_READER="10000/60")
    labels = [("hold", "insult"), ("hold", "pre_moderation"), ("publish", "insult"),
              ("publish", "none")]  # fmt: skip
    before = {k: sample(*k) for k in labels}
    with django_capture_on_commit_callbacks(execute=True):
        held = post(make_article(comments_mode="premoderated"), make_reader(), "You idiot.")
        published = post(make_article(), make_reader(), "You idiot too.")
    assert (held.status, published.status) == ("held", "published")
    counted = {k: sample(*k) - before[k] for k in labels}
    assert counted == {
        ("hold", "insult"): 0,
        ("hold", "pre_moderation"): 1,
        ("publish", "insult"): 0,
        ("publish", "none"): 1,
    }
    assert [code for code, _, _ in stats.compute(1).held_reasons] == ["pre_moderation"]


def test_a_rejection_outside_the_workspace_of_an_edit_the_checks_held_is_no_sample_miss(
    moderator_user, make_article, make_reader, post, keyword_moderation
):
    """A sampled comment, published, then edited by its author into an insult the checks held,
    rejected from the admin or a script: the words rejected are not the ones the checks
    published, so the audit sample stays unreviewed (it recorded a rejection, a miss)."""
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    reader = make_reader()
    comment = post(make_article(), reader, "Civil at first.")
    comment_actions.edit_comment(comment, reader, "Now you idiot.")
    comment = Comment.objects.get(pk=comment.pk)
    assert comment.status == "held"
    comment_actions.reject_comment(comment, moderator_user, "Insult.")
    assert AuditSample.objects.get(comment=comment).outcome == "pending"
    assert stats.compute(1).total.counts.sample_rejected == 0
