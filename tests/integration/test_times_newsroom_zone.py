"""Pages show every time in the newsroom's zone (MASTHEAD_TIME_ZONE) with the zone named, and
every `<time datetime>` holds ISO 8601 with the offset; feeds, sitemaps, JSON-LD and the JSON
API keep the same absolute moments whatever the zone."""

from __future__ import annotations

import datetime as dt
import json
import re
from email.utils import parsedate_to_datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from masthead.comments.models import Comment
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

# 00:30 UTC on 25 Oct 2026: 01:30 BST in London, half an hour before the clocks go back.
BEFORE_FALL_BACK = dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)
# 01:30 UTC: 01:30 GMT, the second 01:30 of that night.
AFTER_FALL_BACK = dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC)
# 03:30 UTC on 1 Dec 2025 is 22:30 EST on 30 Nov in New York.
LATE_NIGHT = dt.datetime(2025, 12, 1, 3, 30, tzinfo=dt.UTC)
ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?$")


def datetime_attributes(html: str) -> list[str]:
    return re.findall(r'<time[^>]*\sdatetime="([^"]*)"', html)


def assert_every_time_element_has_an_offset(html: str) -> None:
    values = datetime_attributes(html)
    assert values, "no <time> on the page"
    assert [v for v in values if not ISO_WITH_OFFSET.match(v)] == []


def at(comment: Comment, moment: dt.datetime) -> Comment:
    Comment.objects.filter(pk=comment.pk).update(created_at=moment)
    return Comment.objects.get(pk=comment.pk)


@override_settings(TIME_ZONE="Europe/London")
def test_article_page_names_the_zone_of_the_publication_and_comment_times(
    client, make_article, make_reader, post
):
    article = make_article(published_at=BEFORE_FALL_BACK)
    comment = at(post(article, make_reader()), AFTER_FALL_BACK)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<time datetime="2026-10-25T01:30:00+01:00">25 Oct 2026, 01:30 BST</time>' in html
    # The comment, an hour later, reads 01:30 too: only the zone tells them apart.
    assert '<time datetime="2026-10-25T01:30:00+00:00">25 Oct 2026, 01:30 GMT</time>' in html
    assert f"comment-{comment.pk}" in html
    assert_every_time_element_has_an_offset(html)


@override_settings(TIME_ZONE="America/New_York")
def test_front_page_card_dates_the_story_by_the_newsroom_day(client, make_article):
    make_article(published_at=LATE_NIGHT)
    html = client.get("/").content.decode()
    assert (
        '<time datetime="2025-11-30T22:30:00-05:00" title="30 Nov 2025, 22:30 EST">'
        "30 Nov 2025</time>" in html
    )
    assert_every_time_element_has_an_offset(html)


@override_settings(TIME_ZONE="America/New_York")
def test_a_correction_is_dated_by_the_newsroom_day(client, make_article):
    from masthead.articles.models import Correction

    article = make_article(published_at=BEFORE_FALL_BACK)
    Correction.objects.create(article=article, text="The vote was 9 to 4.", created_at=LATE_NIGHT)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<time datetime="2025-11-30T22:30:00-05:00" title="30 Nov 2025, 22:30 EST">' in html
    assert "24 Oct 2026, 20:30 EDT" in html  # the publication time, New York summer time


@override_settings(TIME_ZONE="Europe/London")
def test_workspace_comment_page_and_audit_log_name_the_zone(client, mod, held):
    comment = at(held(), AFTER_FALL_BACK)
    client.force_login(mod)
    page = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert '<time datetime="2026-10-25T01:30:00+00:00">25 Oct 2026, 01:30 GMT</time>' in page
    assert_every_time_element_has_an_offset(page)
    audit = client.get("/moderation/audit/").content.decode()
    assert re.search(
        r"<time datetime=\"[^\"]+[+-]\d\d:\d\d\">\d+ \w{3} \d{4}, \d\d:\d\d GM?T", audit
    )
    assert_every_time_element_has_an_offset(audit)


@override_settings(TIME_ZONE="Europe/London")
def test_queue_keeps_relative_times_with_the_moment_and_zone_in_the_title(client, mod, held):
    comment = held()
    moment = timezone.now() - dt.timedelta(minutes=3)
    at(comment, moment)
    client.force_login(mod)
    html = client.get("/moderation/queue/held/").content.decode()
    found = re.search(r'<time datetime="([^"]+)" title="([^"]+)">([^<]+)</time>', html)
    assert found is not None
    attribute, title, words = found.groups()
    assert dt.datetime.fromisoformat(attribute) == moment.replace(microsecond=0)
    assert re.fullmatch(r"\d+ \w{3} \d{4}, \d\d:\d\d (GMT|BST)", title)
    assert words == "3\xa0minutes ago"


@pytest.mark.parametrize("zone", ["UTC", "America/New_York", "Asia/Kathmandu"])
def test_machine_readable_outputs_keep_the_absolute_moment_in_any_zone(
    client, make_article, make_reader, post, zone
):
    recent = (timezone.now() - dt.timedelta(hours=2)).replace(microsecond=0)
    with override_settings(TIME_ZONE=zone):
        article = make_article(published_at=recent)
        comment = at(post(article, make_reader()), AFTER_FALL_BACK)
        html = client.get(article.get_absolute_url()).content.decode()
        found = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
        assert found is not None
        data = json.loads(found.group(1))
        graph = data if isinstance(data, list) else data.get("@graph", [data])
        news = next(item for item in graph if item.get("@type") == "NewsArticle")
        assert dt.datetime.fromisoformat(news["datePublished"]) == recent
        rss = client.get("/feeds/rss/").content.decode()
        pub_date = re.search(r"<pubDate>([^<]+)</pubDate>", rss)
        assert pub_date is not None
        assert parsedate_to_datetime(pub_date.group(1)) == recent
        news_map = client.get("/news-sitemap.xml").content.decode()
        published = re.search(r"<news:publication_date>([^<]+)<", news_map)
        assert published is not None
        assert dt.datetime.fromisoformat(published.group(1)) == recent
        sitemap = client.get("/sitemap.xml").content.decode()
        lastmod = re.search(r"<lastmod>([^<]+)</lastmod>", sitemap)
        # A W3C datetime to the second with the newsroom's offset (articles.sitemaps).
        assert lastmod is not None
        assert dt.datetime.fromisoformat(lastmod.group(1)) == article.updated_at.replace(
            microsecond=0
        )
        listing = client.get(f"/api/articles/{article.pk}/comments")
        assert listing.status_code == 200, listing.content
        (thread,) = listing.json()["threads"]
        assert thread["comment"]["id"] == comment.pk
        created = thread["comment"]["created_at"]
        assert dt.datetime.fromisoformat(created.replace("Z", "+00:00")) == AFTER_FALL_BACK


@override_settings(TIME_ZONE="America/New_York")
def test_newsroom_admin_says_which_zone_the_publication_time_is_in_and_lists_it_with_the_zone(
    client, make_article
):
    from django.contrib.auth import get_user_model

    make_article(published_at=BEFORE_FALL_BACK)
    admin = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw-for-tests")
    client.force_login(admin)
    form = client.get("/admin/articles/article/add/").content.decode()
    assert "Date and time in the newsroom's time zone, America/New_York." in form
    listing = client.get("/admin/articles/article/").content.decode()
    assert "24 Oct 2026, 20:30 EDT" in listing


@override_settings(TIME_ZONE="Europe/London")
def test_an_audit_entry_names_its_time_in_the_newsroom_zone_in_the_admin(mod, held):
    from masthead.dashboard.models import AuditEntry

    entry = AuditEntry.objects.filter(comment_id=held().pk).first()
    assert entry is not None
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=AFTER_FALL_BACK)
    entry.refresh_from_db()
    assert str(entry).startswith("25 Oct 2026, 01:30 GMT ")
