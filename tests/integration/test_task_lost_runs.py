"""Bounded retries: a narration, or any task, whose runs keep being lost is failed with the
reason instead of queued again for ever; a run given back on a graceful stop is not lost."""

from __future__ import annotations

import subprocess
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.core import taskstop
from masthead.core.taskrecovery import LOST, MAX_LOST_RUNS, recover_database_tasks, worker_name
from masthead.narration import actions
from masthead.narration.models import MAX_LOST_RUNS as NARRATION_MAX_LOST_RUNS
from masthead.narration.models import Narration, NarrationPart
from masthead.narration.tasks import run_narration
from tests.support.narration import fake_engine

pytestmark = pytest.mark.django_db


def lose_runs(article_id: int, count: int) -> None:
    """`count` runs that started and whose worker then died (nothing ended them)."""
    for _ in range(count):
        assert actions.start_narration(article_id).status == Narration.Status.GENERATING


def test_a_narration_whose_worker_is_lost_three_times_in_a_row_fails_with_the_reason(
    make_article,
):
    article = make_article()
    lose_runs(article.pk, NARRATION_MAX_LOST_RUNS)  # the last one's loss is found by the next
    engine = fake_engine()
    narration = run_narration(article.pk)
    assert narration.status == Narration.Status.FAILED
    assert narration.reason.startswith("interrupted 3 times in a row: the worker stopped")
    assert "regenerate to try again" in narration.reason
    assert narration.attempts == NARRATION_MAX_LOST_RUNS  # no fourth run was started
    assert engine.calls == []
    # Regenerate starts afresh: the lost runs no longer count
    actions.regenerate(article)
    assert Narration.objects.get(pk=narration.pk).lost_runs == 0
    assert run_narration(article.pk).status == Narration.Status.READY


def test_a_narration_lost_twice_then_finished_starts_counting_again(make_article):
    article = make_article()
    lose_runs(article.pk, NARRATION_MAX_LOST_RUNS - 1)
    assert run_narration(article.pk).status == Narration.Status.READY
    assert Narration.objects.get(article=article).lost_runs == 0


def test_a_run_given_back_on_a_graceful_stop_is_queued_not_lost(
    settings, make_article, monkeypatch, client, admin_user
):
    import time

    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_PARALLEL": 1}
    article = make_article(body="\n\n".join(f"Paragraph {i} says a little more." for i in range(5)))
    engine = fake_engine()
    synthesize = type(engine).synthesize

    def slowly(self, sentences):  # type: ignore[no-untyped-def]
        time.sleep(0.3)  # a part takes a while, as a real voice's does
        return synthesize(self, sentences)

    monkeypatch.setattr(type(engine), "synthesize", slowly)
    taskstop.request_stop()
    try:
        with pytest.raises(taskstop.TaskInterrupted):
            run_narration(article.pk)
    finally:
        taskstop.clear_stop()
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.QUEUED and narration.progress == 0
    assert narration.reason == actions.INTERRUPTED_NOTE
    assert narration.lost_runs == 0 and narration.partial == {}
    assert not NarrationPart.objects.filter(narration=narration).exists()
    # stopped after its first part (the part its thread had begun meanwhile is finished):
    # most of the body was never synthesised
    made = len(engine.calls)
    assert 0 < made <= 3 and not any("Paragraph four" in sentence for sentence in engine.calls), (
        engine.calls
    )
    # editors see it waiting, and why
    client.force_login(admin_user)
    shown = client.get(f"/listen/{article.slug}/status.json").json()
    assert shown["status"] == "queued" and shown["reason"] == actions.INTERRUPTED_NOTE
    monkeypatch.undo()
    again = run_narration(article.pk)
    assert again.status == Narration.Status.READY and again.lost_runs == 0
    # the parts made before the stop (the first, and the one its thread had begun) were cached
    assert 0 < again.segments_synthesised <= again.segments_total - 1


def _dead_worker() -> str:
    process = subprocess.Popen(["true"])
    process.wait()
    return f"{worker_name().rpartition(':')[0]}:{process.pid}"


def _task(status: str, worker_ids: list[str], **fields: object):  # type: ignore[no-untyped-def]
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status=status,
        args_kwargs={"args": [1, False], "kwargs": {}},
        task_path="masthead.narration.tasks.narrate_article",
        backend_name="default",
        worker_ids=worker_ids,
        started_at=timezone.now() - timedelta(seconds=5),
        **fields,
    )


def test_database_recovery_requeues_a_lost_task_until_its_fifth_lost_run_then_fails_it():
    dead = _dead_worker()
    once = _task("RUNNING", [dead])
    often = _task("RUNNING", [dead] * MAX_LOST_RUNS)
    recovered = recover_database_tasks(stale_after=900)
    assert recovered == [str(once.pk)]
    once.refresh_from_db()
    often.refresh_from_db()
    assert once.status == "READY" and once.worker_ids == [dead]
    assert often.status == "FAILED" and often.exception_class_path == LOST
    assert f"lost {MAX_LOST_RUNS} times" in often.traceback


def test_database_recovery_puts_back_a_task_interrupted_by_a_stop_its_worker_could_not():
    alive = worker_name()
    interrupted = _task(
        "FAILED",
        ["host:1", alive],
        exception_class_path=taskstop.INTERRUPTED,
        traceback="TaskInterrupted",
    )
    assert recover_database_tasks(stale_after=900) == [str(interrupted.pk)]
    interrupted.refresh_from_db()
    assert interrupted.status == "READY" and interrupted.started_at is None
    assert interrupted.worker_ids == ["host:1"]  # the stopping worker's run is not counted
    assert interrupted.exception_class_path == ""
