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
