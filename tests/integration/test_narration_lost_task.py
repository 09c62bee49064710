"""A narration whose task was lost (a Redis restarted with nothing on disk, an enqueue that
failed, a task row gone) is queued again by task recovery: `recover_tasks`, and every worker's
own recovery, find it once it has waited past the grace period; a fresh one is left alone,
two recoveries at once queue it once, and one lost again and again fails with the reason."""

from __future__ import annotations

import shutil
import subprocess
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.core.taskrecovery import recover_database_tasks, recover_tasks
from masthead.narration import actions, recovery
from masthead.narration.models import MAX_LOST_RUNS, STALE_AFTER, Narration
from tests.scaleout_support import free_port

pytestmark = pytest.mark.django_db

TASK_PATH = "masthead.narration.tasks.narrate_article"


@pytest.fixture
def database_queue(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def narration_tasks() -> list[list[object]]:
    from django_tasks_db.models import DBTaskResult

    return [
        row["args"]
        for row in DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
        .order_by("enqueued_at")
        .values_list("args_kwargs", flat=True)
    ]


def queued_narration(make_article, django_capture_on_commit_callbacks, settings):  # type: ignore[no-untyped-def]
    """An article whose narration was requested and its task queued (as saving it does)."""
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article()
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.QUEUED
    return article, narration


def age(narration: Narration, by: timedelta, field: str = "requested_at") -> None:
    Narration.objects.filter(pk=narration.pk).update(**{field: timezone.now() - by})


def lose_database_tasks() -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path=TASK_PATH).delete()


def test_a_queued_narration_whose_database_task_was_lost_is_queued_again_by_recovery(
    database_queue, make_article, django_capture_on_commit_callbacks, settings
):
    article, narration = queued_narration(
        make_article, django_capture_on_commit_callbacks, settings
    )
    assert narration_tasks() == [[article.pk, False]]
    lose_database_tasks()
    age(narration, recovery.GRACE + timedelta(seconds=5))
    recovered = recover_database_tasks(stale_after=900)  # what task_worker runs every minute
    assert narration_tasks() == [[article.pk, False]]
    assert len(recovered) == 1
    narration.refresh_from_db()
    assert narration.status == Narration.Status.QUEUED
    assert narration.reason == recovery.LOST_NOTE and narration.lost_runs == 1
    # recovered once: the next recovery finds its task and leaves it alone
    age(narration, recovery.GRACE + timedelta(seconds=5))
    assert recover_database_tasks(stale_after=900) == []
    assert narration_tasks() == [[article.pk, False]]
    # and the task, run by a worker, makes the audio
    from django_tasks_db.models import DBTaskResult

    from masthead.narration.tasks import narrate_article

    assert narrate_article.call(article.pk, False) == "ready"
    DBTaskResult.objects.filter(task_path=TASK_PATH).delete()
    narration.refresh_from_db()
    assert narration.status == Narration.Status.READY and narration.lost_runs == 0


def test_a_narration_queued_within_the_grace_period_is_left_alone(
    database_queue, make_article, django_capture_on_commit_callbacks, settings
):
    article, narration = queued_narration(
        make_article, django_capture_on_commit_callbacks, settings
    )
    lose_database_tasks()  # as if its task were not in the queue yet (queued at commit)
    age(narration, recovery.GRACE - timedelta(seconds=30))
    assert recover_tasks(900) == []
    assert narration_tasks() == []
    narration.refresh_from_db()
    assert narration.status == Narration.Status.QUEUED and narration.lost_runs == 0


def test_a_narration_whose_task_still_waits_is_left_alone_however_long_it_waited(
    database_queue, make_article, django_capture_on_commit_callbacks, settings
):
    article, narration = queued_narration(
        make_article, django_capture_on_commit_callbacks, settings
    )
    age(narration, timedelta(hours=3))  # a long queue
    assert recover_tasks(900) == []
    assert narration_tasks() == [[article.pk, False]]


def test_a_generating_narration_is_queued_again_only_after_the_stale_limit(
    database_queue, make_article, django_capture_on_commit_callbacks, settings
):
    article, narration = queued_narration(
        make_article, django_capture_on_commit_callbacks, settings
    )
    actions.start_narration(article.pk)  # a worker started it ...
    lose_database_tasks()  # ... and the queue forgot it
    age(narration, timedelta(minutes=5), field="started_at")
    age(narration, timedelta(minutes=6))
    assert recover_tasks(900) == []  # its run may still be going
    age(narration, STALE_AFTER + timedelta(minutes=1), field="started_at")
    assert len(recover_tasks(900)) == 1
    assert narration_tasks() == [[article.pk, False]]
    narration.refresh_from_db()
    assert narration.status == Narration.Status.QUEUED and narration.lost_runs == 1


def test_two_recoveries_at_once_queue_a_lost_narration_once(
    database_queue, make_article, django_capture_on_commit_callbacks, settings
):
    article, narration = queued_narration(
        make_article, django_capture_on_commit_callbacks, settings
    )
    lose_database_tasks()
    age(narration, recovery.GRACE + timedelta(seconds=5))
    # both find it lost before either queues it
    first = recovery.find_lost_narrations()
    second = recovery.find_lost_narrations()
    assert first == second and len(first) == 1
    assert recovery.requeue_lost_narration(second[0]) is not None
    assert recovery.requeue_lost_narration(first[0]) is None
    assert narration_tasks() == [[article.pk, False]]
    assert Narration.objects.get(pk=narration.pk).lost_runs == 1


def test_a_narration_requested_again_meanwhile_is_not_queued_by_recovery(
    database_queue, make_article, django_capture_on_commit_callbacks, settings
):
    article, narration = queued_narration(
        make_article, django_capture_on_commit_callbacks, settings
    )
    lose_database_tasks()
    age(narration, recovery.GRACE + timedelta(seconds=5))
    found = recovery.find_lost_narrations()
    with django_capture_on_commit_callbacks(execute=True):
        actions.regenerate(article)  # an editor pressed Regenerate meanwhile
    assert recovery.requeue_lost_narration(found[0]) is None
    assert narration_tasks() == [[article.pk, True]]


def test_a_narration_whose_task_keeps_being_lost_fails_with_the_reason(
    database_queue, make_article, django_capture_on_commit_callbacks, settings
):
    article, narration = queued_narration(
        make_article, django_capture_on_commit_callbacks, settings
    )
    for _ in range(MAX_LOST_RUNS - 1):
        lose_database_tasks()
        age(narration, recovery.GRACE + timedelta(seconds=5))
        assert len(recover_tasks(900)) == 1
    lose_database_tasks()
    age(narration, recovery.GRACE + timedelta(seconds=5))
    assert recover_tasks(900) == []
    assert narration_tasks() == []
    narration.refresh_from_db()
    assert narration.status == Narration.Status.FAILED
    assert narration.reason.startswith(f"interrupted {MAX_LOST_RUNS} times in a row: its task")
    assert "regenerate to try again" in narration.reason
    # Regenerate starts afresh
    with django_capture_on_commit_callbacks(execute=True):
        actions.regenerate(article)
    assert Narration.objects.get(pk=narration.pk).lost_runs == 0
    assert narration_tasks() == [[article.pk, True]]


def test_a_queue_that_refuses_the_task_leaves_the_narration_for_the_next_recovery(
    database_queue, make_article, django_capture_on_commit_callbacks, settings, monkeypatch
):
    from masthead.narration.tasks import narrate_article

    article, narration = queued_narration(
        make_article, django_capture_on_commit_callbacks, settings
    )
    lose_database_tasks()
    age(narration, recovery.GRACE + timedelta(seconds=5))
    before = Narration.objects.get(pk=narration.pk)

    def refuse(*args: object) -> None:
        raise ConnectionError("queue down")

    monkeypatch.setattr(type(narrate_article), "enqueue", lambda self, *a: refuse())
    assert recover_tasks(900) == []
    after = Narration.objects.get(pk=narration.pk)
    assert (after.requested_at, after.lost_runs, after.reason) == (
        before.requested_at,
        0,
        before.reason,
    )
    monkeypatch.undo()
    assert len(recover_tasks(900)) == 1


# --- RQ: a Redis of the test's own, restarted with nothing on disk --------------------------
def _redis_server(port: int, folder) -> subprocess.Popen[bytes]:  # type: ignore[no-untyped-def]
    import redis

    server = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--bind", "127.0.0.1", "--port", str(port)]
        + ["--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_connect_timeout=1)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if client.ping():
                return server
        except redis.ConnectionError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("the test's own redis-server did not start")


@pytest.fixture
def rq_queue(settings, tmp_path):  # type: ignore[no-untyped-def]
    """The RQ backend on a redis-server of the test's own; yields a function restarting it."""
    if shutil.which("redis-server") is None:
        pytest.skip("no redis-server program to run a Redis of the test's own")
    port = free_port()
    servers = [_redis_server(port, tmp_path)]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": f"redis://127.0.0.1:{port}/0"}}

    def restart() -> None:
        servers[-1].terminate()
        servers[-1].wait(10)
        servers.append(_redis_server(port, tmp_path))

    yield restart
    servers[-1].kill()
    servers[-1].wait(10)


def rq_narration_jobs() -> list[tuple[object, ...]]:
    import django_rq
    from rq.job import Job

    queue = django_rq.get_queue("default")
    jobs = Job.fetch_many(queue.get_job_ids(), connection=queue.connection)
    return [tuple(job.args) for job in jobs if job is not None and job.func_name == TASK_PATH]


@pytest.mark.redis
def test_a_queued_narration_lost_with_a_restarted_redis_is_queued_again_and_made(
    rq_queue, make_article, django_capture_on_commit_callbacks, settings
):
    import django_rq
    from rq import SimpleWorker

    article, narration = queued_narration(
        make_article, django_capture_on_commit_callbacks, settings
    )
    assert rq_narration_jobs() == [(article.pk, False)]
    age(narration, recovery.GRACE + timedelta(seconds=5))
    assert recover_tasks(900) == []  # its job waits in the queue: nothing lost
    rq_queue()  # Redis restarts with nothing on disk: the job is gone
    assert rq_narration_jobs() == []
    assert len(recover_tasks(900)) == 1  # what every RQ worker runs at start and clean-up
    assert rq_narration_jobs() == [(article.pk, False)]
    assert recover_tasks(900) == []  # found in the queue now
    # a worker runs it and the audio is made
    queue = django_rq.get_queue("default")
    worker = SimpleWorker([queue], connection=queue.connection, job_class="django_tasks_rq.Job")
    worker.work(burst=True)
    narration.refresh_from_db()
    assert narration.status == Narration.Status.READY and narration.lost_runs == 0


@pytest.mark.django_db(transaction=True)
def test_two_recovering_processes_at_once_queue_a_lost_narration_once_on_postgresql(
    database_queue, make_article, django_capture_on_commit_callbacks, settings, monkeypatch
):
    """The real row lock: two threads (two connections) find it lost, then both try to queue
    it at the same moment; the second waits for the first's claim and finds it changed."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL (SQLite's test database is one connection)")
    article, narration = queued_narration(
        make_article, django_capture_on_commit_callbacks, settings
    )
    lose_database_tasks()
    age(narration, recovery.GRACE + timedelta(seconds=5))
    found = recovery.find_lost_narrations
    both_found = threading.Barrier(2, timeout=30)

    def find_then_wait() -> list[recovery.Lost]:
        lost = found()
        both_found.wait()
        return lost

    monkeypatch.setattr(recovery, "find_lost_narrations", find_then_wait)
    results: list[list[str]] = []

    def recover() -> None:
        try:
            results.append(recovery.recover_lost_narrations())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=recover) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(len(queued) for queued in results) == [0, 1]
    assert narration_tasks() == [[article.pk, False]]
    assert Narration.objects.get(pk=narration.pk).lost_runs == 1
