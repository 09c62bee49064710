"""The quality chart's points are each day with the six before it, as its legend says, for the
first days of the period too: the reviews of the days just before the period count there (QA
walk, 2026-11-30: a 7-day page's first point was that day alone, its second two days...)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from masthead.comments.models import Comment
from masthead.dashboard import actions, stats
from masthead.dashboard.models import AuditEntry, WorkspaceSettings
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _move_back(comment: Comment, days: int) -> None:
    """As if the comment, and everything written about it, was `days` days older."""
    back = dt.timedelta(days=days)
    Comment.objects.filter(pk=comment.pk).update(created_at=comment.created_at - back)
    for entry in AuditEntry.objects.filter(comment_id=comment.pk):
        AuditEntry.objects.filter(pk=entry.pk).update(created_at=entry.created_at - back)


@pytest.fixture
def reviews(mod, make_article, make_reader, post, keyword_moderation):  # type: ignore[no-untyped-def]
    """A sample comment wrongly published eight days ago (before a 7-day period) and one
    rightly published today, both reviewed."""
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    article, reader = make_article(), make_reader()
    old = post(article, reader, "A sneaky rude remark.")
    new = post(article, reader, "A fair remark.")
    actions.reject(mod, old.pk, "Rude.", "insult")
    actions.approve(mod, new.pk)
    _move_back(old, 8)
    return old, new


def test_the_first_days_of_the_period_are_read_with_the_six_days_before_them(reviews):
    figures = stats.compute(7)
    rolling = stats.rolling_quality(figures)
    assert len(rolling) == 7
    # Six days ago, with the six before it: the review of eight days ago.
    assert rolling[0].precision == pytest.approx(0.0)
    # Yesterday and the six before: eight days ago is out, nothing reviewed.
    assert rolling[-2].precision is None
    # Today and the six before: today's review only.
    assert rolling[-1].precision == pytest.approx(1.0)
    # The period's own figures leave the earlier days out.
    assert figures.total.counts.sample_reviewed == 1


def test_the_quality_chart_on_the_stats_page_starts_with_the_earlier_review(client, mod, reviews):
    client.force_login(mod)
    html = client.get("/moderation/stats/?days=7").content.decode()
    chart = html[html.index('id="c5"') :]
    start = timezone.localdate() - dt.timedelta(days=6)
    # The first point (six days ago) is drawn: a precision of 0%.
    assert f"{start:%d %b}: precision 0%" in chart
