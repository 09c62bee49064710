"""Several machines: two web servers (two gunicorn processes each) on PostgreSQL and Redis keep
the feeds cached, and an article saved elsewhere (here a third process, as an editor's save on
another machine) is in every server's feed at the next request (operator QA, 2026-11-30)."""

from __future__ import annotations

import json
import subprocess

import pytest
import redis

from tests.integration.test_scaleout_web_faults import SETUP
from tests.scaleout_support import (
    PYTHON,
    REPO,
    free_port,
    postgres_database,
    process_env,
    request,
    start_gunicorn,
    stop,
)
from tests.support.redis_dbs import processes_redis_url

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow, pytest.mark.processes]

EDIT = """
import django
django.setup()
from masthead.articles import actions
from masthead.articles.models import Article, Section
article = Article.objects.get(slug="river-crossing")
article.headline = "Council approves the river crossing, 9 votes to 4"
actions.save_article(article)
actions.save_article(Article(
    headline="Ferry service ends in March", slug="ferry-ends", body="The last ferry sails in March.",
    section=Section.objects.get(slug="world"), status=Article.Status.PUBLISHED,
))
"""

FEEDS = ["/feeds/rss/", "/feeds/atom/", "/feeds/section/world/rss/"]


def _run(code: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [PYTHON, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_an_article_saved_on_another_machine_is_in_every_servers_cached_feed_at_once(
    postgres_admin_url, redis_url, tmp_path
):
    cache_url = processes_redis_url(redis_url, __name__)
    redis.Redis.from_url(cache_url).flushdb()
    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        env = process_env(
            tmp_path / "var",
            database_url,
            redis_url=cache_url,
            tasks_backend="immediate",
            MASTHEAD_NARRATION_ON_PUBLISH="false",
        )
        json.loads(_run(SETUP, env).strip().splitlines()[-1])
        ports = [free_port(), free_port()]
        servers = [
            start_gunicorn(env, port, tmp_path / f"web{i}.log", workers=2, threads=2)
            for i, port in enumerate(ports)
        ]
        try:
            before = [
                (port, path, request(port, "GET", path)) for port in ports for path in FEEDS * 4
            ]
            assert all(status == 200 for _, _, (status, _, _) in before)
            for port in ports:
                hits = [h.get("X-Page-Cache") for p, _, (_, h, _) in before if p == port]
                assert "hit" in hits, f"server {port} never served a feed from the cache"
            assert not any(b"9 votes to 4" in body for _, _, (_, _, body) in before)
            _run(EDIT, env)
            after = [
                (port, path, request(port, "GET", path)) for port in ports for path in FEEDS * 4
            ]
        finally:
            for server in servers:
                stop(server)
    for port, path, (status, _headers, body) in after:
        assert status == 200
        assert b"Council approves the river crossing, 9 votes to 4" in body, (port, path)
        assert b"Ferry service ends in March" in body, (port, path)
    assert any(headers.get("X-Page-Cache") == "hit" for _, _, (_, headers, _) in after)
