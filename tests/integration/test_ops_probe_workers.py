"""`masthead probe_workers` refuses a --pause or --timeout that is not a usable number of
seconds, in one line, before it queues anything (operator QA, 2026-11-30). Before, --pause inf
stopped with an IntegrityError traceback (the queue's JSON column cannot hold infinity), and
--pause -1, --timeout -1 or nan were taken and queued probes."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pause", "inf"], "--pause must be from 0 to 60 seconds, not inf"),
        (["--pause", "-1"], "--pause must be from 0 to 60 seconds, not -1"),
        (["--pause", "nan"], "--pause must be from 0 to 60 seconds, not nan"),
        (["--timeout", "-1"], "--timeout must be a number of seconds over 0"),
        (["--timeout", "nan"], "--timeout must be a number of seconds over 0"),
    ],
)
def test_a_pause_or_timeout_that_is_not_a_number_of_seconds_is_refused(args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        call_command("probe_workers", "--count", "1", *args)


@pytest.mark.django_db(transaction=True)
def test_probes_left_waiting_say_how_long_the_queue_is_and_what_that_can_mean(settings):
    """With a backlog the probes waited behind it and the command printed only
    `"workers": {}`, as if no worker ran (operator QA, 2026-11-30, after the demo queued 38
    narrations). Now one line on stderr names the queue's length and the three causes."""
    import io

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("probe_workers", "--count", "2", "--timeout", "0.2", stdout=out, stderr=err)
    assert stopped.value.code == 1
    assert '"pending": 2' in out.getvalue()
    assert err.getvalue() == (
        "probe_workers: 2 probe(s) still waiting after 0.2 s (database queue, 2 waiting): "
        "no worker is running, none reaches the queue, or the workers are busy with the "
        "tasks queued before the probes\n"
    )
