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
