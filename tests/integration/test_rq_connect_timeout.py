"""The RQ queue's Redis connection gives up connecting after two seconds (unless REDIS_URL
names its own socket_connect_timeout), so an editor's save that queues a narration is never
held for the system's TCP timeout by a Redis host that drops packets."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

PROBE = """
import json, django
django.setup()
import django_rq
pool = django_rq.get_connection("default").connection_pool
print(json.dumps({k: pool.connection_kwargs.get(k) for k in ("socket_connect_timeout", "db")}))
"""


def rq_connection_kwargs(redis_url: str) -> dict[str, object]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
        "MASTHEAD_TASKS_BACKEND": "rq",
        "REDIS_URL": redis_url,
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_rq_connection_gives_up_connecting_after_two_seconds():
    # No connection is opened: the pool only holds the arguments it will connect with.
    kwargs = rq_connection_kwargs("redis://127.0.0.1:6379/7")
    assert kwargs == {"socket_connect_timeout": 2.0, "db": 7}


def test_a_connect_timeout_named_in_redis_url_is_kept():
    kwargs = rq_connection_kwargs("redis://127.0.0.1:6379/7?socket_connect_timeout=5")
    assert kwargs["socket_connect_timeout"] == 5.0
