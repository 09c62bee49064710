"""Article page metadata (JSON-LD NewsArticle, Open Graph, Twitter), feeds and sitemaps."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from masthead.articles import structured_data
from masthead.articles.models import Article, Tag

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 (our own server's output, not untrusted input)


def jpeg(width: int = 64, height: int = 40) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (40, 90, 140)).save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def json_ld(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def test_article_page_carries_a_news_article_with_dates_author_publisher_and_speakable(
    client, make_article
):
    article = make_article(byline="Ana Ruiz and Tom Hale", photo=jpeg(), photo_caption="A bridge")
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["dateModified"] >= data["datePublished"]
    assert data["author"] == [
        {"@type": "Person", "name": "Ana Ruiz"},
        {"@type": "Person", "name": "Tom Hale"},
    ]
    assert data["sourceOrganization"]["name"] == "Reuters"
    assert data["publisher"]["logo"]["url"].endswith("/static/img/logo.png")
    assert data["mainEntityOfPage"]["@id"].endswith(article.get_absolute_url())
    assert data["image"][0]["url"].startswith("http") and data["image"][0]["width"] == 64
    assert data["image"][0]["caption"] == "A bridge"
    assert data["speakable"]["cssSelector"] == [".article__headline", ".article__standfirst"]


def test_wire_story_without_byline_credits_the_agency_as_author(client, make_article):
    article = make_article(byline="", source="Reuters")
    data = json_ld(client.get(article.get_absolute_url()).content.decode())
    assert data["author"] == [{"@type": "Organization", "name": "Reuters"}]


def test_json_ld_cannot_be_broken_out_of_by_a_headline(client, make_article):
    article = make_article(headline="Bad </script><script>alert(1)</script> & more")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["headline"] == article.headline


def test_registered_extras_are_merged_into_the_json_ld(client, make_article):
    def audio(article, absolute):
        return {"audio": {"@type": "AudioObject", "contentUrl": absolute("/media/a.mp3")}}

    structured_data.register_extra(audio)
    try:
        data = json_ld(client.get(make_article().get_absolute_url()).content.decode())
    finally:
        structured_data.unregister_extra(audio)
    assert data["audio"]["contentUrl"].endswith("/media/a.mp3")


def test_a_failing_extra_does_not_break_the_page(client, make_article):
    def broken(article, absolute):
        raise RuntimeError("boom")

    structured_data.register_extra(broken)
    try:
        response = client.get(make_article().get_absolute_url())
    finally:
        structured_data.unregister_extra(broken)
    assert response.status_code == 200 and json_ld(response.content.decode())["headline"]


def test_article_page_has_open_graph_twitter_and_canonical_tags(client, make_article):
    article = make_article(photo=jpeg(), photo_alt="Blue rectangle")
    article.tags.add(Tag.objects.create(name="Bridges", slug="bridges"))
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:title" content="{article.headline}">' in html
    assert '<meta property="og:image:alt" content="Blue rectangle">' in html
    assert '<meta property="article:tag" content="Bridges">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert re.search(r'<link rel="canonical" href="http[^"]+/news/' + article.slug + '/">', html)


def test_rss_feed_is_valid_xml_listing_live_articles_only(client, make_article):
    live = make_article(headline="Live story")
    make_article(headline="Draft story", status=Article.Status.DRAFT, published_at=None)
    response = client.get("/feeds/rss/")
    assert response.status_code == 200 and "rss+xml" in response["Content-Type"]
    channel = parse_xml(response.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Live story"]
    item = channel.find("item")
    assert item.findtext("link").endswith(live.get_absolute_url())
    assert item.findtext("description") == live.standfirst
    assert item.findtext("pubDate")


def test_atom_feed_is_valid_xml_with_entries(client, make_article):
    make_article(headline="Atom story")
    root = parse_xml(client.get("/feeds/atom/").content)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Atom story"]
    assert entries[0].find(f"{ATOM}updated") is not None


def test_section_feeds_list_only_that_sections_articles(client, make_article, make_section):
    make_article(headline="World story")
    make_article(headline="Sport story", section=make_section("Sport", "sport"))
    rss = parse_xml(client.get("/feeds/section/sport/rss/").content)
    assert [i.findtext("title") for i in rss.iter("item")] == ["Sport story"]
    atom = parse_xml(client.get("/feeds/section/sport/atom/").content)
    assert [e.findtext(f"{ATOM}title") for e in atom.iter(f"{ATOM}entry")] == ["Sport story"]
    assert client.get("/feeds/section/nope/rss/").status_code == 404


def test_sitemap_lists_live_articles_and_their_sections(client, make_article):
    live = make_article()
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = parse_xml(response.content)
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith(live.get_absolute_url()) for loc in locs)
    assert not any(loc.endswith(draft.get_absolute_url()) for loc in locs)
    assert any(loc.endswith("/section/world/") for loc in locs)


def test_news_sitemap_lists_recent_articles_with_publication_dates(client, make_article):
    article = make_article()
    root = parse_xml(client.get("/news-sitemap.xml").content)
    news = "{http://www.google.com/schemas/sitemap-news/0.9}"
    assert root.find(f".//{news}title").text == article.headline
    # The moment to the second with an offset, as core.timestamps writes a <time datetime>.
    published = root.find(f".//{news}publication_date").text
    assert "." not in published
    assert datetime.fromisoformat(published) == article.published_at.replace(microsecond=0)


def test_header_navigates_to_sections_with_live_news(client, make_article, make_section):
    make_article()
    make_section("Empty", "empty")
    html = client.get("/").content.decode()
    nav = html.split('aria-label="Sections"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/section/world/"' in nav and "/section/empty/" not in nav


def test_robots_txt_points_crawlers_at_the_sitemaps_and_away_from_the_newsroom(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "/sitemap.xml" in text


def test_section_navigation_is_cached_and_refreshed_when_an_article_changes(
    client, make_article, make_section, django_capture_on_commit_callbacks
):
    make_article()
    client.get("/section/world/")
    with django_capture_on_commit_callbacks(execute=True):
        make_article(headline="Sport story", section=make_section("Sport", "sport"))
    nav = client.get("/section/world/").content.decode().split('aria-label="Sections"')[1]
    assert 'href="/section/sport/"' in nav.split("</nav>")[0]
