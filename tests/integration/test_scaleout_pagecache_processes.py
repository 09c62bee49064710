"""One machine, several gunicorn processes, no Redis: a new comment is on every process's
cached page at once (the page cache is shared through files, not per process)."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.integration.test_scaleout_web_faults import CSRF, SETUP
from tests.scaleout_support import (
    PYTHON,
    REPO,
    free_port,
    migrate,
    process_env,
    request,
    start_gunicorn,
    stop,
)

pytestmark = [pytest.mark.slow, pytest.mark.processes]


def test_a_new_comment_shows_at_once_whichever_process_serves_the_cached_page(tmp_path):
    env = process_env(
        tmp_path / "var",
        f"sqlite:///{tmp_path / 'masthead.sqlite3'}",
        tasks_backend="immediate",
        MASTHEAD_COMMENT_MODERATOR="tests.support.moderators.publish_all",
        MASTHEAD_NARRATION_ON_PUBLISH="false",
    )
    migrate(env)
    done = subprocess.run(
        [PYTHON, "-c", SETUP], env=env, cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    seeded = json.loads(done.stdout.strip().splitlines()[-1])
    port = free_port()
    server = start_gunicorn(env, port, tmp_path / "gunicorn.log", workers=3, threads=1)
    try:
        page = "/news/river-crossing/"
        first = [request(port, "GET", page) for _ in range(12)]
        assert {status for status, _, _ in first} == {200}
        assert any(h.get("X-Page-Cache") == "hit" for _, h, _ in first)
        status, _, _ = request(
            port,
            "POST",
            f"/api/articles/{seeded['article']}/comments",
            json.dumps({"text": "Seen by every process."}).encode(),
            {
                "Content-Type": "application/json",
                "Cookie": f"sessionid={seeded['sessions'][0]}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
            },
        )
        assert status == 201
        after = [request(port, "GET", page) for _ in range(12)]
    finally:
        stop(server)
    assert all(b"Seen by every process." in body for _, _, body in after)
    assert any(h.get("X-Page-Cache") == "hit" for _, h, _ in after)
