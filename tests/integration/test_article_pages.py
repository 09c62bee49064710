import pytest
from django.utils import timezone

from masthead.articles.models import Article

pytestmark = pytest.mark.django_db


def test_article_page_shows_headline_standfirst_source_and_subheadings(client, make_article):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert article.headline in html
    assert article.standfirst in html
    assert "Reuters" in html
    assert '<h2 dir="auto">Cost</h2>' in html


def test_empty_heading_and_quote_markers_show_no_empty_box_or_stray_hashes(client, make_article):
    article = make_article(body="The council voted.\n\n## \n\n>\n\nIt opens in 2029.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "The council voted." in html and "It opens in 2029." in html
    assert "<blockquote" not in html and '<h2 dir="auto"></h2>' not in html
    assert '<p dir="auto">##</p>' not in html


def test_draft_article_is_hidden_from_readers(client, make_article):
    article = make_article(status=Article.Status.DRAFT, published_at=None)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_scheduled_article_appears_only_once_its_time_has_come(client, make_article):
    future = make_article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timezone.timedelta(days=1)
    )
    past = make_article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    assert client.get(future.get_absolute_url()).status_code == 404
    assert client.get(past.get_absolute_url()).status_code == 200


def test_front_page_lists_live_articles_by_section(client, make_article, make_section):
    make_article(headline="Floods close the ring road")
    make_article(headline="Striker signs for local club", section=make_section("Sport", "sport"))
    html = client.get("/").content.decode()
    assert "Floods close the ring road" in html and "Striker signs for local club" in html
    assert 'href="/section/sport/"' in html


def test_every_page_sends_a_content_security_policy(client, make_article):
    response = client.get(make_article().get_absolute_url())
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_section_link_is_the_current_page_only_on_the_section_page(client, make_article):
    # Found by a QA walk as a reader (2026-11-30): on an article the section's link said
    # aria-current="page", so a screen reader called "World" the current page on a story.
    article = make_article()
    section_url = article.section.get_absolute_url()
    on_article = client.get(article.get_absolute_url()).content.decode()
    on_section = client.get(section_url).content.decode()
    assert f'<a href="{section_url}" aria-current="true">' in on_article
    assert 'aria-current="page"' not in on_article
    assert f'<a href="{section_url}" aria-current="page">' in on_section
