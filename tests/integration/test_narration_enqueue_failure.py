"""A narration whose task could not be queued (the queue's Redis down at the editor's save)
stays queued with a note for its editors, and task recovery queues it once the queue answers
again; it used to be failed, so the audio stayed stale until an editor pressed Regenerate."""

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


def queued_tasks() -> list[object]:
    from django_tasks_db.models import DBTaskResult

    return list(
        DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").values_list(
            "args_kwargs", flat=True
        )
    )


def test_a_narration_whose_enqueue_failed_stays_queued_and_recovery_queues_it_later(
    database_queue, make_article, django_capture_on_commit_callbacks, monkeypatch
):
    class QueueDown:
        def enqueue(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patched:
        patched.setattr(tasks, "narrate_article", QueueDown())
        with django_capture_on_commit_callbacks(execute=True):
            article = make_article()  # the editor's save succeeds
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.QUEUED
    assert "task queue could not be reached" in narration.reason
    assert "Connection refused" in narration.reason
    assert queued_tasks() == []

    # The queue answers again; past the grace period, the next recovery queues it.
    Narration.objects.filter(pk=narration.pk).update(
        requested_at=timezone.now() - recovery.GRACE - timedelta(seconds=5)
    )
    recover_database_tasks(stale_after=900)
    assert [row["args"] for row in queued_tasks()] == [[article.pk, False]]
    narration.refresh_from_db()
    assert narration.status == Narration.Status.QUEUED


def test_a_failed_enqueue_leaves_a_narration_started_meanwhile_as_it_is(make_article):
    article = make_article()
    Narration.objects.update_or_create(
        article=article, defaults={"status": Narration.Status.GENERATING, "reason": ""}
    )
    actions.note_enqueue_failed(article.pk, ConnectionError("down"))
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.GENERATING and narration.reason == ""
