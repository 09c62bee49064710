"""The page cache cannot be filled by a visitor making up request details (security review,
2026-11-30). Each of these made one more stored copy of a page, or one more cache entry kept for
ever, per request: a script could push every real page out of the cache (5,000 files on one
machine) or grow Redis, which also holds the rate limits and sessions, without bound.

- a made-up `X-Requested-With` value (the views only tell `fetch` from anything else);
- a made-up `?sort=` (the views read it as the default order);
- a forged `?after=` cursor (any time and id decode; the site only ever issues one a comment);
- a comment list of an article that does not exist (its version number was stored with no
  expiry before the 404).
"""

from __future__ import annotations

import base64
import json

import pytest
from django.core.cache import caches

from tests.support.comment_fixtures import PUBLISH_ALL

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settled(db):  # type: ignore[no-untyped-def]
    # The first view creates the comment policy row, which rightly bumps the site once.
    from masthead.comments.models import CommentsSettings

    CommentsSettings.load()


def _entries() -> int:
    return len(caches["pages"]._cache)  # type: ignore[attr-defined]


def test_a_made_up_x_requested_with_is_served_the_plain_pages_entry(client, make_article):
    article = make_article()
    url = article.get_absolute_url()
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    stored = _entries()
    for value in ("junk1", "junk2", "XMLHttpRequest", "Fetch"):
        response = client.get(url, headers={"X-Requested-With": value})
        assert response["X-Page-Cache"] == "hit", value
        assert response.content == first.content, value
    assert _entries() == stored
    fragment = client.get(f"/comments/article/{article.pk}/", headers={"X-Requested-With": "fetch"})
    assert fragment["X-Page-Cache"] == "miss"
    assert b"<html" not in fragment.content.lower()


def test_a_made_up_sort_is_answered_but_never_stored(client, make_article):
    article = make_article()
    client.get(article.get_absolute_url())
    newest = client.get(f"/comments/article/{article.pk}/?sort=newest")
    stored = _entries()
    for junk in ("junk1", "junk2", "NEWEST", "newest "):
        page = client.get(f"{article.get_absolute_url()}?sort={junk}")
        assert page.status_code == 200, junk
        assert "X-Page-Cache" not in page, junk
        listing = client.get(f"/comments/article/{article.pk}/?sort={junk}")
        assert listing.status_code == 200 and "X-Page-Cache" not in listing, junk
        api = client.get(f"/api/articles/{article.pk}/comments?sort={junk}")
        assert "X-Page-Cache" not in api, junk
    assert _entries() == stored
    # The known orders are still kept.
    assert client.get(f"/comments/article/{article.pk}/?sort=newest")["X-Page-Cache"] == "hit"
    assert newest.status_code == 200


def _cursor(sort: str, values: list[object]) -> str:
    raw = json.dumps({"s": sort, "v": values}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_only_a_cursor_the_site_issued_is_stored(
    client, make_article, make_reader, post, use_moderator, masthead_settings
):
    use_moderator(PUBLISH_ALL)
    masthead_settings(PAGE_SIZE=1)
    article = make_article()
    reader = make_reader()
    older = post(article, reader, "The bridge is long overdue here.")
    post(article, reader, "The bridge will help the market.")
    from masthead.comments import queries

    issued = queries.encode_cursor("newest", older)
    # The page after the newest comment: its "more" link is what the site gives readers.
    url = f"/comments/article/{article.pk}/?sort=newest&after="
    assert client.get(url + issued)["X-Page-Cache"] == "miss"
    assert client.get(url + issued)["X-Page-Cache"] == "hit"
    stored = _entries()
    forged = [
        _cursor("newest", ["2020-01-01T00:00:00+00:00", older.pk]),
        _cursor("newest", ["2020-01-01T00:00:01+00:00", 123456]),
        _cursor("newest", [older.created_at.isoformat(), older.pk + 1000]),
        # the issued cursor's values, written with spaces: the same position, another key
        base64.urlsafe_b64encode(
            json.dumps({"s": "newest", "v": [older.created_at.isoformat(), older.pk]}).encode()
        ).decode(),
    ]
    for cursor in forged:
        response = client.get(url + cursor)
        assert response.status_code == 200, cursor
        assert "X-Page-Cache" not in response, cursor
        api = client.get(f"/api/articles/{article.pk}/comments?sort=newest&after={cursor}")
        assert api.status_code == 200 and "X-Page-Cache" not in api, cursor
    assert _entries() == stored
    # A cursor that is not one at all is still the view's 400, as before.
    assert client.get(url + "not-a-cursor").status_code == 400


def test_comment_lists_of_articles_that_do_not_exist_store_nothing(client, make_article):
    article = make_article()
    client.get(f"/comments/article/{article.pk}/")
    stored = _entries()
    for missing in (article.pk + 1000, article.pk + 1001, 2**31):
        assert client.get(f"/comments/article/{missing}/").status_code == 404
        assert client.get(f"/api/articles/{missing}/comments").status_code == 404
    assert _entries() == stored
