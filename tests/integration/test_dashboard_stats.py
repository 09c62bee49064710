"""The stats page computes its figures from the audit log and sample exactly as documented;
the audit log is searchable and exports as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from masthead.comments.models import Comment
from masthead.dashboard import actions, measures, stats
from masthead.dashboard.models import AuditEntry, WorkspaceSettings
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_day(mod, make_article, make_reader, post, keyword_moderation):  # type: ignore[no-untyped-def]
    """15 comments today: 10 published automatically (all sampled; 4 reviewed, 1 of them
    wrongly published), 4 held (1 approved, 2 rejected, 1 waiting), 1 rejected as spam."""
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    article, reader = make_article(), make_reader()
    published = [post(article, reader, f"Sensible remark {i}.") for i in range(10)]
    held = [post(article, reader, f"You idiot number {i}.") for i in range(4)]
    post(article, reader, "BUY NOW cheap watches")
    for comment in published[:3]:
        actions.approve(mod, comment.pk)
    actions.reject(mod, published[3].pk, "Rude after all.", "insult")
    decisions = [
        (actions.approve(mod, held[0].pk), 10),
        (actions.reject(mod, held[1].pk, "Insult."), 20),
        (actions.reject(mod, held[2].pk, "Insult."), 40),
    ]
    for entry, minutes in decisions:
        posted = Comment.objects.get(pk=entry.comment_id).created_at
        AuditEntry.objects.filter(pk=entry.pk).update(
            created_at=posted + dt.timedelta(minutes=minutes)
        )
    return {"published": published, "held": held}


def test_stats_figures_follow_the_documented_definitions(known_day):
    figures = stats.compute(7)
    total = figures.total
    assert total.comments == 15
    assert (total.auto_published, total.auto_held, total.auto_rejected) == (10, 4, 1)
    assert total.auto_share == pytest.approx(10 / 15)
    assert total.queue_median == pytest.approx(20)
    assert total.queue_p90 == pytest.approx(36)
    counts = total.counts
    assert (counts.sample_reviewed, counts.sample_rejected) == (4, 1)
    assert (counts.held_decided, counts.held_approved) == (3, 1)
    assert figures.quality.precision == pytest.approx(0.75)
    assert figures.quality.recall == pytest.approx(7.5 / 8.5)
    reasons = {row.code: row for row in figures.reasons}
    insult = reasons["insult"]
    assert insult.held == 4
    assert (insult.counts.held_decided, insult.counts.held_rejected) == (3, 2)
    assert insult.counts.sample_missed == 1
    assert insult.quality.precision == pytest.approx(2 / 3)
    assert insult.quality.recall == pytest.approx(2 / (2 + 1 / 0.4))
    assert reasons["spam"].counts.auto_rejected == 1
    assert reasons["spam"].quality.recall == pytest.approx(1.0)
    assert [d.comments for d in figures.days][-1] == 15 and len(figures.days) == 7
    rolling = figures.rolling_quality(7)
    assert rolling[-1].precision == pytest.approx(0.75)
    assert rolling[0].precision is None  # no reviews in the window ending six days ago


def test_an_undone_decision_no_longer_counts(mod, known_day):
    actions.undo_last(mod)  # the last rejection of a held comment
    counts = stats.compute(7).total.counts
    assert (counts.held_decided, counts.held_approved) == (2, 1)


def test_stats_page_shows_the_figures_and_charts(client, mod, known_day):
    client.force_login(mod)
    html = client.get("/moderation/stats/?days=7").content.decode()
    assert '<dd id="fig-comments">15</dd>' in html
    assert '<dd id="fig-auto-share">67%</dd>' in html
    assert '<dd id="fig-median">20 min</dd>' in html
    assert '<dd id="fig-p90">36 min</dd>' in html
    assert '<dd id="fig-precision">75%</dd>' in html
    assert '<dd id="fig-recall">88%</dd>' in html
    assert html.count("<svg") == 5
    assert "It may contain a personal insult." in html


def test_audit_log_is_searchable_and_exports_as_csv(client, mod, known_day):
    client.force_login(mod)
    page = client.get("/moderation/audit/?q=Rude+after").content.decode()
    assert "Rude after all. [insult]" in page
    assert "Sensible remark" not in page
    automatic = client.get("/moderation/audit/?action=automatic").content.decode()
    assert "15 entries" in automatic
    response = client.get("/moderation/audit.csv?action=human")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["id", "created_at", "actor", "action"]
    body = rows[1:]
    assert len(body) == AuditEntry.objects.exclude(actor__isnull=True).count() == 7
    assert {row[2] for row in body} == {"mod"}
    rejected = [row for row in body if row[3] == "reject" and row[8] == "Rude after all. [insult]"]
    assert len(rejected) == 1
    assert '"status": "published"' in rejected[0][9] and '"status": "rejected"' in rejected[0][10]


def test_csv_cells_that_look_like_formulas_are_neutralised(client, mod, held):
    comment = held()
    actions.reject(mod, comment.pk, '=HYPERLINK("http://x")')
    client.force_login(mod)
    response = client.get("/moderation/audit.csv?action=reject")
    text = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in text


def test_stats_count_by_local_day_first_verdict_and_standing_decision(
    settings, mod, make_article, make_reader
):
    """Rows written directly (no moderation run), in a time zone an hour ahead of UTC, three
    days to 10 Nov: each figure worked out by hand from the documented definitions."""
    from masthead.dashboard.models import AuditSample

    settings.TIME_ZONE = "Europe/Berlin"  # UTC+1 in November
    article, reader = make_article(), make_reader()
    berlin = dt.timezone(dt.timedelta(hours=1))

    def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(2026, 11, day, hour, minute, tzinfo=berlin)

    posted = {
        "c1": at(8, 23, 30),  # held for insult, approved after 90 minutes
        "c2": at(9, 0, 10),  # 23:10 UTC on the 8th: the 9th here; published, then re-checked
        "c3": at(9, 12),  # held by pre-moderation, rejected after 30 minutes
        "c4": at(10, 8),  # held (spam), approved and undone, then rejected after 45 minutes
        "c5": at(10, 9),  # rejected automatically
        "c6": at(7, 23, 59),  # the day before the window
        "c7": at(10, 10),  # not checked yet
        "c8": at(10, 11),  # published, kept in the audit sample
    }
    comments = dict(
        zip(
            posted,
            Comment.objects.bulk_create(
                Comment(article=article, author=reader, text=name, created_at=when)
                for name, when in posted.items()
            ),
            strict=True,
        )
    )

    def entry(name: str, action: str, reason: str, minutes: float, **more) -> AuditEntry:  # type: ignore[no-untyped-def]
        return AuditEntry(
            comment=comments[name],
            action=action,
            reason=reason,
            created_at=posted[name] + dt.timedelta(minutes=minutes),
            **more,
        )

    human = {"actor": mod, "actor_name": "mod", "before": {"status": "held"}}
    AuditEntry.objects.bulk_create(
        [
            entry("c1", "auto_hold", "insult", 0.05),
            entry("c2", "auto_publish", "no problem found", 0.05),
            entry("c2", "auto_hold", "spam", 60),  # an edit checked again: not counted
            entry("c3", "auto_hold", "first_comment", 0.05),
            entry("c4", "auto_hold", "spam, hold", 0.05),
            entry("c5", "auto_reject", "banned_word, spam", 0.05),
            entry("c6", "auto_hold", "insult", 0.05),
            entry("c8", "auto_publish", "no problem found", 0.05),
            entry("c1", "approve", "", 90, **human),
            entry("c3", "reject", "", 30, **human),
            entry("c4", "approve", "", 20, undone_at=posted["c4"], **human),
            entry("c4", "reject", "", 45, **human),
            entry("c4", "approve", "", 50, **human),  # a later decision: the first stands
            entry("c6", "approve", "", 5, **human),
        ]
    )
    AuditSample.objects.bulk_create(
        [
            AuditSample(comment=comments["c2"], outcome="rejected", missed_reason="insult"),
            AuditSample(comment=comments["c8"], outcome="confirmed"),
        ]
    )

    figures = stats.compute(3, today=dt.date(2026, 11, 10))
    days = {d.day.day: d for d in figures.days}
    assert list(days) == [8, 9, 10]
    assert [
        (d.comments, d.auto_published, d.auto_held, d.auto_rejected) for d in days.values()
    ] == [(1, 0, 1, 0), (2, 1, 1, 0), (4, 1, 1, 1)]
    assert [d.queue_minutes for d in days.values()] == [[90.0], [30.0], [45.0]]
    assert [d.counts for d in days.values()] == [
        measures.PublishingCounts(held_decided=1, held_approved=1),
        measures.PublishingCounts(auto_published=1, sample_reviewed=1, sample_rejected=1),
        measures.PublishingCounts(auto_published=1, sample_reviewed=1, held_decided=1),
    ]
    # Equal counts keep the order the reasons were first seen in (not the alphabet's).
    assert [(code, n) for code, _, n in figures.held_reasons] == [
        ("insult", 1),
        ("first_comment", 1),
        ("spam", 1),
    ]
    rows = {
        r.code: (r.held, r.counts.auto_rejected, r.counts.held_decided, r.counts.held_rejected,
                 r.counts.sample_missed)
        for r in figures.reasons
    }  # fmt: skip
    assert [r.code for r in figures.reasons] == ["first_comment", "insult", "spam", "banned_word"]
    assert rows == {
        "first_comment": (1, 0, 0, 0, 0),  # pre-moderation: time in queue only
        "insult": (1, 0, 1, 0, 1),
        "spam": (1, 1, 1, 1, 0),
        "banned_word": (0, 1, 0, 0, 0),
    }
    assert figures.total.queue_median == pytest.approx(45)
    assert figures.quality.precision == pytest.approx(0.5)
    assert figures.quality.recall == pytest.approx(1 / (1 + 1))  # 2 x 0.5 published, 1 missed
