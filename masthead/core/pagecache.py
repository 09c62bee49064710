"""Whole-response cache for anonymous readers of popular pages, invalidated by version keys.

A page belongs to an article (its "scope"). Each article has a version number in the cache,
and the site has one too; a cached response is stored under a key that includes both, so
bumping a version makes every page built from the old state unreachable at once, without
having to know which pages exist. The "pages" cache is shared by every web process: Redis
across machines, or files under var/cache/pages on one machine.

Apps declare, in their AppConfig.ready():
  - `cache_route("articles:detail", ident, params=("sort",))`: the URL name is cacheable;
    `ident(kwargs)` gives the article id the page shows (or None: do not cache); `params` names
    the query parameters the page reads;
  - `cache_list_route("articles:front", due)`: a page listing many articles (the front page, a
    section), kept under the site's version and the version of all lists, which every bump of
    any article moves too (a headline, a comment count); `due(kwargs, after)` gives the first
    moment after `after` when the page changes by the clock alone (a story scheduled to go
    live): its copy is kept only until then;
  - `name_route("articles:detail", name, names_of)`: the route's pages are kept under the
    version of a name taken from the URL (`name(kwargs)`: the article's slug) instead of the
    article's id, so a hit looks nothing up in the database; `names_of(article_id)` gives the
    names an article goes by now, and every bump of the article bumps them too. Whatever
    changes which article a name leads to must `bump_name()` the name it had (a rename, a
    deletion: articles.pagecache);
  - `watch("comments.Comment", ident)`: saving or deleting such a row bumps the version of the
    article `ident(instance)` returns (None bumps the whole site), at once and again on commit.

Only requests (GET, or HEAD: the same entry without its body) that carry no session and no
messages cookie are served from or stored in the cache, and only 200 responses that set no
cookie: what a logged-in reader sees (their held comments, their likes, the comment form with
its CSRF token) is never shared.

The key holds only the query parameters the route reads (its last value of each), so
`?utm_source=...`, `?fbclid=...` or any made-up parameter reaches the same entry and cannot
fill the cache with copies of one page. A route may also say which values of a parameter it
knows (`valid={"sort": known_sort}`): a request with any other value is answered by the view
as usual but neither served from nor stored in the cache, so made-up orders or forged cursors
cannot fill it either (security review, 2026-11-30). For a cached route the request the view sees carries
just those parameters too, so a page can never show, or read, a parameter its key ignored
(every link built from `request.get_full_path()` is the same for every reader of the entry).
Whether the `X-Requested-With` header is `fetch` (comments.js asks for the comment list's
fragment with it; the views tell only that value from its absence) is part of the key as well.

A stored page tells browsers and proxies `Cache-Control: public, max-age=60` with
`Vary: Cookie, X-Requested-With`; a signed-in reader's copy of such a page says
`private, no-store` (it holds their comment form's one-time key; going Back must fetch it anew),
and so does every other HTML page or JSON answer to a request with a session (or messages)
cookie that says nothing itself (since 2026-11-30: their profile, the workspace).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers

from masthead.core import rediscache

logger = logging.getLogger(__name__)

SITE = "site"
_routes: dict[str, Callable[[dict[str, Any]], int | None]] = {}
_route_params: dict[str, tuple[str, ...]] = {}
_route_checks: dict[str, dict[str, Callable[[str], bool]]] = {}
# Pages listing articles: the first moment after a time when the page changes by the clock.
_list_routes: dict[str, Callable[[dict[str, Any], datetime], datetime | None]] = {}
# Routes kept under the version of a name from their URL (name_route), and what names an
# article goes by (looked up at each bump of the article).
_route_names: dict[str, Callable[[dict[str, Any]], str]] = {}
_names_of: list[Callable[[int], list[str]]] = []
# The "article" whose version every list page is kept under: every article's bump moves it.
LISTS = "lists"
_HEADERS_NOT_STORED = {"set-cookie", "content-security-policy"}
# How long a browser or a shared proxy may keep an anonymous page (the page cache itself is
# told at once when the page changes; they are not).
BROWSER_MAX_AGE = 60


def _store() -> Any:
    return caches["pages"]


def cache_seconds() -> int:
    return int(settings.MASTHEAD.get("PAGE_CACHE_SECONDS", 300))


def cache_route(
    url_name: str,
    ident: Callable[[dict[str, Any]], int | None],
    params: tuple[str, ...] = (),
    valid: dict[str, Callable[[str], bool]] | None = None,
) -> None:
    """`valid` maps a parameter of `params` to a test of its value: a request whose value fails
    it is left to the view, uncached."""
    _routes[url_name] = ident
    _route_params[url_name] = tuple(sorted(set(params)))
    check_values(url_name, valid or {})


def cache_list_route(
    url_name: str, due: Callable[[dict[str, Any], datetime], datetime | None]
) -> None:
    """A page that lists articles, reads no query parameter and is the same for every
    anonymous reader; see the module's docstring."""
    _list_routes[url_name] = due


def name_route(
    url_name: str,
    name: Callable[[dict[str, Any]], str],
    names_of: Callable[[int], list[str]],
) -> None:
    """See the module's docstring. The route must also be declared with `cache_route`: its
    `ident` tells whether the page's article exists when a name has no version yet."""
    _route_names[url_name] = name
    if names_of not in _names_of:
        _names_of.append(names_of)


def _name_key(name: str) -> str:
    return _version_key("name", hashlib.sha256(name.encode()).hexdigest()[:32])


def _name_versions(name: str, exists: Callable[[], bool]) -> tuple[int, int] | None:
    """The site's version and the name's; None when the name has none and leads to nothing:
    a version made for every made-up name asked for would be an entry with no expiry each."""
    site_key, name_key = _version_key(SITE, ""), _name_key(name)
    found = _store().get_many([site_key, name_key])
    if found.get(name_key) is None and not exists():
        return None
    site_version, name_version = current_versions([site_key, name_key], found)
    return site_version, name_version


def bump_name(name: str) -> None:
    """Make every page kept under this name stale, now and after the commit."""
    bump_version(_name_key(name))
    transaction.on_commit(lambda: bump_version(_name_key(name)))


def check_values(url_name: str, valid: dict[str, Callable[[str], bool]]) -> None:
    """Adds tests of parameter values to a route, whichever app declared it: the comments app
    knows the orders the comments section under an article reads."""
    _route_checks.setdefault(url_name, {}).update(valid)


def kept_query(request: HttpRequest, params: tuple[str, ...]) -> str:
    """The query string of `request` cut down to `params`, in a fixed order, with the last
    value of each (what `request.GET.get` returns): the only query a cached page may read."""
    kept = QueryDict(mutable=True)
    for name in params:
        if name in request.GET:
            kept[name] = request.GET[name]
    return kept.urlencode()


def _version_key(scope: str, ident: object) -> str:
    return f"pv:{scope}:{ident}"


def versions(article_id: int | str) -> tuple[int, int]:
    """The site's version and that of the article (or of LISTS: every list page)."""
    scope = ("lists", "") if article_id == LISTS else ("article", article_id)
    site_version, article_version = current_versions([_version_key(SITE, ""), _version_key(*scope)])
    return site_version, article_version


def current_versions(keys: list[str], found: dict[str, Any] | None = None) -> list[int]:
    """The version stored under each key (`found`: what a `get_many` of them already read), in
    one round trip when none was lost. A version lost from the cache (a Redis restart, an
    eviction) restarts at a fresh, unguessable number, never at one a page was stored under."""
    if found is None:
        found = _store().get_many(keys)
    out = []
    for key in keys:
        value = found.get(key)
        if value is None:
            _store().add(key, time.time_ns(), timeout=None)
            value = _store().get(key, time.time_ns())
        out.append(int(value))
    return out


def bump_version(key: str) -> None:
    """Move the version under `key` on, so that nothing stored under the old one is served."""
    try:
        _store().incr(key)
    except ValueError:  # no version yet: nothing cached under it either
        _store().add(key, time.time_ns(), timeout=None)


def bump(article_id: int | None) -> None:
    """Make every cached page of this article (None: of the whole site) stale, and every list
    page: any of them may show the article (its headline, photo, comment count)."""
    if article_id is None:
        bump_version(_version_key(SITE, ""))
    else:
        bump_version(_version_key("article", article_id))
        bump_version(_version_key("lists", ""))
        for names_of in _names_of:
            try:
                names = names_of(article_id)
            except Exception:  # cannot tell its names: drop everything
                logger.exception(
                    "page cache: no names for article %s; bumping the site", article_id
                )
                bump_version(_version_key(SITE, ""))
                continue
            for name in names:
                bump_version(_name_key(name))


def _bump_site_after_redis_outage() -> None:
    # A change made while Redis was unreachable could not bump its version, and a Redis that
    # was only unreachable (not restarted) still holds the pages from before it.
    bump(None)


rediscache.on_recovery(_bump_site_after_redis_outage)


def bump_now_and_on_commit(article_id: int | None) -> None:
    # Now, so this process never serves the old page again, and after the commit too: a
    # reader arriving between the first bump and the commit may have stored the old state
    # under the new version.
    bump(article_id)
    transaction.on_commit(lambda: bump(article_id))


def memo(article_id: int, name: str, compute: Callable[[], Any]) -> Any:
    """`compute()`, remembered until the article's (or the site's) version changes: for
    figures such as a comment count that cost a scan of the whole thread."""
    seconds = cache_seconds()
    if seconds <= 0:
        return compute()
    site_version, article_version = versions(article_id)
    key = f"memo:{name}:{article_id}:{site_version}:{article_version}"
    value = _store().get(key)
    if value is None:
        value = compute()
        _store().set(key, value, seconds)
    return value


def watch(model: str, ident: Callable[[Any], int | None]) -> None:
    def changed(sender: Any, instance: Any, **kwargs: Any) -> None:
        if kwargs.get("raw"):
            return
        try:
            article_id = ident(instance)
        except Exception:  # a row whose article is gone: be safe and drop everything
            logger.warning("page cache: no article for %r; bumping the site", instance)
            article_id = None
        bump_now_and_on_commit(article_id)

    uid = f"pagecache:{model}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":delete")


def _cacheable_request(request: HttpRequest) -> bool:
    # HEAD is GET without the body: the same entry answers both (API QA, 2026-11-30: HEAD ran
    # the view every time and lacked the GET's Cache-Control).
    if request.method not in ("GET", "HEAD") or cache_seconds() <= 0:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _signed_in(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies


def _shareable(response: HttpResponse, lifetime: int) -> None:
    """What a browser or a proxy may do with a page stored for every anonymous reader: keep
    it a short while (at most BROWSER_MAX_AGE seconds), for requests with the same cookies
    (a reader who logs in sends a session cookie, and asks again) and the same
    X-Requested-With (the comment list's fragment)."""
    if "Cache-Control" not in response.headers:
        patch_cache_control(response, public=True, max_age=min(BROWSER_MAX_AGE, lifetime))
    patch_vary_headers(response, ("Cookie", "X-Requested-With"))


def _made_for_one(response: HttpResponse) -> bool:
    """A page or a JSON answer: what a view writes for whoever asked. Files (a photo under
    /media/, narration audio) are the same for everyone and keep what they say."""
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return kind in ("text/html", "application/json")


def _page_key(
    request: HttpRequest,
    url_name: str,
    article_id: int | str,
    known_versions: tuple[int, int] | None = None,
) -> str:
    """The cache key of this request: the path, the query parameters the route reads (see
    `kept_query`), the X-Requested-With header and the newsroom's time zone (pages name it in
    every time they show, so a copy made before a change of MASTHEAD_TIME_ZONE is never served
    after it); every other parameter is left out."""
    site_version, article_version = known_versions or versions(article_id)
    query = kept_query(request, _route_params.get(url_name, ()))
    # Any other value is the full page, as no header is (views read `== "fetch"`): keyed
    # as it was sent, every made-up value stored one more copy of the page.
    variant = "fetch" if request.headers.get("X-Requested-With") == "fetch" else ""
    full = f"{request.path}?{query}\n{variant}\n{settings.TIME_ZONE}"
    digest = hashlib.sha256(full.encode()).hexdigest()[:32]
    return f"page:{url_name}:{article_id}:{site_version}:{article_version}:{digest}"


def _known_values(request: HttpRequest, url_name: str) -> bool:
    """Whether every checked parameter of the request holds a value its route knows."""
    for name, check in _route_checks.get(url_name, {}).items():
        if name not in request.GET:
            continue
        try:
            if not check(request.GET[name]):
                return False
        except Exception:
            logger.exception("page cache: cannot check ?%s= of %s", name, request.path)
            return False
    return True


def _only_kept_query(request: HttpRequest, params: tuple[str, ...]) -> None:
    """Leaves the request only the query parameters its key holds, so the view renders what
    every reader of the entry may be shown."""
    query = kept_query(request, params)
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


def _without_body(response: HttpResponse) -> HttpResponse:
    """The answer to HEAD: the GET's headers, its length, no body."""
    if not response.streaming:
        length = len(response.content)
        response.content = b""
        response.headers["Content-Length"] = str(length)
    return response


class PageCacheMiddleware:
    """Serves cached responses before sessions, CSRF and the view run."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request) if _cacheable_request(request) else None
        if key is not None:
            stored = _store().get(key)
            if stored is not None:
                status, headers, content = stored
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response.headers[name] = value
                response.headers["X-Page-Cache"] = "hit"
                return _without_body(response) if request.method == "HEAD" else response
        # Taken before the view runs: a story going live while the page is built is then due
        # already, and the copy is not kept.
        started = datetime.now().astimezone()
        head = key is not None and request.method == "HEAD"
        if head:
            # Asked as GET, so what is stored is the whole answer a GET is served.
            request.method = "GET"
            try:
                response = self.get_response(request)
            finally:
                request.method = "HEAD"
        else:
            response = self.get_response(request)
        lifetime = (
            self._lifetime(request, started) if key is not None and self._storable(response) else 0
        )
        if key is not None and lifetime >= 1:
            _shareable(response, lifetime)
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in _HEADERS_NOT_STORED
            ]
            _store().set(key, (response.status_code, headers, response.content), lifetime)
            response.headers["X-Page-Cache"] = "miss"
        elif _signed_in(request) and "Cache-Control" not in response.headers:
            if self._route(request) is not None or _made_for_one(response):
                # Shows the reader's own held comments and likes, and a form with their token
                # and a one-time submission key. Not even the browser keeps it (no-store):
                # going Back, Chromium showed a kept copy without asking, from before the
                # reader's comment, whose used key refused their next one. Any other page or
                # JSON answer to a signed-in request is theirs alone too (their e-mail address,
                # the workspace's queues): no shared cache or shared computer may keep it.
                patch_cache_control(response, private=True, no_store=True)
        return _without_body(response) if head else response

    @staticmethod
    def _route(request: HttpRequest) -> str | None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        cached = match.view_name in _routes or match.view_name in _list_routes
        return match.view_name if cached else None

    @staticmethod
    def _lifetime(request: HttpRequest, started: datetime) -> int:
        """Whole seconds a copy may be kept: the page cache's lifetime, cut short for a list
        page by the next story due to go live in it (rounded down: gone before it is due)."""
        seconds = cache_seconds()
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return 0
        due_of = _list_routes.get(match.view_name)
        if due_of is None:
            return seconds
        try:
            due = due_of(dict(match.kwargs), started)
        except Exception:  # never serve a list past a story's going live: keep no copy
            logger.exception("page cache: cannot tell when %s changes next", request.path)
            return 0
        if due is None:
            return seconds
        return int(min(float(seconds), due.timestamp() - time.time()))

    @staticmethod
    def _key(request: HttpRequest) -> str | None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if match.view_name in _list_routes:
            # Lists read no query parameter: every reader of the path gets the same page.
            _only_kept_query(request, ())
            return _page_key(request, match.view_name, LISTS)
        ident = _routes.get(match.view_name)
        if ident is None:
            return None
        name_of = _route_names.get(match.view_name)
        if name_of is not None:
            kwargs = dict(match.kwargs)
            try:
                name = name_of(kwargs)
                found = _name_versions(name, lambda: ident(kwargs) is not None)
            except Exception:
                logger.exception("page cache: cannot tell the page of %s", request.path)
                return None
            if found is None or not _known_values(request, match.view_name):
                return None
            _only_kept_query(request, _route_params.get(match.view_name, ()))
            return _page_key(request, match.view_name, "name", found)
        try:
            article_id = ident(dict(match.kwargs))
        except Exception:
            logger.exception("page cache: cannot tell the article of %s", request.path)
            return None
        if article_id is None:
            return None
        if not _known_values(request, match.view_name):
            return None
        _only_kept_query(request, _route_params.get(match.view_name, ()))
        return _page_key(request, match.view_name, article_id)

    @staticmethod
    def _storable(response: HttpResponse) -> bool:
        if response.status_code != 200 or response.cookies or response.streaming:
            return False
        cache_control = response.headers.get("Cache-Control", "")
        return "private" not in cache_control and "no-store" not in cache_control
