"""Fixed-window rate limits kept in Django's cache (Redis in production).

`hit("comment:user:42", "5/60")` counts one event and says whether it is allowed and, if not,
how many seconds until the window resets (for a Retry-After header). With Redis the counter is
an atomic INCR, so limits hold across processes and machines.

While Redis cannot be reached (the cache answers None to `incr`, core.rediscache), each process
counts in its own memory instead, with the same rates: every limited action stays limited, by
at most (processes x machines) times its rate, and none is refused for want of Redis
(docs/decisions/0011-redis-outage-degrades.md). The counts start again when Redis is back.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after: int
    count: int
    limit: int


# About 31 years: a longer window is no limit anyone means, and Redis refuses an expiry that
# large (a 500 on every request the rate limits).
MAX_WINDOW_SECONDS = 10**9


def parse_rate(rate: str) -> tuple[int, int]:
    """'5/60' -> (5 events, 60 seconds). Raises ValueError with a clear message.

    masthead/settings.py checks every rate setting with it at start, so a bad one stops the
    start instead of answering 500 to every request it limits."""
    try:
        count_text, seconds_text = rate.split("/")
        count, seconds = int(count_text), int(seconds_text)
    except ValueError:
        raise ValueError(f"a rate must look like 'COUNT/SECONDS', not {rate!r}") from None
    if count < 1 or not 1 <= seconds <= MAX_WINDOW_SECONDS:
        raise ValueError(
            f"a rate needs a count from 1 and a window of 1 to 10^9 seconds, not {rate!r}"
        )
    return count, seconds


def address_key(ip_address: str) -> str:
    """A client's address as per-address limits count it: an IPv4 address as it is, an IPv6
    address as its /64 network (one connection is usually given a whole /64, 2^64 addresses to
    take in turn, so counting each would limit nothing); an IPv4 address written as IPv6
    (::ffff:a.b.c.d) as the IPv4 one. Anything else is kept as given."""
    try:
        address = ipaddress.ip_address(ip_address.strip())
    except ValueError:
        return ip_address
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def hit(key: str, rate: str, now: float | None = None) -> RateDecision:
    limit, window = parse_rate(rate)
    now = time.time() if now is None else now
    window_start = int(now // window) * window
    cache_key = f"rl:{key}:{window_start}"
    # add() is atomic: only the first caller in a window creates the counter.
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    if count is None:  # Redis cannot be reached: count in this process
        count = _local_hit(cache_key, window_start + window + 1)
    retry_after = max(1, int(window_start + window - now))
    return RateDecision(allowed=count <= limit, retry_after=retry_after, count=count, limit=limit)


# The fallback counts: cache key -> (count, when its window ends, as a time.time() value).
_local_counts: dict[str, tuple[int, float]] = {}
_local_lock = threading.Lock()
# Beyond this many live counters (an address scan during an outage), expired ones are dropped;
# if all are live the oldest half goes: memory stays bounded, limits stay on for the rest.
LOCAL_MAX_KEYS = 50_000


def _local_hit(cache_key: str, expires: float) -> int:
    with _local_lock:
        count = _local_counts.get(cache_key, (0, expires))[0] + 1
        _local_counts[cache_key] = (count, expires)
        if len(_local_counts) > LOCAL_MAX_KEYS:
            now = time.time()
            for key in [k for k, (_, until) in _local_counts.items() if until <= now]:
                del _local_counts[key]
            if len(_local_counts) > LOCAL_MAX_KEYS:
                for key in list(_local_counts)[: LOCAL_MAX_KEYS // 2]:
                    del _local_counts[key]
        return count
