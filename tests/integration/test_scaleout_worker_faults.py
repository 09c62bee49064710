"""A worker killed mid-narration: the job is queued again and finished by another worker."""

from __future__ import annotations

import json
import signal
import sqlite3
import time

import pytest

from tests.scaleout_support import PYTHON, REPO, migrate, process_env, start, stop

pytestmark = [pytest.mark.slow, pytest.mark.processes]

SETUP = """
import json, django
django.setup()
from django.db import transaction
from masthead.articles import actions
from masthead.articles.models import Article, Section
section = Section.objects.create(name="World", slug="world")
with transaction.atomic():
    article = actions.save_article(Article(
        headline="Ferry service ends after ninety years", slug="ferry-ends",
        standfirst="The last crossing ran on Sunday.", section=section,
        status=Article.Status.PUBLISHED,
        body="\\n\\n".join(f"Paragraph {i} tells a little more of the ferry's story." for i in range(6)),
    ))
print(json.dumps({"article": article.pk}))
"""

# The fake voice, slowed to a second a paragraph, so the kill lands mid-narration.
SLOW_WORKER = """
import sys, time
from masthead.narration.engines import fake
original = fake.FakeEngine.synthesize
def slow(self, sentences):
    time.sleep(1.0)
    return original(self, sentences)
fake.FakeEngine.synthesize = slow
from masthead.cli import main
sys.exit(main(["task_worker", "--interval", "0.1"]))
"""


def narration_state(db_path, article_id):  # type: ignore[no-untyped-def]
    with sqlite3.connect(db_path, timeout=20) as db:
        narration = db.execute(
            "SELECT status, progress, attempts, audio FROM narration_narration WHERE article_id = ?",
            (article_id,),
        ).fetchone()
        tasks = db.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'masthead.narration.tasks.narrate_article'"
        ).fetchall()
    return narration, [row[0] for row in tasks]


def wait_for(predicate, timeout, what):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_worker_killed_mid_narration_leaves_the_job_retried_and_finished(tmp_path):
    import subprocess

    db_path = tmp_path / "masthead.sqlite3"
    env = process_env(
        tmp_path / "var",
        f"sqlite:///{db_path}",
        tasks_backend="database",
        MASTHEAD_NARRATION_ENGINE="fake",
        MASTHEAD_NARRATION_VOICE="fake",
        MASTHEAD_MEDIA_ROOT=str(tmp_path / "media"),
        MASTHEAD_NARRATION_CACHE_DIR=str(tmp_path / "narration-cache"),
    )
    migrate(env)
    done = subprocess.run(
        [PYTHON, "-c", SETUP], env=env, cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    article_id = json.loads(done.stdout.strip().splitlines()[-1])["article"]
    assert narration_state(db_path, article_id)[1] == ["READY"]

    first = start([PYTHON, "-c", SLOW_WORKER], env, tmp_path / "worker1.log", module=False)
    try:
        wait_for(
            lambda: (
                (state := narration_state(db_path, article_id)[0])
                and state[0] == "generating"
                and state[1] > 0
            ),
            30,
            "the narration to be part-way",
        )
        stop(first, signal.SIGKILL)
    finally:
        stop(first, signal.SIGKILL)
    narration, tasks = narration_state(db_path, article_id)
    assert narration[0] == "generating" and 0 < narration[1] < 100
    assert tasks == ["RUNNING"]  # what django-tasks leaves behind: nobody would run it again

    second = start(["task_worker", "--interval", "0.1"], env, tmp_path / "worker2.log")
    try:
        wait_for(
            lambda: narration_state(db_path, article_id)[0][0] == "ready",
            60,
            "the narration to finish after the restart",
        )
    finally:
        stop(second)
    narration, tasks = narration_state(db_path, article_id)
    status, progress, attempts, audio = narration
    assert status == "ready" and progress == 100
    assert attempts == 2
    assert tasks == ["SUCCESSFUL"]
    assert (tmp_path / "media" / audio).stat().st_size > 1000
    assert "queued again: its worker is gone" in (tmp_path / "worker2.log").read_text()
