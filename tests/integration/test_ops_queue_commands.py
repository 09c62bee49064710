"""`recover_tasks` (run from a timer) and `probe_workers` say in one line, exit 1, that the RQ
queue's Redis cannot be reached, instead of a redis-py ConnectionError traceback (operator QA,
2026-11-30)."""

from __future__ import annotations

import socket

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    "args", [["recover_tasks"], ["probe_workers", "--count", "1", "--timeout", "1"]]
)
def test_a_queue_whose_redis_does_not_answer_is_one_line_and_exit_1(settings, capsys, args):
    port = closed_port()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{port}/0"}}
    with pytest.raises(SystemExit) as stopped:
        call_command(*args)
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    # In the form every masthead command refuses in since 2026-11-30: "<command>: error: ...".
    assert err.startswith(f"{args[0]}: error: cannot use the task queue (Redis): ")
    assert f"127.0.0.1:{port}" in err and "Traceback" not in err
    assert err.count("\n") == 1
