"""Two writers at once on PostgreSQL, for the tests of the locks that order them.

`run_two` runs two calls, each in its own thread (named after it) on its own database
connection, the second once an event says the first has reached the point under test;
`pause_after` makes such an event from a function the first writer calls. SQLite takes one
writer at a time, so the tests that use these skip there.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import connections

Call = tuple[str, Callable[[], object]]


def pause_after(monkeypatch, owner: object, name: str) -> threading.Event:  # type: ignore[no-untyped-def]
    """Wrap `owner.<name>`: once a call of it has returned (its caller's locks held and nothing
    committed yet), set the event this returns and hold the answer for a second, so that the
    other writer's call is sent meanwhile."""
    reached = threading.Event()
    real = getattr(owner, name)

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        answer = real(*args, **kwargs)
        reached.set()
        time.sleep(1)  # the other writer's call is sent meanwhile
        return answer

    monkeypatch.setattr(owner, name, slow)
    return reached


def run_two(
    first: Call, second: Call, *, second_after: threading.Event | None = None
) -> dict[str, object]:
    """Run both (name, call) pairs at once, each in a thread named `name` on its own
    connection; `second` makes its call once `second_after` is set (failing if that takes over
    10 s). Returns, by name, what each call gave or the exception it raised."""
    outcomes: dict[str, object] = {}

    def run(name: str, call: Callable[[], object]) -> None:
        try:
            if second_after is not None and name == second[0]:
                assert second_after.wait(10)
            outcomes[name] = call()
        except Exception as exc:  # noqa: BLE001  (what went wrong is the test's answer)
            outcomes[name] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair, name=pair[0]) for pair in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
