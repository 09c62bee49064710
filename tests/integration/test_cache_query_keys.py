"""The page cache keys a page by the query parameters it reads, not by the whole query string
(QA, 2026-11-30): `?utm_source=...` from a social share, or made-up parameters from a crawler,
reach the entry already stored instead of making a new copy of the page each."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settled(db):  # type: ignore[no-untyped-def]
    # The first view creates the comment policy row, which rightly bumps the site once.
    from masthead.comments.models import CommentsSettings

    CommentsSettings.load()


def test_junk_and_tracking_parameters_are_served_the_cached_article_page(client, make_article):
    article = make_article()
    url = article.get_absolute_url()
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    for junk in ("?utm_source=twitter&utm_medium=social", "?fbclid=abc123", "?x=1", "?x=2&y=3"):
        response = client.get(url + junk)
        assert response["X-Page-Cache"] == "hit", junk
        assert response.content == first.content, junk


def test_a_parameter_the_page_reads_keeps_its_own_entry(client, make_article):
    """The comments section reads ?sort=: each order is its own entry, and junk beside it
    is still left out of the key."""
    article = make_article()
    url = article.get_absolute_url()
    client.get(url)
    oldest = client.get(url + "?sort=oldest")
    assert oldest["X-Page-Cache"] == "miss"
    again = client.get(url + "?utm_campaign=z&sort=oldest")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == oldest.content


def test_the_view_of_a_cached_route_never_sees_the_parameters_its_key_left_out(
    client, make_article
):
    """The 'Recommend' link on each comment sends the reader back to get_full_path(): a page
    first built for `?utm_source=evil` must not carry that into every later reader's copy."""
    from masthead.core import pagecache

    article = make_article()
    pagecache.bump(article.pk)
    response = client.get(article.get_absolute_url() + "?utm_source=evil&sort=oldest")
    assert response["X-Page-Cache"] == "miss"
    assert response.wsgi_request.GET.dict() == {"sort": "oldest"}
    assert b"evil" not in response.content


def test_the_comment_list_keeps_sort_and_cursor_and_the_fetch_fragment_apart(client, make_article):
    """comments.js asks the same address with X-Requested-With: fetch and gets a fragment:
    the full page and the fragment are two entries, never one served for the other."""
    article = make_article()
    url = f"/comments/article/{article.pk}/"
    page = client.get(url + "?sort=oldest")
    fragment = client.get(url + "?sort=oldest&gclid=q", headers={"X-Requested-With": "fetch"})
    assert page["X-Page-Cache"] == fragment["X-Page-Cache"] == "miss"
    assert b"<html" in page.content.lower()
    assert b"<html" not in fragment.content.lower()
    assert client.get(url + "?sort=oldest&utm_source=a")["X-Page-Cache"] == "hit"
    assert client.get(url + "?sort=newest")["X-Page-Cache"] == "miss"


def test_the_key_holds_only_the_declared_parameters_in_a_fixed_order(rf):
    from masthead.core.pagecache import kept_query

    request = rf.get("/x/?utm_source=a&after=c2&sort=oldest&sort=newest&fbclid=1")
    assert kept_query(request, ("after", "sort")) == "after=c2&sort=newest"
    assert kept_query(request, ()) == ""


def test_a_page_cached_before_a_change_of_time_zone_is_not_served_after_it(client, make_article):
    """Pages name the newsroom's zone in every time they show (BST, EST): a copy made under
    one MASTHEAD_TIME_ZONE must not be served by a process restarted under another."""
    import datetime as dt

    from django.test import override_settings

    article = make_article(published_at=dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC))
    url = article.get_absolute_url()
    with override_settings(TIME_ZONE="Europe/London"):
        assert client.get(url)["X-Page-Cache"] == "miss"
        london = client.get(url)
        assert london["X-Page-Cache"] == "hit"
        assert b"13:00 BST" in london.content
    with override_settings(TIME_ZONE="America/New_York"):
        new_york = client.get(url)
        assert new_york["X-Page-Cache"] == "miss"
        assert b"08:00 EDT" in new_york.content
        assert b"BST" not in new_york.content
