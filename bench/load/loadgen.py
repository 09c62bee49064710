"""A small closed-loop HTTP load generator: N threads, keep-alive connections, loopback only.

Bounded twice: it stops after `duration` seconds or `max_requests` requests, whichever comes
first. Latency is measured per request from sending to the last byte read.
"""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

LOOPBACK = "127.0.0.1"

# (method, path, body, headers) for the i-th request
RequestSpec = tuple[str, str, bytes | None, dict[str, str]]


@dataclass(frozen=True)
class LoadResult:
    name: str
    requests: int
    ok: int
    seconds: float
    latencies_ms: tuple[float, ...] = field(repr=False)
    statuses: dict[int, int]

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
        return ordered[index]

    @property
    def p50(self) -> float:
        return self.percentile(50)

    @property
    def p99(self) -> float:
        return self.percentile(99)

    def line(self) -> str:
        errors = self.requests - self.ok
        return (
            f"{self.name:<52} {self.rps:8.1f} req/s  p50 {self.p50:7.1f} ms  "
            f"p99 {self.p99:7.1f} ms  ({self.ok} ok, {errors} not ok: {dict(self.statuses)})"
        )


def run_load(
    name: str,
    port: int,
    make_request: Callable[[int], RequestSpec],
    *,
    concurrency: int = 8,
    duration: float = 10.0,
    max_requests: int = 2000,
    ok_statuses: tuple[int, ...] = (200,),
    timeout: float = 30.0,
) -> LoadResult:
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    ok = 0
    deadline = time.monotonic() + duration

    def next_index() -> int | None:
        nonlocal issued
        with lock:
            if issued >= max_requests or time.monotonic() >= deadline:
                return None
            issued += 1
            return issued - 1

    def worker() -> None:
        nonlocal ok
        connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
        while (index := next_index()) is not None:
            method, path, body, headers = make_request(index)
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                statuses[status] += 1
                if status in ok_statuses:
                    ok += 1
                    latencies.append(elapsed)
        connection.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + timeout + 5)
    seconds = time.monotonic() - started
    return LoadResult(
        name=name,
        requests=sum(statuses.values()),
        ok=ok,
        seconds=seconds,
        latencies_ms=tuple(latencies),
        statuses=dict(statuses),
    )
