"""The Redis cache backend web processes use: a Redis that cannot be reached means "not
cached", never an error (docs/decisions/0011-redis-outage-degrades.md).

Everything masthead keeps in Redis through Django's cache can be rebuilt from PostgreSQL: whole
pages, feeds, memoised counts, the section list, the cached copy of a session, rate-limit
counters. So while Redis is down a read answers "missing", a write is dropped and `incr`
answers None (`ratelimit` then counts in the process instead), and the page is built from the
database, as on a cache miss.

Per process, the first failure opens a breaker for `RETRY_SECONDS`: calls in that time do not
try Redis at all (a Redis that is unreachable rather than refusing would otherwise cost every
request a connect timeout), then the next call tries again. One warning is logged when an
outage starts and one line when Redis answers again, not one per request. While Redis is up
nothing changes: each call is the django-redis call it was, with no extra round trip.

When Redis answers again, the callbacks given to `on_recovery` run once in that process (the
page cache and the feeds bump their versions: a change made during the outage could not bump
them, and a Redis that was only unreachable, not restarted, still holds the older pages).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# How long a process leaves Redis alone after a failed call before trying it again.
RETRY_SECONDS = 5.0

_recovery_callbacks: list[Callable[[], None]] = []


def on_recovery(callback: Callable[[], None]) -> None:
    """Run `callback()` in a process each time Redis answers it again after an outage."""
    if callback not in _recovery_callbacks:
        _recovery_callbacks.append(callback)


class _Breaker:
    """Per process (shared by every cache alias pointing at Redis): is Redis taken to be
    down, since when, and until when is it left alone."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0

    def skip(self) -> bool:
        # Read without the lock: the normal path (Redis up) is one attribute read.
        return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, error: BaseException) -> None:
        with self.lock:
            first = self.down_since is None
            now = time.monotonic()
            if first:
                self.down_since = now
            self.retry_at = now + RETRY_SECONDS
        if first:
            cause = error.__cause__ or error
            logger.warning(
                "Redis cannot be reached (%s: %s): serving without the cache, counting rate "
                "limits in this process; trying again every %.0f s",
                type(cause).__name__,
                cause,
                RETRY_SECONDS,
            )

    def answered(self) -> None:
        if self.down_since is None:
            return
        with self.lock:
            since, self.down_since = self.down_since, None
        if since is None:
            return  # another thread saw the recovery first
        logger.warning(
            "Redis answers again after %.0f s: the cache and shared rate limits are back",
            time.monotonic() - since,
        )
        for callback in list(_recovery_callbacks):
            try:
                callback()
            except Exception:
                logger.exception("after Redis came back: %r failed", callback)


breaker = _Breaker()


# Client calls that ask Redis nothing: their returning is no sign that it answers (Django
# closes every cache at the end of each request, which marked Redis as back during an outage
# and logged "answers again" / "cannot be reached" in turn; operator QA, 2026-11-30).
_LOCAL_CALLS = frozenset(
    {"close", "do_close_clients", "make_key", "make_pattern", "encode", "decode", "get_client"}
)


class _GuardedClient:
    """Stands in for django-redis's client: each call goes through the breaker."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._client, name)
        if not callable(attribute) or name in _LOCAL_CALLS:
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            if breaker.skip():
                raise ConnectionInterrupted(connection=None)
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                breaker.failed(error)
                raise
            except (RedisConnectionError, RedisTimeoutError) as error:
                # A few client calls (lock, iter_keys...) let these through unwrapped.
                breaker.failed(error)
                raise ConnectionInterrupted(connection=None) from error
            breaker.answered()
            return result

        return call


class DegradingRedisCache(RedisCache):
    """django-redis's RedisCache with IGNORE_EXCEPTIONS always on (reads miss, writes are
    dropped, incr answers None) and the breaker above."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._ignore_exceptions = True
        self._log_ignored_exceptions = False  # the breaker logs once per outage instead
        self._guarded: _GuardedClient | None = None

    @property
    def client(self) -> Any:
        if self._guarded is None:
            self._guarded = _GuardedClient(super().client)
        return self._guarded

    def ping(self) -> None:
        """Ask Redis itself, past the breaker (for /healthz); raises if it does not answer."""
        raw = self.client._client.get_client(write=True)
        try:
            raw.ping()
        except (RedisConnectionError, RedisTimeoutError) as error:
            breaker.failed(error)
            raise
        breaker.answered()
