"""Finished database tasks are deleted once older than the retention (MASTHEAD_TASK_RETENTION_DAYS),
by `masthead prune_tasks` and by the worker; queued, running and interrupted tasks never are.

Before 2026-11-30 nothing deleted a task row: the queue's table grew without bound and kept
every task's arguments (which can name a reader) for ever.
"""

from __future__ import annotations

import io
import sqlite3
import time
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from masthead.core import taskprune
from masthead.core.taskrecovery import LOST, recover_database_tasks
from masthead.core.taskstop import INTERRUPTED

pytestmark = pytest.mark.django_db

OLD = timedelta(days=8)
RECENT = timedelta(days=6)


def _task(status: str, age: timedelta | None, **fields: object):  # type: ignore[no-untyped-def]
    from django_tasks_db.models import DBTaskResult

    when = timezone.now() - age if age is not None else None
    return DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="masthead.comments.tasks.send_password_reset",
        backend_name="default",
        worker_ids=[],
        started_at=when,
        finished_at=when if status in {"SUCCESSFUL", "FAILED"} else None,
        **fields,
    )


def _left() -> set[str]:
    from django_tasks_db.models import DBTaskResult

    return {str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)}


def test_finished_tasks_past_the_retention_are_deleted_and_nothing_recovery_needs_is(settings):
    settings.TASK_RETENTION_DAYS = 7
    done_old = _task("SUCCESSFUL", OLD)
    failed_old = _task("FAILED", OLD, exception_class_path="builtins.ValueError")
    given_up_old = _task("FAILED", OLD, exception_class_path=LOST)
    done_recent = _task("SUCCESSFUL", RECENT)
    failed_recent = _task("FAILED", RECENT, exception_class_path="builtins.ValueError")
    queued = _task("READY", None)
    running_long = _task("RUNNING", OLD)  # started long ago: recovery's to judge, not ours
    interrupted_old = _task("FAILED", OLD, exception_class_path=INTERRUPTED)

    assert taskprune.prune_finished_tasks() == 3

    kept = {done_recent, failed_recent, queued, running_long, interrupted_old}
    assert _left() == {str(task.pk) for task in kept}
    assert not ({str(t.pk) for t in (done_old, failed_old, given_up_old)} & _left())
    # the interrupted task is still there for recovery to put back
    assert str(interrupted_old.pk) in recover_database_tasks(stale_after=10**8)


def test_the_retention_setting_decides_the_age(settings):
    recent = _task("SUCCESSFUL", timedelta(days=2))
    settings.TASK_RETENTION_DAYS = 3
    assert taskprune.prune_finished_tasks() == 0
    settings.TASK_RETENTION_DAYS = 1
    assert taskprune.prune_finished_tasks() == 1
    assert str(recent.pk) not in _left()


def test_tasks_are_deleted_in_bounded_batches_oldest_first(monkeypatch):
    monkeypatch.setattr(taskprune, "PRUNE_BATCH", 2)
    tasks = [_task("SUCCESSFUL", OLD + timedelta(hours=hours)) for hours in range(5)]
    assert taskprune.prune_finished_tasks(max_batches=1) == 2
    oldest_first = sorted(tasks, key=lambda task: task.finished_at)
    assert _left() == {str(task.pk) for task in oldest_first[2:]}
    assert taskprune.prune_finished_tasks() == 3  # no limit: batch after batch until none
    assert _left() == set()


def test_prune_tasks_command_says_how_many_and_dry_run_deletes_nothing(settings):
    settings.TASK_RETENTION_DAYS = 7
    _task("SUCCESSFUL", OLD)
    _task("FAILED", OLD, exception_class_path="builtins.ValueError")
    _task("READY", None)
    out = io.StringIO()
    call_command("prune_tasks", "--dry-run", stdout=out)
    assert out.getvalue() == "2 finished task(s) older than 7 day(s) would be deleted\n"
    assert len(_left()) == 3
    out = io.StringIO()
    call_command("prune_tasks", stdout=out)
    assert out.getvalue() == "2 finished task(s) older than 7 day(s) deleted\n"
    assert len(_left()) == 1


def test_a_retention_outside_1_to_3650_days_stops_the_start_in_one_line(tmp_path):
    from tests.support.environment import refused, run_masthead, settings_value

    for typed in ("0", "3651", "week"):
        shown = typed if typed.isdigit() else repr(typed)
        refused(
            run_masthead(tmp_path, {"MASTHEAD_TASK_RETENTION_DAYS": typed}),
            f"MASTHEAD_TASK_RETENTION_DAYS must be a whole number from 1 to 3650, not {shown}",
        )
    assert settings_value("s.TASK_RETENTION_DAYS", {"MASTHEAD_TASK_RETENTION_DAYS": ""}) == "7"


@pytest.mark.slow
@pytest.mark.processes
def test_the_task_worker_prunes_old_finished_tasks_at_start(tmp_path):
    from tests.scaleout_support import migrate, process_env, start, stop

    path = tmp_path / "masthead.sqlite3"
    env = process_env(tmp_path / "var", f"sqlite:///{path}")
    migrate(env)
    old = (timezone.now() - OLD).isoformat(sep=" ")
    rows = [("old", "SUCCESSFUL", old), ("queued", "READY", None)]
    with sqlite3.connect(path) as db:
        for name, status, finished in rows:
            db.execute(
                "INSERT INTO django_tasks_database_dbtaskresult (id, status, enqueued_at, "
                "finished_at, args_kwargs, priority, task_path, worker_ids, queue_name, "
                "backend_name, run_after, exception_class_path, traceback) VALUES "
                "(?, ?, ?, ?, '{}', 0, ?, '[]', 'nowhere', 'default', ?, '', '')",
                (uuid.uuid4().hex, status, old, finished, f"tests.{name}", old),
            )
    worker = start(["task_worker", "--interval", "0.1"], env, tmp_path / "worker.log")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with sqlite3.connect(path) as db:
                paths = {row[0] for row in db.execute(SELECT_PATHS)}
            if "tests.old" not in paths:
                break
            time.sleep(0.2)
    finally:
        stop(worker)
    assert paths == {"tests.queued"}, (tmp_path / "worker.log").read_text()[-3000:]


SELECT_PATHS = "SELECT task_path FROM django_tasks_database_dbtaskresult"


def test_django_tasks_own_prune_command_is_refused_and_deletes_nothing(settings):
    """django-tasks' `prune_db_task_results` deletes old failed tasks, the interrupted ones
    recovery still puts back among them; masthead's command of that name refuses in one line."""
    interrupted_old = _task("FAILED", OLD, exception_class_path=INTERRUPTED)
    failed_old = _task("FAILED", OLD, exception_class_path="builtins.ValueError")
    err = io.StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("prune_db_task_results", "--failed-min-age-days", "1", stderr=err)
    assert stopped.value.code == 2
    assert "masthead prune_tasks" in err.getvalue()
    assert err.getvalue().count("\n") == 1
    assert _left() == {str(interrupted_old.pk), str(failed_old.pk)}
