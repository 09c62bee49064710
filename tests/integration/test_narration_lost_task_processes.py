"""Processes: an RQ worker that starts after a Redis without persistence was restarted queues
again the narration whose job the restart lost, and makes its audio: no Regenerate, no save,
no `recover_tasks` (PostgreSQL, a redis-server of the test's own on a free port)."""

from __future__ import annotations

import json
import shutil
import subprocess
import time

import psycopg
import pytest
import redis

from tests.integration.test_narration_lost_task import _redis_server
from tests.scaleout_support import (
    PYTHON,
    REPO,
    free_port,
    postgres_database,
    process_env,
    start,
    stop,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow, pytest.mark.processes]

SETUP = """
import json, django
django.setup()
from masthead.articles import actions
from masthead.articles.models import Article, Section
section = Section.objects.create(name="World", slug="world")
article = actions.save_article(Article(
    headline="Ferry service ends after ninety years", slug="ferry-ends",
    standfirst="The last crossing ran on Sunday.", section=section,
    status=Article.Status.PUBLISHED, body="The last crossing ran on Sunday, on time.",
))
print(json.dumps({"article": article.pk}))
"""


def test_an_rq_worker_started_after_a_redis_restart_makes_the_narration_whose_job_was_lost(
    postgres_admin_url, tmp_path
):
    if shutil.which("redis-server") is None:
        pytest.skip("no redis-server program to run a Redis of the test's own")
    port = free_port()
    server = _redis_server(port, tmp_path)
    try:
        with postgres_database(postgres_admin_url, migrated=True) as database_url:
            env = process_env(
                tmp_path / "var",
                database_url,
                redis_url=f"redis://127.0.0.1:{port}/0",
                tasks_backend="rq",
                MASTHEAD_NARRATION_ENGINE="fake",
                MASTHEAD_NARRATION_VOICE="fake",
                MASTHEAD_MEDIA_ROOT=str(tmp_path / "media"),
                MASTHEAD_NARRATION_CACHE_DIR=str(tmp_path / "narration-cache"),
            )
            done = subprocess.run(
                [PYTHON, "-c", SETUP], env=env, cwd=REPO, capture_output=True, text=True, timeout=90
            )
            assert done.returncode == 0, done.stderr
            article = int(json.loads(done.stdout.strip().splitlines()[-1])["article"])
            client = redis.Redis(port=port)
            assert client.llen("rq:queue:default") >= 1  # the narration's job (and others), queued
            # Redis restarts with nothing on disk: the job is gone
            server.terminate()
            server.wait(10)
            server = _redis_server(port, tmp_path)
            assert redis.Redis(port=port).llen("rq:queue:default") == 0
            with psycopg.connect(database_url, autocommit=True) as db:
                # it has waited past the grace period (a just-requested one is left alone)
                db.execute(
                    "UPDATE narration_narration SET requested_at = now() - interval '3 minutes' "
                    "WHERE article_id = %s",
                    (article,),
                )
                worker = start(
                    ["rqworker", "--job-class", "django_tasks_rq.Job", "default"],
                    env,
                    tmp_path / "worker.log",
                )
                try:
                    deadline = time.monotonic() + 120
                    row = None
                    while time.monotonic() < deadline:
                        row = db.execute(
                            "SELECT status, lost_runs, audio FROM narration_narration "
                            "WHERE article_id = %s",
                            (article,),
                        ).fetchone()
                        if row and row[0] == "ready":
                            break
                        time.sleep(0.5)
                finally:
                    stop(worker)
    finally:
        server.kill()
        server.wait(10)
    log = (tmp_path / "worker.log").read_text()
    assert row is not None and row[0] == "ready" and row[2], (row, log[-3000:])
    assert row[1] == 0  # a finished run starts the lost-run count again
