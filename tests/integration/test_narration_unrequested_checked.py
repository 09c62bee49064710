"""Task recovery examines an article saved after its narration with no change a listener hears
(byline, tags) once per save, not on every pass: it used to select such an article again every
minute, reading and hashing its text each time, for ever (recovery.find_unrequested_narrations).
A later save that changes the text is still requested."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.articles import actions as article_actions
from masthead.articles.models import Article
from masthead.core.taskrecovery import recover_database_tasks
from masthead.narration import recovery
from masthead.narration.models import Narration
from tests.integration.test_narration_unrequested import (  # noqa: F401 (database_queue: a fixture)
    database_queue,
    narration_tasks,
    new_article,
    run_queued_tasks,
    save_while_requests_fail,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_queue")]


@pytest.fixture
def hashed(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The articles whose text is hashed (read and compared with their narration's)."""
    seen: list[str] = []
    content_hash = Article.content_hash

    def counting(article: Article) -> str:
        seen.append(article.headline)
        return content_hash.fget(article)  # type: ignore[attr-defined,no-any-return]

    monkeypatch.setattr(Article, "content_hash", property(counting))
    return seen


def narrated_then_saved_with_nothing_heard_changed(monkeypatch, capture) -> Article:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        article = article_actions.save_article(new_article())
    assert run_queued_tasks() == ["ready"]
    article.byline = "A. Reporter"  # saved after the request; nothing a listener hears changed
    return save_while_requests_fail(article, monkeypatch, capture)


def test_an_article_saved_with_no_change_heard_is_examined_once_not_on_every_pass(
    django_capture_on_commit_callbacks, monkeypatch, hashed
):
    article = narrated_then_saved_with_nothing_heard_changed(
        monkeypatch, django_capture_on_commit_callbacks
    )
    hashed.clear()

    assert recover_database_tasks(stale_after=900) == []
    assert len(hashed) == 1  # examined once
    hashed.clear()
    with CaptureQueriesContext(connection) as queries:
        assert recovery.find_unrequested_narrations() == []
    assert hashed == []  # the second pass selects it no more: its text is not read again
    assert not any(
        query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
        for query in queries.captured_queries
    )
    assert recover_database_tasks(stale_after=900) == []
    assert hashed == [] and narration_tasks() == []
    narration = Narration.objects.get(article=article)
    assert narration.status == Narration.Status.READY
    assert narration.checked_at == Article.objects.get(pk=article.pk).updated_at

    # a later save that changes the text is still requested
    article = Article.objects.get(pk=article.pk)
    article.body = "The council voted 10 to 3 for the bridge.\n\nIt will cost 42 million pounds."
    article = save_while_requests_fail(article, monkeypatch, django_capture_on_commit_callbacks)
    assert len(recover_database_tasks(stale_after=900)) == 1
    assert narration_tasks() == [[article.pk, False]]
    assert run_queued_tasks() == ["ready"]
    narration.refresh_from_db()
    assert narration.status == Narration.Status.READY
    assert narration.source_hash == article.content_hash


def test_a_save_after_the_check_is_examined_again(
    django_capture_on_commit_callbacks, monkeypatch, hashed
):
    article = narrated_then_saved_with_nothing_heard_changed(
        monkeypatch, django_capture_on_commit_callbacks
    )
    assert recover_database_tasks(stale_after=900) == []

    article = Article.objects.get(pk=article.pk)
    article.byline = "B. Reporter"  # another save, again nothing heard changed
    article = save_while_requests_fail(article, monkeypatch, django_capture_on_commit_callbacks)
    hashed.clear()
    assert recover_database_tasks(stale_after=900) == []
    assert len(hashed) == 1  # examined once for this save too
    assert recover_database_tasks(stale_after=900) == []
    assert len(hashed) == 1


def test_a_check_recorded_for_an_article_version_saved_over_meanwhile_does_not_hide_the_save(
    django_capture_on_commit_callbacks, monkeypatch
):
    article = narrated_then_saved_with_nothing_heard_changed(
        monkeypatch, django_capture_on_commit_callbacks
    )
    read = Article.objects.values_list("updated_at", flat=True).get(pk=article.pk)
    narration = Narration.objects.get(article=article)
    # an editor changes the text between recovery's read and its record of the check
    article.body = "The council voted 10 to 3 for the bridge."
    article = save_while_requests_fail(article, monkeypatch, django_capture_on_commit_callbacks)
    recovery.record_text_unchanged(
        [
            recovery.TextUnchanged(
                narration.pk, narration.status, narration.requested_at, narration.source_hash, read
            )
        ]
    )

    narration.refresh_from_db()
    assert narration.checked_at == read
    assert len(recover_database_tasks(stale_after=900)) == 1  # the newer save is requested
    assert narration_tasks() == [[article.pk, False]]


def test_a_check_is_not_recorded_on_a_narration_requested_meanwhile(
    django_capture_on_commit_callbacks, monkeypatch
):
    article = narrated_then_saved_with_nothing_heard_changed(
        monkeypatch, django_capture_on_commit_callbacks
    )
    narration = Narration.objects.get(article=article)
    updated = Article.objects.values_list("updated_at", flat=True).get(pk=article.pk)
    found = recovery.TextUnchanged(
        narration.pk, narration.status, narration.requested_at, narration.source_hash, updated
    )
    Narration.objects.filter(pk=narration.pk).update(status=Narration.Status.QUEUED)

    recovery.record_text_unchanged([found])

    narration.refresh_from_db()
    assert narration.checked_at is None
