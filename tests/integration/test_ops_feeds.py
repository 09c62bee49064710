"""Feeds stay well-formed XML whatever characters an article's text holds (operator QA,
2026-11-30)."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _parse(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)


@pytest.mark.parametrize(
    "url",
    ["/feeds/rss/", "/feeds/atom/", "/feeds/section/world/rss/", "/feeds/section/world/atom/"],
)
def test_a_control_character_in_an_article_leaves_its_feeds_well_formed(make_article, client, url):
    """A vertical tab (Word's soft line break) or a form feed in a headline, standfirst or
    byline made Django's feed writer raise, so every feed listing the article answered 500.
    They are written as spaces; '&', '<' and '>' still arrive as the characters they are.
    Since 2026-11-30 Article.clean removes them on the way in, so the text is written straight
    to the table here, as an article saved before then holds it."""
    article = make_article()
    type(article).objects.filter(pk=article.pk).update(
        headline="Tom & Jerry <b>win</b>\x0bthe vote",
        standfirst="Form\x0cfeed & more",
        byline="Ann\x01Lee",
    )
    root = _parse(client, url)
    if root.tag == "rss":
        item = root.find("channel/item")
        assert item is not None
        assert item.findtext("title") == "Tom & Jerry <b>win</b> the vote"
        assert item.findtext("description") == "Form feed &amp; more"
    else:
        entry = root.find(f"{ATOM}entry")
        assert entry is not None
        assert entry.findtext(f"{ATOM}title") == "Tom & Jerry <b>win</b> the vote"
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Ann Lee"


def test_a_control_character_in_a_narrated_article_leaves_the_podcast_well_formed(
    make_article, client
):
    from masthead.narration.tasks import run_narration
    from tests.support.narration import SHORT_BODY, fake_engine

    fake_engine()
    article = make_article(slug="bridge-vote", body=SHORT_BODY)
    # Written straight to the table, as an article saved before input was cleaned holds it.
    type(article).objects.filter(pk=article.pk).update(headline="Bridge\x0bvote")
    run_narration(article.pk)
    root = _parse(client, "/feeds/podcast.xml")
    assert root.findtext("channel/item/title") == "Bridge vote"


@pytest.mark.parametrize(
    "url",
    ["/feeds/rss/", "/feeds/atom/", "/feeds/section/world/rss/", "/feeds/section/world/atom/"],
)
def test_every_address_in_a_feed_names_the_site_url_not_the_requests_host(
    make_article, client, settings, url
):
    """docs/operations.md: feeds name MASTHEAD_SITE_URL. They named the host and scheme the
    request came with (an internal name, or http:// behind a TLS proxy) for the feed's and
    items' links and its self link; only the guids named the site."""
    settings.SITE_URL = "https://news.example.org"
    settings.ALLOWED_HOSTS = ["web1.internal"]
    make_article(slug="bridge-vote")
    body = client.get(url, HTTP_HOST="web1.internal").content.decode()
    assert "web1.internal" not in body
    assert "https://news.example.org/news/bridge-vote/" in body
    assert f'href="https://news.example.org{url}"' in body  # the self link


def test_every_address_in_the_podcast_names_the_site_url_not_the_requests_host(
    make_article, client, settings
):
    """The podcast's channel link, self link and episode links named the host and scheme the
    request came with; the enclosures and guids, and the other feeds, name MASTHEAD_SITE_URL."""
    from masthead.narration.tasks import run_narration
    from tests.support.narration import SHORT_BODY, fake_engine

    settings.SITE_URL = "https://news.example.org"
    settings.ALLOWED_HOSTS = ["web1.internal"]
    fake_engine()
    article = make_article(slug="bridge-vote", body=SHORT_BODY)
    run_narration(article.pk)
    response = client.get("/feeds/podcast.xml", HTTP_HOST="web1.internal")
    body = response.content.decode()
    assert "web1.internal" not in body
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    assert root.findtext("channel/link") == "https://news.example.org/"
    assert root.findtext("channel/item/link") == "https://news.example.org/news/bridge-vote/"
    assert 'href="https://news.example.org/feeds/podcast.xml"' in body  # the self link
