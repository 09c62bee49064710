"""HEAD on a page the page cache keeps gets the same answer and headers as GET, from the cache
(API QA follow-up, 2026-11-30). The cache took only GET, so a HEAD on a visitor's comment list
ran the view (and its queries) every time and lacked the `public, max-age=60` the GET carries:
a client checking a list with HEAD was told nothing could be kept."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _publish_all(use_moderator):  # type: ignore[no-untyped-def]
    use_moderator("tests.support.moderators.publish_all")


@pytest.fixture
def article(make_article, make_reader, post):  # type: ignore[no-untyped-def]
    article = make_article()
    post(article, make_reader("Alice"), "A fair point about the bridge.")
    return article


def _same_headers(head, got) -> None:  # type: ignore[no-untyped-def]
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert int(head["Content-Length"]) == len(got.content)
    for name in ("Content-Type", "Cache-Control", "Vary"):
        assert head.get(name) == got.get(name), name


@pytest.mark.parametrize("kind", ["api", "page"])
def test_head_is_served_from_the_page_cache_with_the_gets_headers(article, kind):  # type: ignore[no-untyped-def]
    url = f"/api/articles/{article.pk}/comments" if kind == "api" else article.get_absolute_url()
    first = Client().head(url)
    assert first["X-Page-Cache"] == "miss"
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as head_queries:
        again = Client().head(url)
    assert again["X-Page-Cache"] == "hit"
    # the entry a HEAD stored is the whole answer: a GET is served it with its body
    with CaptureQueriesContext(connection) as get_queries:
        got = Client().get(url)
    # what a hit costs (the route's article check), not the view's queries
    assert len(head_queries) == len(get_queries) <= 1
    assert got["X-Page-Cache"] == "hit" and len(got.content) > 0
    assert b"A fair point about the bridge." in got.content
    _same_headers(first, got)
    _same_headers(again, got)


def test_a_signed_in_head_is_neither_served_nor_stored(article, make_reader):  # type: ignore[no-untyped-def]
    url = f"/api/articles/{article.pk}/comments"
    reader = Client()
    reader.force_login(make_reader("Bob"))
    head = reader.head(url)
    assert "X-Page-Cache" not in head
    assert "no-store" in head["Cache-Control"]
    assert Client().get(url)["X-Page-Cache"] == "miss"
