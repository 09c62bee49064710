"""Redis unreachable under running web processes (docs/operations.md, section 3; decision 0011):
articles, comments and sessions live in PostgreSQL, so pages, feeds, logging in and posting a
comment keep working, rate limits are counted in each process instead of dropped, and /healthz
answers 200 "degraded" (a load balancer keeps the machine) where before every request answered
500 and /healthz 503 (operator QA, 2026-11-30). REDIS_URL points at a closed port, so the test
needs no Redis of its own and disturbs nobody's."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.parse

import pytest

from tests.integration.test_scaleout_web_faults import CSRF, SETUP
from tests.scaleout_support import (
    PYTHON,
    REPO,
    free_port,
    postgres_database,
    process_env,
    request,
    start,
    stop,
)

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.processes]

# Nothing listens on port 1: every connection to it is refused at once.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"

PASSWORD_USER = """
import django
django.setup()
from django.contrib.auth.models import User
from masthead.comments.models import ReaderProfile
user = User.objects.create_user("walker", "walker@example.org", "a long pass phrase 42")
ReaderProfile.objects.create(user=user, display_name="Walker")
"""


def _serve(env: dict[str, str], port: int, log) -> subprocess.Popen[bytes]:  # type: ignore[no-untyped-def]
    # Not start_gunicorn: it waits for /healthz below 500, which is part of what is tested.
    process = start(
        [PYTHON, "-m", "gunicorn", "masthead.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "2", "--threads", "2", "--graceful-timeout", "2"],
        env,
        log,
        module=False,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            request(port, "GET", "/robots.txt", timeout=2)
            return process
        except OSError:
            time.sleep(0.1)
    stop(process)
    raise AssertionError(f"gunicorn did not answer:\n{log.read_text()[-3000:]}")


def test_pages_feeds_login_and_posting_work_while_redis_is_unreachable(
    postgres_admin_url, tmp_path
):
    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        settings = dict(
            MASTHEAD_COMMENT_MODERATOR="tests.support.moderators.publish_all",
            MASTHEAD_COMMENT_RATE_PER_READER="3/3600",
            MASTHEAD_NARRATION_ON_PUBLISH="false",
        )
        # The articles, readers and sessions are made with no Redis at all: they live in
        # PostgreSQL, where the web processes below find them.
        seed_env = process_env(tmp_path / "var", database_url, **settings)
        for script in (SETUP, PASSWORD_USER):
            done = subprocess.run(
                [PYTHON, "-c", script], env=seed_env, cwd=REPO, capture_output=True, text=True
            )
            assert done.returncode == 0, done.stderr
            if script is SETUP:
                seeded = json.loads(done.stdout.strip().splitlines()[-1])
        env = process_env(
            tmp_path / "var",
            database_url,
            redis_url=UNREACHABLE_REDIS,
            tasks_backend="rq",
            **settings,
        )
        port = free_port()
        log = tmp_path / "web.log"
        web = _serve(env, port, log)
        try:
            health_status, _, health_body = request(port, "GET", "/healthz")
            pages = [request(port, "GET", "/news/river-crossing/")[0] for _ in range(3)]
            home = request(port, "GET", "/")[0]
            feeds = [request(port, "GET", path)[0] for path in ("/feeds/rss/", "/feeds/atom/")]
            login_page = request(port, "GET", "/accounts/login/")[0]
            form = urllib.parse.urlencode(
                {
                    "username": "walker",
                    "password": "a long pass phrase 42",
                    "csrfmiddlewaretoken": CSRF,
                }
            ).encode()
            login_status, login_headers, _ = request(
                port,
                "POST",
                "/accounts/login/",
                form,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={CSRF}",
                },
            )
            cookie = login_headers.get("Set-Cookie", "")
            session = cookie.split("sessionid=", 1)[-1].split(";", 1)[0] if cookie else ""

            def post(session_key: str, text: str) -> int:
                headers = {
                    "Content-Type": "application/json",
                    "Cookie": f"sessionid={session_key}; csrftoken={CSRF}",
                    "X-CSRFToken": CSRF,
                }
                body = json.dumps({"text": text}).encode()
                path = f"/api/articles/{seeded['article']}/comments"
                return request(port, "POST", path, body, headers)[0]

            walker_post = post(session, "Posted by a reader who logged in during the outage.")
            # A reader logged in before the outage: the session is read from PostgreSQL. With
            # 2 processes the limit of 3 is counted in each, so at most 6 of 8 get through,
            # and at least 3 (never all refused, never unlimited).
            burst = [post(seeded["sessions"][0], f"Burst comment number {n}.") for n in range(8)]
            after = request(port, "GET", "/news/river-crossing/")
        finally:
            stop(web)
    served = log.read_text()
    assert health_status == 200, health_body
    health = json.loads(health_body)
    assert health["status"] == "degraded"
    assert health["checks"]["database"]["ok"] is True
    assert health["checks"]["cache"]["ok"] is False
    assert pages == [200, 200, 200] and home == 200
    assert feeds == [200, 200]
    assert login_page == 200
    assert login_status == 302 and session, login_headers
    assert walker_post == 201
    assert 3 <= burst.count(201) <= 6 and burst.count(201) + burst.count(429) == 8, burst
    assert after[0] == 200 and b"Posted by a reader who logged in during the outage." in after[2]
    # One warning per process per outage, not one per request.
    assert served.count("Redis cannot be reached") <= 2, served[-3000:]
    assert "Traceback" not in served, served[-5000:]


EDITOR_SAVE = """
import json, django
django.setup()
from masthead.articles import actions
from masthead.articles.models import Article, Section
from masthead.narration.models import Narration
section = Section.objects.create(name="Local", slug="local")
article = actions.save_article(Article(
    headline="Ferry timetable changes", slug="ferry-timetable", section=section,
    status=Article.Status.PUBLISHED, body="The ferry leaves an hour earlier from Monday.",
))
narration = Narration.objects.filter(article=article).first()
print(json.dumps({"stored": Article.objects.filter(pk=article.pk).exists(),
                  "narration": narration and [narration.status, narration.reason]}))
"""


def test_an_editors_save_succeeds_while_the_task_queue_redis_is_unreachable(
    postgres_admin_url, tmp_path
):
    # The action the admin's save calls, with the narration queued on publish through RQ on
    # a Redis that refuses connections: the save is stored and nothing raises.
    with postgres_database(postgres_admin_url, migrated=True) as database_url:
        env = process_env(
            tmp_path / "var",
            database_url,
            redis_url=UNREACHABLE_REDIS,
            tasks_backend="rq",
            MASTHEAD_NARRATION_ON_PUBLISH="true",
        )
        done = subprocess.run(
            [PYTHON, "-c", EDITOR_SAVE], env=env, cwd=REPO, capture_output=True, text=True
        )
    assert done.returncode == 0, done.stderr[-3000:]
    saved = json.loads(done.stdout.strip().splitlines()[-1])
    assert saved["stored"] is True
    # Left for the editors to see (and, once narration leaves it queued, for task recovery).
    assert saved["narration"] is not None, saved
