"""Redis unreachable, in one process (decision 0011): the cache answers misses instead of
errors, the breaker logs one warning per outage, rate limits are counted in the process (still
limited, never all refused), /healthz says "degraded" with 200, and when Redis answers again
the page cache and the feeds start new versions. test_scaleout_redis_down.py proves the same
through real web processes."""

from __future__ import annotations

import logging

import pytest
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from masthead.core import feeds, pagecache, ratelimit, rediscache

UNREACHABLE = {
    "BACKEND": "masthead.core.rediscache.DegradingRedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
}


@pytest.fixture
def fresh_breaker():
    def reset() -> None:
        rediscache.breaker.down_since = None
        rediscache.breaker.retry_at = 0.0
        ratelimit.forget_local_counts()

    reset()
    yield rediscache.breaker
    reset()


@pytest.fixture
def redis_unreachable(fresh_breaker):
    with override_settings(CACHES={"default": UNREACHABLE, "pages": UNREACHABLE}):
        yield fresh_breaker


def test_cache_reads_miss_and_writes_are_dropped_while_redis_is_unreachable(redis_unreachable):
    from django.core.cache import cache

    assert cache.set("k", 1) is None
    assert cache.get("k", "missing") == "missing"
    assert cache.get_or_set("nav", lambda: ["built"]) == ["built"]
    assert cache.incr("counter") is None
    assert redis_unreachable.down_since is not None


def test_one_warning_per_outage_not_one_per_request(redis_unreachable, caplog):
    from django.core.cache import cache

    with caplog.at_level(logging.WARNING, logger="masthead.core.rediscache"):
        for _ in range(50):
            cache.get("page")
        redis_unreachable.retry_at = 0.0  # the breaker's wait is over: Redis is tried again
        cache.get("page")
    warnings = [r for r in caplog.records if "Redis cannot be reached" in r.getMessage()]
    assert len(warnings) == 1


def test_closing_the_cache_at_the_end_of_a_request_is_no_sign_that_redis_answers(
    redis_unreachable, caplog
):
    """Django closes every cache when a request ends; the close asks Redis nothing, yet it was
    taken as Redis answering: during an outage each process logged "Redis answers again" and
    "Redis cannot be reached" in turn, every few seconds (operator QA, 2026-11-30), and ran the
    recovery callbacks (new page versions) each time."""
    from django.core.cache import cache

    cache.get("page")  # finds Redis down
    redis_unreachable.retry_at = 0.0  # the breaker's wait is over
    with caplog.at_level(logging.WARNING, logger="masthead.core.rediscache"):
        cache.close()
    assert redis_unreachable.down_since is not None
    assert not [r for r in caplog.records if "answers again" in r.getMessage()]


def test_rate_limits_are_counted_in_the_process_while_redis_is_unreachable(redis_unreachable):
    decisions = [ratelimit.hit("comment:user:7", "3/60", now=1000.0) for _ in range(5)]
    assert [d.allowed for d in decisions] == [True, True, True, False, False]
    assert decisions[-1].retry_after == 20
    # Another reader, and the next window, are counted apart.
    assert ratelimit.hit("comment:user:8", "3/60", now=1000.0).allowed
    assert ratelimit.hit("comment:user:7", "3/60", now=1021.0).allowed


def test_page_versions_and_memos_are_computed_while_redis_is_unreachable(redis_unreachable):
    calls = []
    for _ in range(2):
        value = pagecache.memo(5, "count", lambda: calls.append(1) or 42)
        assert value == 42
    assert len(calls) == 2  # not cached, computed each time
    pagecache.bump(5)
    feeds.bump_feeds()
    assert feeds.feeds_version() > 0


@pytest.mark.django_db
def test_healthz_is_200_degraded_when_only_redis_is_down(redis_unreachable, client):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["degraded"] == ["cache"]
    assert body["checks"]["cache"]["ok"] is False
    assert "Connection" in body["checks"]["cache"]["detail"]
    assert body["checks"]["database"]["ok"] is True


def test_page_and_feed_versions_move_on_when_redis_answers_again(fresh_breaker):
    # The default test cache stands in for a Redis that was only unreachable, so it kept the
    # versions (and the pages stored under them) from before the outage.
    site_before = pagecache.versions(1)[0]
    feeds_before = feeds.feeds_version()
    fresh_breaker.failed(RedisConnectionError("refused"))
    fresh_breaker.answered()
    assert pagecache.versions(1)[0] != site_before
    assert feeds.feeds_version() != feeds_before
    assert fresh_breaker.down_since is None
