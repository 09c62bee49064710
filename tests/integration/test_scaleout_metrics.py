"""The Prometheus series operators alert on are fed by the apps that own the events."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

pytestmark = pytest.mark.django_db


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_a_finished_narration_is_counted_by_status(
    make_article, django_capture_on_commit_callbacks
):
    before = sample("masthead_narration_jobs_total", status="ready")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article()
    from masthead.narration.models import Narration

    assert Narration.objects.get(article=article).status == "ready"
    assert sample("masthead_narration_jobs_total", status="ready") == before + 1


def test_published_comments_count_as_posted_and_publish_verdicts(
    make_article, make_reader, use_moderator, django_capture_on_commit_callbacks
):
    from masthead.comments import actions

    use_moderator("tests.support.moderators.publish_all")
    posted = sample("masthead_comments_posted_total")
    published = sample("masthead_verdicts_total", decision="publish", reason="none")
    article, reader = make_article(), make_reader()
    with django_capture_on_commit_callbacks(execute=True):
        actions.post_comment(article, reader, actions.Posting(text="Counted once."))
    assert sample("masthead_comments_posted_total") == posted + 1
    assert sample("masthead_verdicts_total", decision="publish", reason="none") == published + 1


def test_healthz_reports_the_moderation_models_loaded(client):
    checks = client.get("/healthz").json()["checks"]
    assert checks["models"]["ok"] is True
    assert "MiniLMTopic" in checks["models"]["detail"]


def test_healthz_is_503_when_the_moderation_models_cannot_load(client, settings, tmp_path):
    from masthead.moderation.core.classifiers import loader

    settings.MASTHEAD = {**settings.MASTHEAD, "MODERATION_MODEL_DIR": str(tmp_path)}
    loader.clear_cache()
    try:
        response = client.get("/healthz")
    finally:
        loader.clear_cache()
    assert response.status_code == 503
    assert response.json()["checks"]["models"]["ok"] is False
    detail = response.json()["checks"]["models"]["detail"]
    assert "cannot be loaded" in detail
    # /healthz is public: the model folder's path stays in the server log
    assert str(tmp_path) not in detail


def test_sqlite_planner_statistics_exist_after_migrate_and_refresh():
    from django.db import connection

    from masthead.core.dbstats import refresh_sqlite_statistics

    refreshed = refresh_sqlite_statistics(full=True)
    if connection.vendor != "sqlite":
        assert refreshed is False  # PostgreSQL's autovacuum keeps its own statistics
        return
    with connection.cursor() as cursor:
        # Written by the ANALYZE that runs after `migrate` (the test database was migrated).
        cursor.execute("SELECT tbl FROM sqlite_stat1")
        tables = {row[0] for row in cursor.fetchall()}
    assert {"django_migrations", "django_content_type"} <= tables
