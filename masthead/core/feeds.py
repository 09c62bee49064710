"""Feed generators whose text always makes well-formed XML.

XML 1.0 cannot hold most control characters, and Django's feed writer refuses them with an
exception, so one stray character in one article (a vertical tab is how Word marks a soft line
break, and pasted or imported text brings it along) turned every feed that listed the article
into a 500 for every reader. These generators write such characters as a space instead.

Feeds also answer conditional requests (ConditionalFeedMixin): ETag, Last-Modified, 304; and
are kept whole in the "pages" cache between changes (CachedFeedMixin, `watch_feeds`).
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import feedgenerator
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from masthead.core import pagecache, rediscache

logger = logging.getLogger(__name__)

# What XML 1.0 forbids in text (tab, newline and carriage return are allowed), and the two
# non-characters U+FFFE and U+FFFF, which parsers refuse too.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> Any:
    """`value` with every character XML cannot hold written as a space; lists, tuples and
    dicts are cleaned item by item, anything else is returned as it is."""
    if isinstance(value, str):
        return NOT_XML.sub(" ", value)
    if isinstance(value, (list, tuple)):
        return type(value)(xml_text(item) for item in value)
    if isinstance(value, dict):
        return {key: xml_text(item) for key, item in value.items()}
    return value


class XmlSafeFeedMixin:
    """Cleans the feed's own fields and every item's before the generator stores them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*xml_text(args), **xml_text(kwargs))  # type: ignore[call-arg]

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*xml_text(args), **xml_text(kwargs))  # type: ignore[misc]


class Rss201rev2Feed(XmlSafeFeedMixin, feedgenerator.Rss201rev2Feed):
    pass


class Atom1Feed(XmlSafeFeedMixin, feedgenerator.Atom1Feed):
    pass


# How long a feed reader, or a proxy between, may reuse a feed without asking again.
FEED_MAX_AGE = 60


def answer_conditionally(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Gives a feed an ETag (a hash of its bytes) and a Last-Modified (when this process, or
    another sharing the "pages" cache, first served these bytes at this address), and answers
    304 when the reader's If-None-Match or If-Modified-Since says it has them already.

    Last-Modified is not the newest item's date, as Django sets it: a story withdrawn, a
    section renamed or a correction changes the feed without a newer item, and a reader asking
    If-Modified-Since must still get the new feed. It only moves forward: a change back to
    bytes served earlier gets a new time too."""
    if response.status_code != 200 or request.method not in ("GET", "HEAD"):
        return response
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    store = caches["pages"]
    key = "feedlm:" + hashlib.sha256(request.path.encode()).hexdigest()[:32]
    seen = store.get(key)
    if isinstance(seen, tuple) and len(seen) == 2 and seen[0] == etag:
        since = int(seen[1])
    else:
        since = int(time.time())
        store.set(key, (etag, since), timeout=None)
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(since)
    response.headers["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    return get_conditional_response(request, etag=etag, last_modified=since, response=response)


class ConditionalFeedMixin:
    """For a syndication Feed: ETag, Last-Modified and 304 (`answer_conditionally`); feed
    readers poll every few minutes and mostly find nothing new."""

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().__call__(request, *args, **kwargs)  # type: ignore[misc]
        return answer_conditionally(request, response)


# Every cached feed is stored under this version; any change to what feeds show bumps it.
FEEDS_VERSION_KEY = "pv:feeds:"


def feeds_version() -> int:
    store = caches["pages"]
    value = store.get(FEEDS_VERSION_KEY)
    if value is None:
        # Lost (a Redis restart, an eviction): start again from a number no feed was stored
        # under, never from 1.
        store.add(FEEDS_VERSION_KEY, time.time_ns(), timeout=None)
        value = store.get(FEEDS_VERSION_KEY, time.time_ns())
    return int(value)


def bump_feeds() -> None:
    """Makes every cached feed stale, in every process sharing the "pages" cache."""
    store = caches["pages"]
    try:
        store.incr(FEEDS_VERSION_KEY)
    except ValueError:  # no version yet: nothing is cached under one either
        store.add(FEEDS_VERSION_KEY, time.time_ns(), timeout=None)


# See pagecache: feeds changed during a Redis outage could not bump their version.
rediscache.on_recovery(bump_feeds)


def bump_feeds_now_and_on_commit() -> None:
    # At once, so that no feed is served from before the change, and after the commit: a
    # feed built between the two from the old rows may have been stored under the new version.
    bump_feeds()
    transaction.on_commit(bump_feeds)


def watch_feeds(model: str) -> None:
    """Saving or deleting a row of `model` ("app.Model") makes every cached feed stale."""

    def changed(sender: Any, **kwargs: Any) -> None:
        if not kwargs.get("raw"):
            bump_feeds_now_and_on_commit()

    uid = f"feeds:{model}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":delete")


class CachedFeedMixin:
    """For a syndication Feed: its bytes are kept in the "pages" cache (Redis, or files on one
    machine) for up to MASTHEAD_PAGE_CACHE_SECONDS, under the feeds' version, which the
    models named with `watch_feeds` bump on every change. A feed that changes by the clock
    alone (an article scheduled to go live) says when in `changes_by_itself_at`; its copy
    expires before then. Put ConditionalFeedMixin before this one, so that ETag and 304 are
    worked out from the bytes, cached or not."""

    def changes_by_itself_at(self, after: datetime, kwargs: Mapping[str, Any]) -> datetime | None:
        """The first moment after `after` when this feed's items change without any row
        being saved; None when nothing is due."""
        return None

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = pagecache.cache_seconds()
        if request.method not in ("GET", "HEAD") or seconds <= 0:
            return super().__call__(request, *args, **kwargs)  # type: ignore[misc,no-any-return]
        store = caches["pages"]
        path = hashlib.sha256(request.path.encode()).hexdigest()[:32]
        key = f"feed:{feeds_version()}:{path}"
        stored = store.get(key)
        if isinstance(stored, tuple) and len(stored) == 2:
            content_type, content = stored
            response = HttpResponse(content, content_type=content_type)
            response.headers["X-Page-Cache"] = "hit"
            return response
        # Taken before the feed is built: an article going live while it is built is then
        # "due" already, and the copy is not kept.
        started = datetime.now().astimezone()
        response = super().__call__(request, *args, **kwargs)  # type: ignore[misc]
        if response.status_code != 200 or response.cookies or response.streaming:
            return response  # type: ignore[no-any-return]
        timeout = float(seconds)
        try:
            due = self.changes_by_itself_at(started, kwargs)
        except Exception:  # never serve a feed past a story's going live: keep no copy
            logger.exception("feed cache: cannot tell when %s changes next", request.path)
            return response  # type: ignore[no-any-return]
        if due is not None:
            timeout = min(timeout, due.timestamp() - time.time())
        if timeout >= 1:
            # Whole seconds, rounded down: the copy is gone before the story is due.
            store.set(key, (response["Content-Type"], response.content), int(timeout))
            response.headers["X-Page-Cache"] = "miss"
        return response  # type: ignore[no-any-return]
