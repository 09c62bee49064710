"""A lost Regenerate is queued again as a Regenerate: an editor's "Regenerate narration" whose
task was lost (the queue restarted empty) or could not be queued (its Redis down) makes the
audio again once task recovery queues it, even though the audio looks current. Before
2026-11-30 recovery queued every lost narration plain, so the run found the audio current,
kept it, and the editor's Regenerate silently did nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.core.taskrecovery import recover_database_tasks
from masthead.narration import actions, recovery, tasks
from masthead.narration.models import Narration
from tests.integration.test_narration_lost_task import rq_narration_jobs, rq_queue  # noqa: F401

pytestmark = pytest.mark.django_db

TASK_PATH = "masthead.narration.tasks.narrate_article"


@pytest.fixture
def database_queue(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def waiting_tasks() -> list[list[object]]:
    from django_tasks_db.models import DBTaskResult

    return [
        row["args"]
        for row in DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY")
        .order_by("enqueued_at")
        .values_list("args_kwargs", flat=True)
    ]


def lose_tasks() -> None:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path=TASK_PATH).delete()


def narrated(make_article, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """An article whose audio is made and current."""
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article()
    assert tasks.narrate_article.call(article.pk, False) == "ready"
    lose_tasks()  # the task run above, and the one saving the article queued
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.READY and narration.is_current
    assert narration.force_pending is False
    return article, narration


def past_grace(narration: Narration) -> None:
    Narration.objects.filter(pk=narration.pk).update(
        requested_at=timezone.now() - recovery.GRACE - timedelta(seconds=5)
    )


def run_recovered(narration: Narration) -> Narration:
    """Run the task recovery queued, as a worker would; returns the narration after it."""
    (args,) = waiting_tasks()
    before = Narration.objects.get(pk=narration.pk).rendered_at
    assert tasks.narrate_article.call(*args) == "ready"
    lose_tasks()
    narration.refresh_from_db()
    narration.made_again = narration.rendered_at != before  # type: ignore[attr-defined]
    return narration


def test_a_lost_regenerate_is_queued_again_forced_and_makes_the_current_audio_again(
    database_queue, make_article, django_capture_on_commit_callbacks
):
    article, narration = narrated(make_article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.regenerate(article)
    assert waiting_tasks() == [[article.pk, True]]
    narration.refresh_from_db()
    assert narration.force_pending is True
    lose_tasks()  # a Redis without persistence restarted
    past_grace(narration)

    assert len(recover_database_tasks(stale_after=900)) == 1
    assert waiting_tasks() == [[article.pk, True]]
    narration = run_recovered(narration)
    assert narration.made_again  # type: ignore[attr-defined]
    assert narration.status == Narration.Status.READY and narration.force_pending is False


def test_a_regenerate_whose_task_could_not_be_queued_is_queued_again_forced(
    database_queue, make_article, django_capture_on_commit_callbacks, monkeypatch
):
    article, narration = narrated(make_article, django_capture_on_commit_callbacks)

    class QueueDown:
        def enqueue(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patched:
        patched.setattr(tasks, "narrate_article", QueueDown())
        with django_capture_on_commit_callbacks(execute=True):
            actions.regenerate(article)
    narration.refresh_from_db()
    assert narration.status == Narration.Status.QUEUED
    assert "task queue could not be reached" in narration.reason
    assert waiting_tasks() == []
    past_grace(narration)

    recover_database_tasks(stale_after=900)
    assert waiting_tasks() == [[article.pk, True]]
    narration = run_recovered(narration)
    assert narration.made_again  # type: ignore[attr-defined]
    assert narration.force_pending is False


def test_a_lost_plain_narration_is_queued_again_plain_and_keeps_the_current_audio(
    database_queue, make_article, django_capture_on_commit_callbacks
):
    article, narration = narrated(make_article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_narration(article)
    narration.refresh_from_db()
    assert narration.force_pending is False
    lose_tasks()
    past_grace(narration)

    recover_database_tasks(stale_after=900)
    assert waiting_tasks() == [[article.pk, False]]
    narration = run_recovered(narration)
    assert not narration.made_again  # type: ignore[attr-defined]
    assert narration.status == Narration.Status.READY


def test_a_plain_request_while_a_regenerate_waits_keeps_it_forced(
    database_queue, make_article, django_capture_on_commit_callbacks
):
    article, narration = narrated(make_article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.regenerate(article)
        actions.request_narration(article)  # e.g. the editor saves the article meanwhile
    narration.refresh_from_db()
    assert narration.force_pending is True
    lose_tasks()
    past_grace(narration)

    recover_database_tasks(stale_after=900)
    assert waiting_tasks() == [[article.pk, True]]


def test_a_regenerate_given_up_after_its_task_was_lost_each_time_is_no_longer_forced(
    database_queue, make_article, django_capture_on_commit_callbacks
):
    article, narration = narrated(make_article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.regenerate(article)
    Narration.objects.filter(pk=narration.pk).update(lost_runs=2)
    lose_tasks()
    past_grace(narration)

    recover_database_tasks(stale_after=900)
    assert waiting_tasks() == []
    narration.refresh_from_db()
    assert narration.status == Narration.Status.FAILED and narration.force_pending is False
    # a later plain request is plain
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_narration(article)
    assert waiting_tasks() == [[article.pk, False]]


# --- A Regenerate beside a plain request (2026-11-30) ---------------------------------------
# The plain run used to clear the pending Regenerate when it ended, and to set the narration
# "ready": the Regenerate's own task, if then lost, was never queued again (recovery only looks
# at queued or generating narrations), and a plain run that started after the forced one had
# started (another worker) replaced it and kept the audio. Either way the editor's Regenerate
# did nothing, without a word.


def regenerate_during_the_run(monkeypatch, article, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """The editor presses Regenerate while the next run is being made (its engine loading)."""
    real = tasks.ready_engine

    def pressed_meanwhile():  # type: ignore[no-untyped-def]
        monkeypatch.setattr(tasks, "ready_engine", real)
        with django_capture_on_commit_callbacks(execute=True):
            actions.regenerate(article)
        return real()

    monkeypatch.setattr(tasks, "ready_engine", pressed_meanwhile)


def test_a_regenerate_pressed_during_a_plain_run_is_queued_again_forced_if_its_task_is_lost(
    database_queue, make_article, django_capture_on_commit_callbacks, monkeypatch
):
    article, narration = narrated(make_article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_narration(article)  # the editor saves: a plain run
    regenerate_during_the_run(monkeypatch, article, django_capture_on_commit_callbacks)
    (plain,) = waiting_tasks()
    lose_tasks()
    before = Narration.objects.get(pk=narration.pk).rendered_at
    tasks.narrate_article.call(*plain)  # finds the audio current: keeps it
    narration.refresh_from_db()
    assert narration.rendered_at == before
    # the Regenerate still waits for its own run, and says so
    assert narration.status == Narration.Status.QUEUED and narration.force_pending is True
    assert waiting_tasks() == [[article.pk, True]]
    lose_tasks()  # a Redis without persistence restarted
    past_grace(narration)

    assert len(recover_database_tasks(stale_after=900)) == 1
    assert waiting_tasks() == [[article.pk, True]]
    narration = run_recovered(narration)
    assert narration.made_again  # type: ignore[attr-defined]
    assert narration.status == Narration.Status.READY and narration.force_pending is False


def test_a_plain_run_that_replaces_a_running_regenerate_makes_the_audio_again(
    database_queue, make_article, django_capture_on_commit_callbacks
):
    article, narration = narrated(make_article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.regenerate(article)
        actions.request_narration(article)  # the editor saves too
    forced, plain = waiting_tasks()
    assert forced == [article.pk, True] and plain == [article.pk, False]
    lose_tasks()
    before = Narration.objects.get(pk=narration.pk).rendered_at
    regenerate_run = actions.start_narration(article.pk).attempts  # one worker takes the Regenerate
    assert tasks.narrate_article.call(*plain) == "ready"  # another the save, replacing that run
    narration.refresh_from_db()
    assert narration.rendered_at != before  # made again: the replaced run was a Regenerate
    assert narration.force_pending is False
    # the Regenerate's own run, replaced, records nothing
    actions.skip_narration(article.pk, run=regenerate_run)
    narration.refresh_from_db()
    assert narration.attempts == regenerate_run + 1


def test_a_regenerate_queued_beside_a_plain_request_is_made_once_whichever_runs_first(
    database_queue, make_article, django_capture_on_commit_callbacks
):
    article, narration = narrated(make_article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_narration(article)
        actions.regenerate(article)
    plain, forced = waiting_tasks()
    lose_tasks()
    renders = []
    for args in (plain, forced):  # the plain one first
        before = Narration.objects.get(pk=narration.pk).rendered_at
        assert tasks.narrate_article.call(*args) == "ready"
        renders.append(Narration.objects.get(pk=narration.pk).rendered_at != before)
    assert renders.count(True) == 1  # made again once, not by both runs
    narration.refresh_from_db()
    assert narration.status == Narration.Status.READY and narration.force_pending is False


def test_a_regenerate_given_back_by_a_stopping_worker_stays_a_regenerate(
    database_queue, make_article, django_capture_on_commit_callbacks
):
    """A run that took on a Regenerate and was given back (a stop) or lost (a kill) leaves it
    pending again, for whichever run comes next."""
    article, narration = narrated(make_article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_narration(article)
        actions.regenerate(article)
    lose_tasks()
    run = actions.start_narration(article.pk)
    assert run.force_pending is False  # taken on by this run
    actions.interrupt_narration(article.pk, run.attempts)
    narration.refresh_from_db()
    assert narration.status == Narration.Status.QUEUED and narration.force_pending is True
    run = actions.start_narration(article.pk)
    assert run.force_pending is False
    killed = actions.start_narration(article.pk)  # the last run's worker was killed
    assert killed.lost_runs == 1 and killed.forced_run == killed.attempts


def test_a_regenerate_whose_run_and_task_were_both_lost_is_queued_again_forced(
    database_queue, make_article, django_capture_on_commit_callbacks
):
    from masthead.narration.models import STALE_AFTER

    article, narration = narrated(make_article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.regenerate(article)
    actions.start_narration(article.pk)  # its run took it on, then the worker and queue went
    lose_tasks()
    Narration.objects.filter(pk=narration.pk).update(
        started_at=timezone.now() - STALE_AFTER - timedelta(minutes=1)
    )
    past_grace(narration)

    assert len(recover_database_tasks(stale_after=900)) == 1
    assert waiting_tasks() == [[article.pk, True]]
    narration = run_recovered(narration)
    assert narration.made_again  # type: ignore[attr-defined]


@pytest.mark.redis
def test_on_rq_a_regenerate_pressed_during_a_plain_run_is_made_after_redis_lost_its_task(
    rq_queue,  # noqa: F811 (the fixture, imported above)
    make_article,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    """The same on RQ, with a Redis of the test's own restarted with nothing on disk."""
    import django_rq
    from rq import SimpleWorker

    from masthead.core.taskrecovery import recover_tasks

    queue = django_rq.get_queue("default")

    def worker() -> SimpleWorker:
        return SimpleWorker([queue], connection=queue.connection, job_class="django_tasks_rq.Job")

    with django_capture_on_commit_callbacks(execute=True):
        article = make_article()
    worker().work(burst=True)
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.READY and narration.is_current
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_narration(article)  # the editor saves: a plain run
    regenerate_during_the_run(monkeypatch, article, django_capture_on_commit_callbacks)
    before = Narration.objects.get(pk=narration.pk).rendered_at
    worker().work(burst=True, max_jobs=1)  # the plain run, which keeps the current audio
    narration.refresh_from_db()
    assert narration.rendered_at == before
    assert narration.status == Narration.Status.QUEUED and narration.force_pending is True
    assert rq_narration_jobs() == [(article.pk, True)]
    rq_queue()  # Redis restarts with nothing on disk: the Regenerate's job is gone
    assert rq_narration_jobs() == []
    past_grace(narration)

    assert len(recover_tasks(900)) == 1
    assert rq_narration_jobs() == [(article.pk, True)]
    worker().work(burst=True)
    narration.refresh_from_db()
    assert narration.rendered_at != before
    assert narration.status == Narration.Status.READY and narration.force_pending is False


@pytest.mark.parametrize("ends", ["given back", "killed"])
def test_a_save_during_a_running_regenerate_does_not_drop_it_when_that_run_does_not_end(
    ends, database_queue, make_article, django_capture_on_commit_callbacks
):
    """The save sets the narration "queued" while the Regenerate's run goes on; that run then
    stops (given back) or dies (killed): the Regenerate is pending again for the next run."""
    article, narration = narrated(make_article, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.regenerate(article)
    lose_tasks()
    run = actions.start_narration(article.pk).attempts  # the Regenerate's run takes it on
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_narration(article)  # the editor saves meanwhile
    (plain,) = waiting_tasks()
    if ends == "given back":
        actions.interrupt_narration(article.pk, run)
    narration.refresh_from_db()
    before = narration.rendered_at
    lose_tasks()
    assert tasks.narrate_article.call(*plain) == "ready"  # the next run: the save's
    narration.refresh_from_db()
    assert narration.rendered_at != before  # made again: the Regenerate was not dropped
    assert narration.force_pending is False
