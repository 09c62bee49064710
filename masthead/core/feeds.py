"""Feed generators whose text always makes well-formed XML.

XML 1.0 cannot hold most control characters, and Django's feed writer refuses them with an
exception, so one stray character in one article (a vertical tab is how Word marks a soft line
break, and pasted or imported text brings it along) turned every feed that listed the article
into a 500 for every reader. These generators write such characters as a space instead.

Feeds also answer conditional requests (ConditionalFeedMixin): ETag, Last-Modified, 304.
"""

from __future__ import annotations

import hashlib
import re
import time
from typing import Any

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import feedgenerator
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

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
