"""Fixed-window rate limits kept in Django's cache (Redis in production).

`hit("comment:user:42", "5/60")` counts one event and says whether it is allowed and, if not,
how many seconds until the window resets (for a Retry-After header). With Redis the counter is
an atomic INCR, so limits hold across processes and machines.

While Redis cannot be reached (the cache answers None to `incr`, core.rediscache), each process
counts in its own memory instead, with the same rates: every limited action stays limited, by
at most (processes x machines) times its rate, and none is refused for want of Redis
(docs/decisions/0011-redis-outage-degrades.md). The counts start again when Redis is back.
Memory stays bounded under a flood of new keys (one per IPv6 /64 network or typed e-mail
address), and the flood cannot reset a counter being hammered: see `_make_room`.
"""

from __future__ import annotations

import heapq
import ipaddress
import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)


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
        count = _local_hit(key, cache_key, window_start + window + 1, limit, now)
    retry_after = max(1, int(window_start + window - now))
    return RateDecision(allowed=count <= limit, retry_after=retry_after, count=count, limit=limit)


# The fallback counts while Redis is down, kept per scope: the key's first two parts
# ("login:account", "comment:ip"), so that a flood of new keys in one scope (new IPv6 /64
# networks, new e-mail addresses) can neither push out another scope's counters nor refuse its
# newcomers. Each counter is [count, when its window ends (a time.time() value), its limit].
LOCAL_MAX_KEYS = 10_000  # counters a scope keeps: about 2.6 MB
LOCAL_MAX_SCOPES = 16  # the code uses 11; any further scopes share the last one
_OTHER_SCOPE = "*"


class _Scope:
    def __init__(self) -> None:
        self.counters: dict[str, list[float]] = {}
        # When the scope was found full of counters at their limits: no new key is taken, and
        # no search for room made, before the earliest of their windows ends.
        self.full_until = 0.0
        self.warned = False


_local_scopes: dict[str, _Scope] = {}
_local_lock = threading.Lock()


def forget_local_counts() -> None:
    """Drop every fallback count (tests; the counts are only this process's anyway)."""
    with _local_lock:
        _local_scopes.clear()


def local_counter_sizes() -> dict[str, int]:
    """How many fallback counters each scope holds now."""
    with _local_lock:
        return {name: len(scope.counters) for name, scope in _local_scopes.items()}


def _scope_name(key: str) -> str:
    return ":".join(key.split(":", 2)[:2])


def _local_hit(key: str, cache_key: str, expires: float, limit: int, now: float) -> int:
    with _local_lock:
        name = _scope_name(key)
        scope = _local_scopes.get(name)
        if scope is None:
            if len(_local_scopes) >= LOCAL_MAX_SCOPES - 1:
                name = _OTHER_SCOPE
            scope = _local_scopes.setdefault(name, _Scope())
        counter = scope.counters.get(cache_key)
        if counter is not None:
            counter[0] += 1
            return int(counter[0])
        if len(scope.counters) >= LOCAL_MAX_KEYS and not _make_room(name, scope, now):
            # Refused without a counter: the scope's every counter is at its limit, and
            # giving one up would let its owner start again from zero.
            return limit + 1
        scope.counters[cache_key] = [1, expires, limit]
        return 1


def _make_room(name: str, scope: _Scope, now: float) -> bool:
    """Free room in a full scope, about a quarter of it at a time (one pass over the scope
    pays for many new keys). Ended windows go first; then the counters furthest from their
    limits (count / limit, the smallest first, as a heavy-hitters count such as
    space-saving gives up its smallest). A counter at its limit is never given up; one under
    it only while too few others in the scope are further from theirs, so a flood of new keys
    (count 1 each) gives up its own counters first. Returns whether a new key can be taken."""
    if now < scope.full_until:
        if not scope.warned:
            scope.warned = True
            logger.warning(
                "rate limits counted in this process: %s is full of counters at their limits "
                "(a flood of new keys?); new keys in it are refused for %.0f s",
                name,
                scope.full_until - now,
            )
        return False
    counters = scope.counters
    for cache_key in [k for k, c in counters.items() if c[1] <= now]:
        del counters[cache_key]
    target = LOCAL_MAX_KEYS * 3 // 4
    if len(counters) > target:
        under_limit = [(c[0] / c[2], c[1], k) for k, c in counters.items() if c[0] < c[2]]
        for _, _, cache_key in heapq.nsmallest(len(counters) - target, under_limit):
            del counters[cache_key]
    if len(counters) <= target:
        return True
    # Three quarters or more of the scope are counters at their limits: keep every one, take
    # new keys into the room left, and search again only when the first of their windows ends.
    scope.full_until = min(c[1] for c in counters.values())
    scope.warned = False
    return _make_room(name, scope, now) if len(counters) >= LOCAL_MAX_KEYS else True
