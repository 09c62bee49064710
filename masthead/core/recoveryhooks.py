"""Apps' own repairs, run by task recovery (`core.taskrecovery`) after it has put back the tasks
of dead workers: work an app knows is waiting but whose task is in no queue at all (a Redis
restarted with nothing on disk, an enqueue that failed) is queued again by the app itself.

Core knows no app, so an app registers its repair here (`narration.apps`). A repair takes no
arguments, must be safe to run in several processes at once, and returns the ids of the tasks
it queued. One that fails is logged; it never stops task recovery or the worker running it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

Repair = Callable[[], list[str]]
_repairs: dict[str, Repair] = {}


def register_repair(name: str, repair: Repair) -> None:
    _repairs[name] = repair


def run_repairs() -> list[str]:
    queued: list[str] = []
    for name, repair in sorted(_repairs.items()):
        try:
            queued += repair()
        except Exception:  # the next recovery tries again
            logger.exception("recovery of %s failed", name)
    return queued
