"""/metrics reports the workspace's queues: the same counts as its tabs, the age of the longest
wait in each, and -1 (not a broken page) when the database does not answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import OperationalError
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from masthead.comments import actions as comment_actions
from masthead.comments.models import Comment, CommentReport
from masthead.dashboard import actions, queries
from masthead.dashboard.models import WorkspaceSettings
from tests.support.dashboard_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _scrape(client) -> dict[str, dict[str, float]]:  # type: ignore[no-untyped-def]
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    found: dict[str, dict[str, float]] = {}
    for family in text_string_to_metric_families(response.content.decode()):
        if family.name.startswith("masthead_moderation_queue_"):
            found[family.name] = {s.labels["queue"]: s.value for s in family.samples}
    return found


def _workspace_counts(client) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return client.get("/api/moderation/counts").json()["counts"]


def test_queue_gauges_equal_the_workspace_counts_before_and_after_a_decision(
    client, mod, make_article, make_reader, post, held, keyword_moderation
):
    WorkspaceSettings.objects.create(pk=1, audit_sample_rate=1.0)
    article = make_article()
    first = held("idiot a", article=article)
    held("idiot b", article=article)
    waiting = post(make_article(comments_mode="premoderated"), make_reader(), "Looking forward.")
    assert waiting.status == "held"
    reported = post(article, make_reader(), "A perfectly civil remark.")
    comment_actions.report_comment(reported, make_reader(), "abuse")
    client.force_login(mod)

    counts = _workspace_counts(client)
    assert counts == {"held": 2, "reported": 1, "premoderated": 1, "sample": 1}
    assert _scrape(client)["masthead_moderation_queue_depth"] == counts

    actions.approve(mod, first.pk)
    actions.take_down(mod, reported.pk, "abuse")  # settles its report and its sample draw
    after = _workspace_counts(client)
    assert after == {"held": 1, "reported": 0, "premoderated": 1, "sample": 0}
    assert _scrape(client)["masthead_moderation_queue_depth"] == after


def test_oldest_wait_in_each_queue_in_seconds(client, make_article, make_reader, post, held):
    now = timezone.now()
    old = held("idiot, an old one")
    held("idiot, a new one")
    Comment.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(minutes=30))
    reported = post(make_article(), make_reader(), "A civil remark, posted long ago.")
    Comment.objects.filter(pk=reported.pk).update(created_at=now - dt.timedelta(days=20))
    comment_actions.report_comment(reported, make_reader(), "abuse")
    CommentReport.objects.filter(comment=reported).update(created_at=now - dt.timedelta(hours=2))

    oldest = _scrape(client)["masthead_moderation_queue_oldest_seconds"]
    assert 1800 <= oldest["held"] < 1800 + 60
    # A report waits from when it was made, not from when its comment was posted.
    assert 7200 <= oldest["reported"] < 7200 + 60
    assert oldest["premoderated"] == 0  # empty


def test_a_database_error_gives_minus_one_and_keeps_the_other_metrics(client, held, monkeypatch):
    held()

    def down(filters: queries.Filters) -> dict[str, int]:
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(queries, "counts", down)
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    body = response.content.decode()
    assert "masthead_http_requests_total" in body
    found = _scrape(client)
    assert set(found["masthead_moderation_queue_depth"].values()) == {-1}
    assert set(found["masthead_moderation_queue_oldest_seconds"].values()) == {-1}


def test_queue_gauges_also_under_gunicorn_workers_metrics_folder(
    client, held, monkeypatch, tmp_path
):
    # masthead serve sets the folder; /metrics then reads the processes' files and must still
    # add the queues, read once by the answering process (never summed over processes).
    held()
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    assert _scrape(client)["masthead_moderation_queue_depth"]["held"] == 1
