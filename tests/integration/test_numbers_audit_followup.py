"""Four numbers the second audit (2026-11-30) found wrong, each built with the actions:

- Held took a comment still being checked after its author's edit for one whose check never
  finished, five minutes after its *posting*, not after the edit;
- "Most reported first" ordered by every report ever made, cleared ones included;
- /metrics' masthead_comments_posted_total left out a comment edited before its first check
  finished;
- the stats pages showed 14 days for a `?days=` they could not use, under a link that asked for
  another period."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from prometheus_client import REGISTRY

from masthead.comments import actions as comment_actions
from masthead.comments.models import Comment
from masthead.dashboard import actions, queries
from tests.support.dashboard_fixtures import *  # noqa: F403
from tests.support.dashboard_fixtures import client_for

pytestmark = pytest.mark.django_db
STATS_PAGES = ["/moderation/stats/", "/moderation/stats/thresholds/"]


def _ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(i) for i in re.findall(r'data-id="(\d+)"', response.content.decode())]


def _held() -> list[int]:
    return list(queries.tab_queryset("held").values_list("pk", flat=True))


# --- 1. Held: a pending comment is stuck five minutes after its last submission ------------------


def test_a_comment_edited_late_and_still_being_checked_is_not_stuck_until_five_minutes_after_the_edit(  # type: ignore[no-untyped-def]
    client, mod, make_article, make_reader, post, keyword_moderation
):
    reader = make_reader()
    comment = post(make_article(), reader, "A fair point, posted a while ago.")
    assert comment.status == Comment.Status.PUBLISHED
    now = timezone.now()
    Comment.objects.filter(pk=comment.pk).update(created_at=now - dt.timedelta(minutes=12))
    # The author's edit, saved: its check (the second half of edit_comment) has not finished.
    comment_actions._revise(Comment.objects.get(pk=comment.pk), "A fairer point.", reader)
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING

    assert _held() == []
    assert queries.counts(queries.Filters())["held"] == 0
    assert _ids(client_for(client, mod).get("/moderation/queue/held/")) == []

    # Five minutes after the edit it is stuck: Held shows it, and the live update brings it.
    since = timezone.now()
    edited = since - dt.timedelta(minutes=5, seconds=10)
    Comment.objects.filter(pk=comment.pk).update(edited_at=edited, updated_at=edited)
    assert _held() == [comment.pk]
    assert queries.counts(queries.Filters())["held"] == 1
    items, more = queries.changed_items("held", queries.Filters(), since)
    assert [item.id for item in items] == [comment.pk] and not more


def test_a_never_edited_pending_comment_is_still_stuck_five_minutes_after_posting(  # type: ignore[no-untyped-def]
    make_article, make_reader
):
    comment = comment_actions._create_pending(
        make_article(),
        make_reader(),
        comment_actions.Posting(text="Lost its check."),
        None,
        "Lost its check.",
        ("", ""),
    )
    assert _held() == []
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=6)
    )
    assert _held() == [comment.pk]


# --- 2. "Most reported first" counts open reports ------------------------------------------------


def test_most_reported_first_orders_by_open_reports_not_cleared_ones(  # type: ignore[no-untyped-def]
    client, mod, make_article, make_reader, post, keyword_moderation
):
    article = make_article()
    cleared_before = post(article, make_reader(), "Reported often, mostly cleared.")
    open_two = post(article, make_reader(), "Reported twice, both open.")
    reporters = [make_reader() for _ in range(6)]
    for reporter in reporters[:3]:
        comment_actions.report_comment(cleared_before, reporter, "abuse")
    actions.approve(mod, cleared_before.pk)  # kept published: its three reports are cleared
    comment_actions.report_comment(cleared_before, reporters[3], "spam")  # one open again
    for reporter in reporters[4:]:
        comment_actions.report_comment(open_two, reporter, "abuse")
    assert Comment.objects.get(pk=cleared_before.pk).report_count == 4

    page = queries.queue_page("reported", queries.Filters(), "reports")
    assert [item.id for item in page.items] == [open_two.pk, cleared_before.pk]
    html_ids = _ids(client_for(client, mod).get("/moderation/queue/reported/"))
    assert html_ids == [open_two.pk, cleared_before.pk]  # the Reported tab's default sort

    # Keyset pages walk the same order, and `u` finds the page that holds each.
    first = queries.queue_page("reported", queries.Filters(), "reports", page_size=1)
    assert [item.id for item in first.items] == [open_two.pk] and first.next_cursor
    second = queries.queue_page(
        "reported", queries.Filters(), "reports", first.next_cursor, page_size=1
    )
    assert [item.id for item in second.items] == [cleared_before.pk]
    assert queries.cursor_for("reported", queries.Filters(), "reports", cleared_before.pk) == ""


# --- 3. /metrics counts every posted comment once ------------------------------------------------


def _posted() -> float:
    return REGISTRY.get_sample_value("masthead_comments_posted_total") or 0.0


def test_a_comment_edited_before_its_first_check_finished_counts_as_posted_once(  # type: ignore[no-untyped-def]
    make_article, make_reader, keyword_moderation, django_capture_on_commit_callbacks
):
    reader, article = make_reader(), make_article()
    before = _posted()
    with django_capture_on_commit_callbacks(execute=True):
        # Posted: the row is made, and its check is still running when its author edits it.
        comment = comment_actions._create_pending(
            article,
            reader,
            comment_actions.Posting(text="First words."),
            None,
            "First words.",
            ("", ""),
        )
        edited = comment_actions.edit_comment(comment, reader, "Better words.")
    assert edited.status == Comment.Status.PUBLISHED and edited.edited_at is not None
    assert _posted() == before + 1


def test_a_comment_edited_after_its_verdict_still_counts_as_posted_once(  # type: ignore[no-untyped-def]
    make_article, make_reader, post, keyword_moderation, django_capture_on_commit_callbacks
):
    reader, article = make_reader(), make_article()
    before = _posted()
    with django_capture_on_commit_callbacks(execute=True):
        comment = post(article, reader, "First words.")
        comment_actions.edit_comment(comment, reader, "Now you idiot.")  # held by its recheck
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.HELD
    assert _posted() == before + 1


# --- 4. The stats pages refuse a period they cannot show -----------------------------------------


@pytest.mark.parametrize("url", STATS_PAGES)
@pytest.mark.parametrize("days", ["0", "366", "-3", "1.5", "fourteen", "²", "9" * 5000])
def test_a_days_value_the_stats_pages_cannot_show_is_a_400_that_says_so(  # type: ignore[no-untyped-def]
    client, lead, url, days
):
    response = client_for(client, lead).get(url, {"days": days})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The number of days must be a whole number from 1 to 365." in html
    assert f'<a href="{url}">Back</a>' in html  # the same page, for its default period


@pytest.mark.parametrize("url", STATS_PAGES)
@pytest.mark.parametrize(("query", "days"), [({}, 14), ({"days": ""}, 14), ({"days": "365"}, 365)])
def test_no_days_or_an_empty_one_shows_the_default_period(client, lead, url, query, days):  # type: ignore[no-untyped-def]
    response = client_for(client, lead).get(url, query)
    assert response.status_code == 200
    assert response.context["days"] == days


@pytest.mark.parametrize("url", STATS_PAGES)
@pytest.mark.parametrize("days", [1, 3, 14, 365])
def test_every_period_link_and_menu_choice_on_the_stats_pages_opens(client, lead, url, days):  # type: ignore[no-untyped-def]
    client = client_for(client, lead)
    html = client.get(url, {"days": str(days)}).content.decode()
    links = set(re.findall(r'href="(/moderation/stats/[^"]*)"', html))
    menu = re.search(r'<select id="[st]-days" name="days">(.*?)</select>', html, re.S)
    assert menu
    choices = re.findall(r'<option value="([^"]*)"', menu.group(1))
    assert choices and any("days=" in link for link in links)
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link
    for choice in choices:
        assert client.get(url, {"days": choice}).status_code == 200, choice
