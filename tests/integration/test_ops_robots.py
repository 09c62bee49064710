"""robots.txt keeps crawlers out of the staff's and readers' private pages and the API, and
lets them into the public site (operator QA, 2026-11-30: /moderation/ and /api/ were open)."""

from __future__ import annotations

from urllib.robotparser import RobotFileParser

import pytest

pytestmark = pytest.mark.django_db


def _robots(client, settings):  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://news.example.org"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    parser = RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    return parser, response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/moderation/",
        "/moderation/audit/",
        "/api/articles/1/comments",
        "/admin/",
        "/accounts/login/",
    ],
)
def test_robots_txt_keeps_crawlers_out_of_staff_account_and_api_addresses(client, settings, path):
    parser, _ = _robots(client, settings)
    assert not parser.can_fetch("Googlebot", f"https://news.example.org{path}")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/news/bridge-vote/",
        "/section/world/",
        "/feeds/rss/",
        "/feeds/podcast.xml",
        "/sitemap.xml",
        "/news-sitemap.xml",
    ],
)
def test_robots_txt_lets_crawlers_into_the_public_site(client, settings, path):
    parser, _ = _robots(client, settings)
    assert parser.can_fetch("Googlebot", f"https://news.example.org{path}")


def test_robots_txt_names_both_sitemaps_at_the_site_url(client, settings):
    _, text = _robots(client, settings)
    assert "Sitemap: https://news.example.org/sitemap.xml" in text.splitlines()
    assert "Sitemap: https://news.example.org/news-sitemap.xml" in text.splitlines()
