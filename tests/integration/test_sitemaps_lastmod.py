"""sitemap.xml's <lastmod> is a full W3C datetime, to the second, with the newsroom's offset
(the sitemap protocol allows it; Django's own template wrote the day alone, so two changes on
one day looked like none to a crawler that had the first); the news sitemap's publication date
is the same text, without the microseconds Django's date:"c" wrote. Both as core.timestamps
writes a `<time datetime>`."""

from __future__ import annotations

import datetime as dt
import re
from xml.etree import ElementTree

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
}
# YYYY-MM-DDThh:mm:ss+hh:mm (W3C datetime, "complete date plus hours, minutes and seconds").
W3C_TO_THE_SECOND = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
SUMMER = dt.datetime(2026, 7, 1, 13, 5, 9, 123456, tzinfo=dt.UTC)  # 14:05:09 BST
WINTER = dt.datetime(2026, 11, 30, 14, 5, 9, 654321, tzinfo=dt.UTC)  # 14:05:09 GMT


def lastmods(client) -> dict[str, str]:  # type: ignore[no-untyped-def]
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own)
    return {
        str(url.findtext("s:loc", namespaces=NS)): str(url.findtext("s:lastmod", namespaces=NS))
        for url in root.iterfind("s:url", NS)
        if url.find("s:lastmod", NS) is not None
    }


@override_settings(TIME_ZONE="Europe/London")
@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (SUMMER, "2026-07-01T14:05:09+01:00"),
        (WINTER, "2026-11-30T14:05:09+00:00"),
    ],
)
def test_an_articles_lastmod_is_the_moment_it_changed_in_the_newsrooms_zone(
    client, make_article, moment, expected
):
    article = make_article(slug="bridge-vote")
    type(article).objects.filter(pk=article.pk).update(updated_at=moment)
    found = lastmods(client)
    assert (
        found["http://testserver/news/bridge-vote/".replace("http://testserver", _site())]
        == expected
    )


@override_settings(TIME_ZONE="Asia/Kathmandu")
def test_a_zone_with_a_part_hour_offset_keeps_its_minutes(client, make_article):
    article = make_article(slug="bridge-vote")
    type(article).objects.filter(pk=article.pk).update(updated_at=WINTER)
    (value,) = lastmods(client).values()
    assert value == "2026-11-30T19:50:09+05:45"


def test_every_lastmod_is_a_w3c_datetime_to_the_second(client, make_article):
    make_article()
    make_article()
    values = list(lastmods(client).values())
    assert len(values) == 2
    assert all(W3C_TO_THE_SECOND.fullmatch(value) for value in values), values


@override_settings(TIME_ZONE="America/New_York")
def test_the_news_sitemaps_publication_date_is_to_the_second_with_the_offset(client, make_article):
    from django.utils import timezone

    published = timezone.now().replace(microsecond=654321) - dt.timedelta(hours=1)
    make_article(published_at=published)
    root = ElementTree.fromstring(client.get("/news-sitemap.xml").content)  # noqa: S314
    value = root.findtext("s:url/n:news/n:publication_date", namespaces=NS)
    assert value is not None and W3C_TO_THE_SECOND.fullmatch(value), value
    assert dt.datetime.fromisoformat(value) == published.replace(microsecond=0)
    assert value.endswith(("-05:00", "-04:00"))


def _site() -> str:
    from django.conf import settings

    return str(settings.SITE_URL)
