"""`masthead demo` gives the workspace real figures: two weeks of verdicts, decisions and
audit-sample reviews, computed into the stats page; roles are set; running it twice adds
nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from masthead.comments.models import Comment
from masthead.dashboard import calibration, stats
from masthead.dashboard.models import AuditEntry
from masthead.moderation.core.cli import default_policy

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_history_gives_the_stats_page_real_figures_and_is_written_once(loaded_demo, client):
    figures = stats.compute(14)
    assert figures.total.comments >= 150
    assert sum(1 for day in figures.days if day.comments) >= 12
    assert 0.5 < figures.total.auto_share < 0.95
    assert figures.total.queue_median and figures.total.queue_p90
    assert figures.total.queue_p90 >= figures.total.queue_median
    assert figures.quality.precision is not None and figures.quality.recall is not None
    assert {row.code for row in figures.reasons} >= {"insult", "off_topic"}
    # The numbers come from rows: every decided held comment has a moderator's audit entry.
    decided = AuditEntry.objects.filter(actor__username="moderator", before__status="held")
    assert decided.count() >= figures.total.counts.held_decided > 0

    entries, comments = AuditEntry.objects.count(), Comment.objects.count()
    call_command("demo", stdout=StringIO())
    assert (AuditEntry.objects.count(), Comment.objects.count()) == (entries, comments)

    moderators = Group.objects.get(name="Moderators").permissions.filter(
        content_type__app_label="dashboard"
    )
    assert set(moderators.values_list("codename", flat=True)) == {"moderate", "view_stats"}
    assert client.login(username="moderator", password="demo-moderator-pass")
    page = client.get("/moderation/stats/").content.decode()
    assert f'<dd id="fig-comments">{figures.total.comments}</dd>' in page
    assert client.get("/moderation/settings/").status_code == 403
    lead = User.objects.get(username="lead")
    assert lead.is_staff and lead.has_perm("dashboard.change_settings")
    assert client.login(username="lead", password="demo-lead-pass")
    assert client.get("/moderation/settings/").status_code == 200
    assert client.get("/moderation/queue/held/").status_code == 200


def test_demo_history_gives_the_what_if_enough_decisions_for_an_abuse_suggestion(
    loaded_demo, client
):
    """Scores spread as a model's would against the shipped thresholds: acceptable comments
    mostly under the abuse threshold, rejected ones mostly over it, some overlap; enough
    labelled comments on each side for a suggestion."""
    report = calibration.what_if(14).report
    assert report.labelled_acceptable >= 40 and report.labelled_rejected >= 40
    shipped = default_policy().thresholds.abuse  # weights/thresholds.json
    assert report.thresholds.abuse == pytest.approx(shipped)
    labelled = calibration.labelled_comments(14).observations
    good = sorted(o.scores.get("abuse", 0.0) for o in labelled if o.acceptable)
    bad = sorted(o.scores.get("abuse", 0.0) for o in labelled if not o.acceptable)
    assert good[len(good) // 2] < shipped < bad[len(bad) // 2]  # medians either side
    assert max(good) > min(bad)  # and they overlap
    abuse = report.tables[0]
    assert abuse.score == "abuse" and abuse.suggestion.threshold is not None
    assert client.login(username="lead", password="demo-lead-pass")
    page = client.get("/moderation/stats/thresholds/").content.decode()
    suggestion = page[page.index('id="suggest-abuse"') :]
    assert "Suggested threshold: <strong>" in suggestion[: suggestion.index("</p>")]
