"""The stats page computes its figures from the audit log and sample exactly as documented;
the audit log is searchable and exports as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from masthead.comments.models import Comment
from masthead.dashboard import actions, stats
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
    assert "It contains a personal insult." in html


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
