"""A publication time no time zone can show (within a day of Python's year 1 or year 9999) is
refused in one line by `masthead import` (exit 2, nothing stored) and under the field in the
admin, instead of an OverflowError traceback when it was stored or shown."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import override_settings

from masthead.articles.models import Article
from tests.integration.test_articles_admin import form_data
from tests.integration.test_articles_import import run_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):  # type: ignore[no-untyped-def]
    group = Group.objects.create(name="Editors")
    group.permissions.set(Permission.objects.filter(content_type__app_label="articles"))
    user = get_user_model().objects.create_user("ed", password="pw-for-tests-only", is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    return client


def markdown(date: str) -> str:
    return f"---\nheadline: Ferry timetable changes\ndate: {date}\n---\n\nThe ferry runs later.\n"


@pytest.mark.parametrize(
    "date",
    [
        "0001-01-01T00:00:00+14:00",  # before year 1 in UTC: overflowed when stored
        "9999-12-31T23:00:00-05:00",  # after year 9999 in UTC: overflowed when stored
        "9999-12-31T23:59:59",  # read in UTC, but UTC+1 cannot show it
        "0001-01-01T00:00:00",  # read in UTC, but UTC-1 cannot show it
    ],
)
def test_import_refuses_a_publication_time_at_the_edge_of_the_calendar_in_one_line(tmp_path, date):
    story = tmp_path / "ferry.md"
    story.write_text(markdown(date))
    code, out, err = run_import(story)
    assert code == 2
    assert "1 failed" in out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert re.search(r"ferry\.md: error: published_at: .*cannot be a publication time", lines[0])
    assert "30 December 9999 (UTC)" in lines[0]
    assert not Article.objects.exists()


@pytest.mark.parametrize("date", ["1850-06-01T09:00:00+00:00", "2999-01-01T00:00:00-05:00"])
def test_import_still_takes_old_and_far_future_times_any_zone_can_show(tmp_path, date):
    story = tmp_path / "ferry.md"
    story.write_text(markdown(date))
    code, _, err = run_import(story)
    assert code == 0, err
    assert Article.objects.get().published_at.isoformat()[:4] == date[:4]


@pytest.mark.parametrize(
    ("zone", "day", "time"),
    [
        ("Pacific/Kiritimati", "0001-01-01", "00:00:00"),
        ("America/New_York", "9999-12-31", "23:00:00"),
    ],
)
def test_admin_refuses_a_publication_time_at_the_edge_of_the_calendar_under_the_field(
    editor_client, make_section, zone, day, time
):
    section = make_section()
    with override_settings(TIME_ZONE=zone):
        response = editor_client.post(
            "/admin/articles/article/add/",
            form_data(section.pk, published_at_0=day, published_at_1=time),
        )
    assert response.status_code == 200
    assert "cannot be a publication time" in response.content.decode()
    assert not Article.objects.exists()
