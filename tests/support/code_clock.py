"""A clock for the site's code that stands still until a test moves it, for tests of a story
going live by the clock: they waited seconds of real time for it (2.5-4 s a case).

What it covers: `django.utils.timezone.now` (Article.objects.live(), the menu's cache), and the
`datetime.now()` / `time.time()` that the page and feed caches read to decide how long a copy may
be kept (masthead.core.pagecache, masthead.core.feeds). What it does not: the stores themselves
(Django's file cache, Redis) expire entries by the real clock, so a test still waits, in real
time, for the whole seconds a copy was given; with the code's clock standing still while a page
is built, that is exactly `int(due - now)`, however slow the machine.
"""

from __future__ import annotations

import time as real_time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

# The modules whose `datetime` and `time` names are replaced (each did `from datetime import
# datetime` and `import time`).
_MODULES = ("masthead.core.pagecache", "masthead.core.feeds")


class CodeClock:
    def __init__(self) -> None:
        self._now = datetime.now(UTC)

    def now(self) -> datetime:
        """The code's time now (aware, UTC), as `timezone.now()` gives it."""
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        clock = self

        class ClockDatetime(datetime):
            @classmethod
            def now(cls, tz=None):  # type: ignore[no-untyped-def,override]
                return clock._now.astimezone(tz) if tz is not None else clock._naive_local()

        def code_time() -> float:
            return clock._now.timestamp()

        monkeypatch.setattr(timezone, "now", self.now)
        for module in _MODULES:
            fake_time = SimpleNamespace(
                **{name: getattr(real_time, name) for name in dir(real_time) if name[0] != "_"}
            )
            fake_time.time = code_time
            monkeypatch.setattr(f"{module}.datetime", ClockDatetime)
            monkeypatch.setattr(f"{module}.time", fake_time)

    def _naive_local(self) -> datetime:
        return self._now.astimezone().replace(tzinfo=None)


def wait_out(kept_at: float, seconds: int) -> None:
    """Sleep, in real time, until a copy stored before `kept_at` (time.monotonic()) for
    `seconds` whole seconds has expired in its store (with 0.1 s to spare)."""
    real_time.sleep(max(0.0, kept_at + seconds + 0.1 - real_time.monotonic()))
