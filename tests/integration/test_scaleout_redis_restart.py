"""A Redis without persistence restarted under running web processes (docs/operations.md,
section 3): the processes carry on without a restart, a logged-in reader stays logged in (the
sessions are in PostgreSQL), the comment limits start again and the page cache starts empty,
so new comments show at once (operator QA, 2026-11-30). The test runs a Redis of its own, on a
free port, so it restarts nobody else's."""

from __future__ import annotations

import json
import shutil
import subprocess
import time

import pytest
import redis

from tests.integration.test_scaleout_web_faults import CSRF, SETUP
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

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow, pytest.mark.processes]


def _redis_server(port: int, folder) -> subprocess.Popen[bytes]:  # type: ignore[no-untyped-def]
    server = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_connect_timeout=1)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if client.ping():
                return server
        except redis.ConnectionError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("the test's own redis-server did not start")


def test_web_processes_keep_sessions_and_serve_fresh_pages_across_a_redis_restart(
    postgres_admin_url, redis_url, tmp_path
):
    # redis_url: only so that a machine without Redis skips (CI: fails) as the other Redis
    # tests do; this test restarts a Redis of its own instead.
    if shutil.which("redis-server") is None:
        pytest.skip("no redis-server program to run a Redis of the test's own")
    redis_port = free_port()
    cache = _redis_server(redis_port, tmp_path)
    try:
        with postgres_database(postgres_admin_url, migrated=True) as database_url:
            env = process_env(
                tmp_path / "var",
                database_url,
                redis_url=f"redis://127.0.0.1:{redis_port}/0",
                tasks_backend="immediate",
                MASTHEAD_COMMENT_MODERATOR="tests.support.moderators.publish_all",
                MASTHEAD_COMMENT_RATE_PER_READER="2/3600",
                MASTHEAD_NARRATION_ON_PUBLISH="false",
            )
            done = subprocess.run(
                [PYTHON, "-c", SETUP], env=env, cwd=REPO, capture_output=True, text=True
            )
            assert done.returncode == 0, done.stderr
            seeded = json.loads(done.stdout.strip().splitlines()[-1])
            reader = {
                "Content-Type": "application/json",
                "Cookie": f"sessionid={seeded['sessions'][0]}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
            }
            port = free_port()
            web = start_gunicorn(env, port, tmp_path / "web.log", workers=2, threads=2)
            try:

                def post(text: str) -> int:
                    body = json.dumps({"text": text}).encode()
                    path = f"/api/articles/{seeded['article']}/comments"
                    return request(port, "POST", path, body, reader)[0]

                anonymous = {**reader, "Cookie": f"csrftoken={CSRF}"}
                path = f"/api/articles/{seeded['article']}/comments"
                visitor = request(port, "POST", path, b'{"text": "Hello."}', anonymous)[0]
                assert visitor in (401, 403)
                assert post("The first comment about the bridge.") == 201
                assert post("The second comment about the bridge.") == 201
                assert post("A third comment, over the limit.") == 429
                for _ in range(4):
                    status, headers, _ = request(port, "GET", "/news/river-crossing/")
                    assert status == 200
                assert headers["X-Page-Cache"] == "hit"

                cache.terminate()
                cache.wait(timeout=10)
                cache = _redis_server(redis_port, tmp_path)

                # Still logged in (a visitor without the session may not post at all), and
                # the limit's count went with Redis: the reader may post again.
                assert post("A comment after the restart.") == 201
                pages = [request(port, "GET", "/news/river-crossing/") for _ in range(4)]
            finally:
                stop(web)
    finally:
        cache.terminate()
        cache.wait(timeout=10)
    assert all(status == 200 for status, _, _ in pages)
    assert all(b"A comment after the restart." in page for _, _, page in pages)
