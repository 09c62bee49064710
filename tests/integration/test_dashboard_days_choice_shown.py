"""A stats page opened for a number of days the menu does not list (a link with ?days=3) says
so in its menu, instead of showing "7 days" while the figures are for 3 (QA walk, 2026-11-30:
pressing Show then changed the period without the moderator choosing another)."""

from __future__ import annotations

import re

import pytest

from tests.support.dashboard_fixtures import *  # noqa: F403
from tests.support.dashboard_fixtures import client_for

pytestmark = pytest.mark.django_db


def _options(html: str) -> list[tuple[str, bool]]:
    menu = re.search(r'<select id="[st]-days" name="days">(.*?)</select>', html, re.S)
    assert menu
    return [
        (value, bool(selected))
        for value, selected in re.findall(r'<option value="(\d+)"( selected)?>', menu.group(1))
    ]


@pytest.mark.parametrize("url", ["/moderation/stats/", "/moderation/stats/thresholds/"])
def test_the_days_menu_shows_the_period_the_page_shows(client, mod, url):  # type: ignore[no-untyped-def]
    html = client_for(client, mod).get(url, {"days": "3"}).content.decode()
    assert _options(html) == [
        ("3", True),
        ("7", False),
        ("14", False),
        ("30", False),
        ("90", False),
    ]


@pytest.mark.parametrize("url", ["/moderation/stats/", "/moderation/stats/thresholds/"])
def test_the_days_menu_lists_the_usual_periods(client, mod, url):  # type: ignore[no-untyped-def]
    html = client_for(client, mod).get(url, {"days": "30"}).content.decode()
    assert _options(html) == [("7", False), ("14", False), ("30", True), ("90", False)]
