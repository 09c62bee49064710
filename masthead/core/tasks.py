"""Tasks of the shared kernel: `probe_worker`, which tells which worker ran it.

`masthead probe-workers` enqueues a handful of probes to prove, on a live system, that the
workers take tasks from the configured queue and reach the database.
"""

from __future__ import annotations

import os
import socket
import time

from django_tasks import task


@task()
def probe_worker(pause_seconds: float = 0.0) -> dict[str, object]:
    # The pause lets several workers share a batch instead of one worker draining it.
    if pause_seconds > 0:
        time.sleep(min(pause_seconds, 5.0))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"host": socket.gethostname(), "pid": os.getpid(), "database": connection.vendor}
