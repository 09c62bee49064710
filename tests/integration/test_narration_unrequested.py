"""A live article saved while its narration could not be requested (a listener of
`article_changed` that failed after the save; the save stands) is narrated after task recovery:
it had no narration, or one for its older text, and nothing asked again. An up-to-date
narration, a failed one already asked for this text and a draft are left alone (articles
scheduled for later are asked for: test_narration_unrequested_scheduled.py); two recoveries at
once ask once; a site that narrates by hand is not narrated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.articles import actions as article_actions
from masthead.articles.models import Article
from masthead.core.taskrecovery import recover_database_tasks
from masthead.narration import actions, recovery
from masthead.narration.models import Narration
from tests.integration.test_narration_lost_task import rq_narration_jobs, rq_queue  # noqa: F401

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


def run_queued_tasks() -> list[str]:
    from django_tasks_db.models import DBTaskResult

    from masthead.narration.tasks import narrate_article

    results = [narrate_article.call(*args) for args in narration_tasks()]
    DBTaskResult.objects.filter(task_path=TASK_PATH).delete()
    return results


def save_while_requests_fail(article: Article, monkeypatch, capture) -> Article:  # type: ignore[no-untyped-def]
    """Save the article as an editor does, with narration's listener failing after the save
    (as a busy database makes it): the save stands, logged, and no narration is requested."""

    def database_locked(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database is locked")

    with monkeypatch.context() as patched:
        patched.setattr(actions, "request_narration", database_locked)
        with capture(execute=True):
            article = article_actions.save_article(article)
    return article


def new_article(**fields: object) -> Article:
    from masthead.articles.models import Section

    section, _ = Section.objects.get_or_create(slug="news", defaults={"name": "News"})
    defaults: dict[str, object] = {
        "headline": "Council approves new river crossing",
        "slug": f"council-river-crossing-{Article.objects.count() + 1}",
        "standfirst": "The bridge will link the two halves of the town by 2029.",
        "section": section,
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1),
        "body": "The council voted 9 to 4 for the bridge.\n\nIt will cost 40 million pounds.",
    }
    defaults.update(fields)
    return Article(**defaults)


def test_a_live_article_saved_while_its_narration_could_not_be_requested_is_narrated_after_recovery(
    database_queue, django_capture_on_commit_callbacks, monkeypatch
):
    article = save_while_requests_fail(
        new_article(), monkeypatch, django_capture_on_commit_callbacks
    )
    assert not Narration.objects.filter(article=article).exists()

    recovered = recover_database_tasks(stale_after=900)  # what task_worker runs every minute

    assert len(recovered) == 1
    assert narration_tasks() == [[article.pk, False]]
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.QUEUED
    assert narration.reason == recovery.UNREQUESTED_NOTE
    # asked once: the next recovery finds its task (or the narration queued) and leaves it
    assert recover_database_tasks(stale_after=900) == []
    assert run_queued_tasks() == ["ready"]
    narration.refresh_from_db()
    assert narration.status == Narration.Status.READY
    assert narration.source_hash == article.content_hash and narration.has_audio
    # narrated: recovery has nothing more to ask
    assert recover_database_tasks(stale_after=900) == []
    assert narration_tasks() == []


def test_an_edit_whose_narration_could_not_be_requested_is_narrated_again_after_recovery(
    database_queue, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_actions.save_article(new_article())
    assert run_queued_tasks() == ["ready"]
    old_hash = Narration.objects.get(article=article).source_hash
    assert recover_database_tasks(stale_after=900) == []  # up to date: not asked again

    article.body = "The council voted 10 to 3 for the bridge.\n\nIt will cost 42 million pounds."
    article = save_while_requests_fail(article, monkeypatch, django_capture_on_commit_callbacks)
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.READY and narration.source_hash == old_hash

    assert len(recover_database_tasks(stale_after=900)) == 1
    assert narration_tasks() == [[article.pk, False]]
    assert run_queued_tasks() == ["ready"]
    narration.refresh_from_db()
    assert narration.status == Narration.Status.READY
    assert narration.source_hash == article.content_hash != old_hash


def test_an_up_to_date_narration_is_not_requested_again_even_after_a_save_that_changed_no_text(
    database_queue, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_actions.save_article(new_article())
    assert run_queued_tasks() == ["ready"]
    article.byline = "A. Reporter"  # saved later than the request, but nothing heard changed
    article = save_while_requests_fail(article, monkeypatch, django_capture_on_commit_callbacks)

    assert recover_database_tasks(stale_after=900) == []
    assert narration_tasks() == []
    assert Narration.objects.get(article=article).status == Narration.Status.READY


def test_a_narration_that_failed_for_the_current_text_is_not_requested_again_and_again(
    database_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_actions.save_article(new_article())
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path=TASK_PATH).delete()
    actions.start_narration(article.pk)
    actions.fail_narration(article.pk, "the voice failed")

    assert recover_database_tasks(stale_after=900) == []
    assert Narration.objects.get(article=article).status == Narration.Status.FAILED


def test_drafts_are_not_requested(database_queue, django_capture_on_commit_callbacks, monkeypatch):
    """Articles scheduled for later are requested (test_narration_unrequested_scheduled.py)."""
    draft = save_while_requests_fail(
        new_article(status=Article.Status.DRAFT, published_at=None),
        monkeypatch,
        django_capture_on_commit_callbacks,
    )
    dated_draft = save_while_requests_fail(
        new_article(status=Article.Status.DRAFT, published_at=timezone.now() + timedelta(hours=2)),
        monkeypatch,
        django_capture_on_commit_callbacks,
    )

    assert recover_database_tasks(stale_after=900) == []
    assert narration_tasks() == []
    assert not Narration.objects.filter(article__in=[draft, dated_draft]).exists()


def test_two_recoveries_at_once_request_an_article_once(
    database_queue, django_capture_on_commit_callbacks, monkeypatch
):
    missing = save_while_requests_fail(
        new_article(), monkeypatch, django_capture_on_commit_callbacks
    )
    with django_capture_on_commit_callbacks(execute=True):
        stale = article_actions.save_article(new_article())
    assert run_queued_tasks() == ["ready"]
    stale.headline = "Council approves the new river crossing"
    stale = save_while_requests_fail(stale, monkeypatch, django_capture_on_commit_callbacks)

    first = recovery.find_unrequested_narrations()
    second = recovery.find_unrequested_narrations()  # found before either asked
    assert {found.article_id for found in first} == {missing.pk, stale.pk}
    asked = [recovery.request_unrequested_narration(found) for found in first + second]

    assert sum(task_id is not None for task_id in asked) == 2
    assert sorted(narration_tasks()) == sorted([[missing.pk, False], [stale.pk, False]])


def test_at_most_a_few_are_in_flight_at_once_newest_edit_first(
    database_queue, django_capture_on_commit_callbacks, monkeypatch, settings
):
    monkeypatch.setattr(recovery, "UNREQUESTED_PER_PASS", 2)
    articles = [
        save_while_requests_fail(new_article(), monkeypatch, django_capture_on_commit_callbacks)
        for _ in range(3)
    ]
    assert len(recover_database_tasks(stale_after=900)) == 2
    assert sorted(narration_tasks()) == sorted([[a.pk, False] for a in articles[1:]])
    assert recover_database_tasks(stale_after=900) == []  # two still in flight
    run_queued_tasks()
    assert len(recover_database_tasks(stale_after=900)) == 1
    assert narration_tasks() == [[articles[0].pk, False]]


def test_a_site_that_narrates_by_hand_is_not_narrated_by_recovery(
    database_queue, django_capture_on_commit_callbacks, monkeypatch, settings
):
    settings.MASTHEAD = {**settings.MASTHEAD, "NARRATION_ON_PUBLISH": False}
    with django_capture_on_commit_callbacks(execute=True):
        article = article_actions.save_article(new_article())
    assert recover_database_tasks(stale_after=900) == []
    assert not Narration.objects.filter(article=article).exists()


def test_an_article_whose_narration_task_already_waits_is_not_requested_twice(
    database_queue, django_capture_on_commit_callbacks, monkeypatch
):
    from masthead.narration.tasks import narrate_article

    with django_capture_on_commit_callbacks(execute=True):
        article = article_actions.save_article(new_article())
    assert run_queued_tasks() == ["ready"]
    article.body = "The council voted 10 to 3 for the bridge."
    article = save_while_requests_fail(article, monkeypatch, django_capture_on_commit_callbacks)
    narrate_article.enqueue(article.pk, False)  # a task for it waits all the same

    assert recover_database_tasks(stale_after=900) == []
    assert narration_tasks() == [[article.pk, False]]


@pytest.mark.redis
def test_on_rq_a_live_article_saved_while_its_narration_could_not_be_requested_is_narrated(
    rq_queue,  # noqa: F811 (the fixture, imported above)
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    import django_rq
    from rq import SimpleWorker

    from masthead.core.taskrecovery import recover_tasks

    queue = django_rq.get_queue("default")
    article = save_while_requests_fail(
        new_article(), monkeypatch, django_capture_on_commit_callbacks
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
