"""An article scheduled to go live later (status Scheduled, or Published with a future
*Published at*) whose narration could not be requested at its save is requested by task
recovery while it waits, so its audio is ready when it goes live. Until 2026-11-30 recovery
asked only once it was live: readers arriving at the go-live time found no audio. The same
caps apply as for live articles (at most a few in flight, newest edit first, each save
examined once); drafts are never asked for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.articles import actions as article_actions
from masthead.articles.models import Article
from masthead.core.taskrecovery import recover_database_tasks
from masthead.narration import recovery, tasks
from masthead.narration.models import Narration
from tests.integration.test_narration_lost_task import rq_narration_jobs, rq_queue  # noqa: F401
from tests.integration.test_narration_unrequested import (
    narration_tasks,
    new_article,
    run_queued_tasks,
    save_while_requests_fail,
)

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=2)


@pytest.fixture
def database_queue(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


SCHEDULED_KINDS = pytest.mark.parametrize(
    "status", [Article.Status.SCHEDULED, Article.Status.PUBLISHED], ids=["scheduled", "published"]
)


def scheduled_article(status: str = Article.Status.SCHEDULED, **fields: object) -> Article:
    return new_article(status=status, published_at=timezone.now() + LATER, **fields)


@SCHEDULED_KINDS
def test_an_article_scheduled_for_later_saved_while_its_narration_could_not_be_requested_is_narrated_before_it_goes_live(
    status, database_queue, django_capture_on_commit_callbacks, monkeypatch
):
    article = save_while_requests_fail(
        scheduled_article(status), monkeypatch, django_capture_on_commit_callbacks
    )
    assert not article.is_live
    assert not Narration.objects.filter(article=article).exists()

    assert len(recover_database_tasks(stale_after=900)) == 1
    assert narration_tasks() == [[article.pk, False]]
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.QUEUED
    assert narration.reason == recovery.UNREQUESTED_NOTE
    assert recover_database_tasks(stale_after=900) == []  # asked once
    assert run_queued_tasks() == ["ready"]
    narration.refresh_from_db()
    assert narration.status == Narration.Status.READY and narration.is_current
    assert recover_database_tasks(stale_after=900) == []
    # it goes live with its audio: nothing more to ask
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(1))
    assert recover_database_tasks(stale_after=900) == []
    assert narration_tasks() == []


def test_an_edit_of_a_scheduled_article_whose_narration_could_not_be_requested_is_narrated_again(
    database_queue, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_actions.save_article(scheduled_article())
    assert run_queued_tasks() == ["ready"]
    old_hash = Narration.objects.get(article=article).source_hash

    article.body = "The council voted 10 to 3 for the bridge.\n\nIt will cost 42 million pounds."
    article = save_while_requests_fail(article, monkeypatch, django_capture_on_commit_callbacks)
    assert Narration.objects.get(article=article).source_hash == old_hash

    assert len(recover_database_tasks(stale_after=900)) == 1
    assert narration_tasks() == [[article.pk, False]]
    assert run_queued_tasks() == ["ready"]
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.READY
    assert narration.source_hash == article.content_hash != old_hash


def test_drafts_are_not_requested_while_scheduled_articles_are(
    database_queue, django_capture_on_commit_callbacks, monkeypatch
):
    draft = save_while_requests_fail(
        new_article(status=Article.Status.DRAFT, published_at=timezone.now() + LATER),
        monkeypatch,
        django_capture_on_commit_callbacks,
    )
    scheduled = save_while_requests_fail(
        scheduled_article(), monkeypatch, django_capture_on_commit_callbacks
    )

    assert len(recover_database_tasks(stale_after=900)) == 1
    assert narration_tasks() == [[scheduled.pk, False]]
    assert not Narration.objects.filter(article=draft).exists()


def test_a_scheduled_article_made_a_draft_after_it_was_found_is_not_requested(
    database_queue, django_capture_on_commit_callbacks, monkeypatch
):
    article = save_while_requests_fail(
        scheduled_article(), monkeypatch, django_capture_on_commit_callbacks
    )
    [found] = recovery.find_unrequested_narrations()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    assert recovery.request_unrequested_narration(found) is None
    assert narration_tasks() == []
    assert not Narration.objects.filter(article=article).exists()  # the claim was undone


def test_scheduled_articles_share_the_in_flight_cap_newest_edit_first(
    database_queue, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(recovery, "UNREQUESTED_PER_PASS", 2)
    articles = [
        save_while_requests_fail(article, monkeypatch, django_capture_on_commit_callbacks)
        for article in (
            scheduled_article(slug="first-scheduled"),
            new_article(slug="live"),
            scheduled_article(slug="second-scheduled"),
        )
    ]
    assert len(recover_database_tasks(stale_after=900)) == 2
    assert sorted(narration_tasks()) == sorted([[a.pk, False] for a in articles[1:]])
    assert recover_database_tasks(stale_after=900) == []  # two still in flight
    run_queued_tasks()
    assert len(recover_database_tasks(stale_after=900)) == 1
    assert narration_tasks() == [[articles[0].pk, False]]


def test_a_scheduled_article_saved_with_no_change_heard_is_examined_once(
    database_queue, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_actions.save_article(scheduled_article())
    assert run_queued_tasks() == ["ready"]
    article.byline = "A. Reporter"  # nothing a listener hears
    article = save_while_requests_fail(article, monkeypatch, django_capture_on_commit_callbacks)

    assert recover_database_tasks(stale_after=900) == []
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.READY
    assert narration.checked_at == Article.objects.get(pk=article.pk).updated_at
    assert recovery.find_unrequested_narrations() == []


def test_a_site_that_narrates_by_hand_does_not_request_scheduled_articles(
    database_queue, django_capture_on_commit_callbacks, monkeypatch, settings
):
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    article = save_while_requests_fail(
        scheduled_article(), monkeypatch, django_capture_on_commit_callbacks
    )
    assert recover_database_tasks(stale_after=900) == []
    assert not Narration.objects.filter(article=article).exists()


def test_a_scheduled_article_whose_task_could_not_be_queued_is_queued_by_recovery(
    database_queue, django_capture_on_commit_callbacks, monkeypatch
):
    """The queue down at the save (the request made, its task refused): the lost-task path,
    which never looked at whether the article is live, queues it after its grace period."""

    class QueueDown:
        def enqueue(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patched:
        patched.setattr(tasks, "narrate_article", QueueDown())
        with django_capture_on_commit_callbacks(execute=True):
            article = article_actions.save_article(scheduled_article())
    assert narration_tasks() == []
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.QUEUED
    Narration.objects.filter(pk=narration.pk).update(
        requested_at=timezone.now() - recovery.GRACE - timedelta(seconds=5)
    )

    assert len(recover_database_tasks(stale_after=900)) == 1
    assert narration_tasks() == [[article.pk, False]]
    assert run_queued_tasks() == ["ready"]
    assert Narration.objects.get(article=article).status == Narration.Status.READY


@pytest.mark.redis
def test_on_rq_an_article_scheduled_for_later_whose_narration_could_not_be_requested_is_narrated(
    rq_queue,  # noqa: F811 (the fixture, imported above)
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    import django_rq
    from rq import SimpleWorker

    from masthead.core.taskrecovery import recover_tasks

    queue = django_rq.get_queue("default")
    article = save_while_requests_fail(
        scheduled_article(Article.Status.PUBLISHED), monkeypatch, django_capture_on_commit_callbacks
    )
    assert rq_narration_jobs() == []

    assert len(recover_tasks(900)) == 1
    assert rq_narration_jobs() == [(article.pk, False)]
    assert recover_tasks(900) == []  # its job waits: asked once
    SimpleWorker([queue], connection=queue.connection, job_class="django_tasks_rq.Job").work(
        burst=True
    )
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.READY and narration.is_current
    assert recover_tasks(900) == []
