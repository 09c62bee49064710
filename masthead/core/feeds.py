"""Feed generators whose text always makes well-formed XML.

XML 1.0 cannot hold most control characters, and Django's feed writer refuses them with an
exception, so one stray character in one article (a vertical tab is how Word marks a soft line
break, and pasted or imported text brings it along) turned every feed that listed the article
into a 500 for every reader. These generators write such characters as a space instead.

Feeds also answer conditional requests (ConditionalFeedMixin): ETag, Last-Modified, 304; and
are kept whole in the "pages" cache between changes (CachedFeedMixin, `watch_feeds`).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
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


# Every cached feed is stored under this version, which every change to what all feeds show
# bumps; a feed may also depend on a group of its own (`CachedFeedMixin.feed_groups`: the
# podcast's "podcast", bumped by narrations), whose version is FEEDS_VERSION_KEY + group.
FEEDS_VERSION_KEY = "pv:feeds:"
ALL_FEEDS = ""

# The groups some model is watched for (`watch_feeds`): a feed whose group nothing bumps would
# be kept stale until it expires, so it is not kept at all (CachedFeedMixin).
_watched_groups: set[str] = set()
_warned: set[str] = set()


def _group_key(group: str) -> str:
    return FEEDS_VERSION_KEY + group


def feeds_version(group: str = ALL_FEEDS) -> int:
    return feeds_versions((group,))[0]


def feeds_versions(groups: tuple[str, ...]) -> tuple[int, ...]:
    """The current version of each group, in one round trip when none was lost."""
    return tuple(pagecache.current_versions([_group_key(group) for group in groups]))


def bump_feeds(group: str = ALL_FEEDS) -> None:
    """Makes every cached feed (with a group: every feed of that group) stale, in every
    process sharing the "pages" cache."""
    pagecache.bump_version(_group_key(group))


# See pagecache: feeds changed during a Redis outage could not bump their version. Every
# feed's key holds the version of all feeds, so this one bump reaches the groups too.
rediscache.on_recovery(bump_feeds)


def bump_feeds_now_and_on_commit(group: str = ALL_FEEDS) -> None:
    # At once, so that no feed is served from before the change, and after the commit: a
    # feed built between the two from the old rows may have been stored under the new version.
    bump_feeds(group)
    transaction.on_commit(lambda: bump_feeds(group))


def watch_feeds(model: str, group: str = ALL_FEEDS) -> None:
    """Saving or deleting a row of `model` ("app.Model") makes every cached feed stale (with
    a group: the feeds of that group). Call it from an AppConfig.ready(), so that every
    process (web servers, task workers, commands) hears the change, not only those that have
    loaded the feed's URLs."""

    def changed(sender: Any, **kwargs: Any) -> None:
        if not kwargs.get("raw"):
            bump_feeds_now_and_on_commit(group)

    uid = f"feeds:{model}:{group}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":delete")
    _watched_groups.add(group)


@functools.cache
def code_id() -> str:
    """A digest of masthead's Python source as this process runs it. Part of every cached
    feed's key: after an upgrade (or during a rolling one, with old and new code sharing the
    cache) a feed is never served as older code wrote it, e.g. listing audio that the new body
    parser no longer finds current. Read once per process (about 2 MB)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\x00")
        digest.update(path.read_bytes() + b"\x00")
    return digest.hexdigest()[:16]


def _feed_key(request: HttpRequest, versions: tuple[int, ...]) -> str:
    """The cache key of a feed: the versions it depends on, and a digest of its path, of the
    settings every feed writes into its text (the site's address and name, the language, the
    newsroom's zone) and of the code (`code_id`): a change of any of them is never served a
    copy made before it."""
    made_by = "\n".join(
        (
            request.path,
            str(settings.SITE_URL),
            str(settings.SITE_NAME),
            str(settings.LANGUAGE_CODE),
            str(settings.TIME_ZONE),
            code_id(),
        )
    )
    digest = hashlib.sha256(made_by.encode()).hexdigest()[:32]
    return f"feed:{'.'.join(str(v) for v in versions)}:{digest}"


class CachedFeedMixin:
    """For a syndication Feed: its bytes are kept in the "pages" cache (Redis, or files on one
    machine) for up to MASTHEAD_PAGE_CACHE_SECONDS, under the version of all feeds and of each
    group in `feed_groups`, which the models named with `watch_feeds` bump on every change. A
    feed that changes by the clock alone (an article scheduled to go live) says when in
    `changes_by_itself_at`; its copy expires before then. Put ConditionalFeedMixin before this
    one, so that ETag and 304 are worked out from the bytes, cached or not.

    A feed whose group no model is watched for in this process is built every time: nothing
    would tell its copy that it is stale."""

    # Versions this feed depends on besides the one all feeds share (ALL_FEEDS).
    feed_groups: tuple[str, ...] = ()

    def changes_by_itself_at(self, after: datetime, kwargs: Mapping[str, Any]) -> datetime | None:
        """The first moment after `after` when this feed's items change without any row
        being saved; None when nothing is due."""
        return None

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = pagecache.cache_seconds()
        groups = (ALL_FEEDS, *self.feed_groups)
        if request.method not in ("GET", "HEAD") or seconds <= 0:
            return super().__call__(request, *args, **kwargs)  # type: ignore[misc,no-any-return]
        unwatched = [group for group in groups if group not in _watched_groups]
        if unwatched:
            if request.path not in _warned:
                _warned.add(request.path)
                logger.warning(
                    "feed cache: no model is watched for %s; %s is not kept",
                    unwatched,
                    request.path,
                )
            return super().__call__(request, *args, **kwargs)  # type: ignore[misc,no-any-return]
        store = caches["pages"]
        key = _feed_key(request, feeds_versions(groups))
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
