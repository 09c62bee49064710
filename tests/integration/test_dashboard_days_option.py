"""The stats pages' and threshold-report's number of days: a value Python calls a digit but
int() refuses ("²", thousands of digits) is a 400 that says so on the pages (it fell back to the
default until 2026-11-30) and one line with exit 2 on the CLI, never a 500 or a traceback."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.support.dashboard_fixtures import *  # noqa: F403
from tests.support.dashboard_fixtures import client_for

pytestmark = pytest.mark.django_db
ODD_DAYS = ["²", "٣", "9" * 5000, "0007"]


@pytest.mark.parametrize("days", ODD_DAYS)
@pytest.mark.parametrize("url", ["/moderation/stats/", "/moderation/stats/thresholds/"])
def test_stats_pages_take_any_days_value_without_a_500(client, mod, url, days):  # type: ignore[no-untyped-def]
    response = client_for(client, mod).get(url, {"days": days})
    if days == "0007":
        assert response.status_code == 200
        assert response.context["days"] == 7
    else:
        assert response.status_code == 400
        assert "must be a whole number from 1 to 365" in response.content.decode()


@pytest.mark.parametrize("days", ["²", "٣", "9" * 5000])
def test_threshold_report_refuses_odd_days_in_one_line(days, capsys):  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        call_command("threshold_report", "--days", days)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("threshold-report: error: --days must be a whole number from 1 to 365")
    assert "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize("url", ["/moderation/stats/", "/moderation/stats/thresholds/"])
def test_stats_pages_of_a_single_day_with_comments_work(  # type: ignore[no-untyped-def]
    client, mod, url, make_article, make_reader, post, keyword_moderation
):
    # One day makes each row's day a constant; PostgreSQL refused the model's ordering then.
    post(make_article(), make_reader(), "A fine comment.")
    post(make_article(), make_reader(), "You idiot.")
    response = client_for(client, mod).get(url, {"days": "1"})
    assert response.status_code == 200
    assert response.context["days"] == 1
