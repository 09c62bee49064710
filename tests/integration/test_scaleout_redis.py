"""Redis as the shared cache: rate limits hold exactly across threads and processes."""

from __future__ import annotations

import subprocess
import threading
import time

import pytest
import redis
from django.test import override_settings

from tests.scaleout_support import PYTHON, REPO, process_env
from tests.support.redis_dbs import processes_redis_url

pytestmark = [pytest.mark.redis, pytest.mark.processes]


@pytest.fixture
def redis_cache(redis_url):
    url = processes_redis_url(redis_url, __name__)
    redis.Redis.from_url(url).flushdb()
    caches = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "scaleout-test",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    with override_settings(CACHES=caches):
        yield url


def test_rate_limit_allows_exactly_the_limit_to_sixteen_concurrent_threads(redis_cache):
    from masthead.core.ratelimit import hit

    now = (int(time.time() // 3600) * 3600) + 1800.0  # the middle of a fixed one-hour window
    allowed: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(16)

    def reader() -> None:
        start.wait()
        for _ in range(25):
            decision = hit("comment:ip:203.0.113.7", "100/3600", now=now)
            with lock:
                allowed.append(decision.allowed)

    threads = [threading.Thread(target=reader) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(allowed) == 400
    assert sum(allowed) == 100


HITTER = """
import sys, time, django
django.setup()
from masthead.core.ratelimit import hit
now, at = float(sys.argv[1]), float(sys.argv[2])
while time.time() < at:
    time.sleep(0.005)
print(sum(hit("comment:user:42", "50/3600", now=now).allowed for _ in range(40)))
"""


def test_rate_limit_holds_across_four_processes_sharing_redis(redis_cache, tmp_path):
    env = process_env(tmp_path / "var", f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    env["REDIS_URL"] = redis_cache
    env["MASTHEAD_CACHE_PREFIX"] = "scaleout-processes"
    now = (int(time.time() // 3600) * 3600) + 1800.0
    at = time.time() + 4  # every process starts hitting at the same moment
    processes = [
        subprocess.Popen(
            [PYTHON, "-c", HITTER, str(now), str(at)],
            env=env,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [process.communicate(timeout=60) for process in processes]
    for process, (_, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr
    allowed = [int(stdout.strip()) for stdout, _ in outputs]
    assert sum(allowed) == 50, allowed


def test_a_value_cached_by_one_process_is_read_by_another_through_redis(redis_cache, tmp_path):
    env = process_env(tmp_path / "var", f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    env["REDIS_URL"] = redis_cache
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.core.cache import cache; cache.set('shared-key', 'from-another-process', 60); "
        "print(settings.SESSION_ENGINE)"
    )
    done = subprocess.run(
        [PYTHON, "-c", script], env=env, cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "django.contrib.sessions.backends.cached_db"
    same_server = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_cache,
            "KEY_PREFIX": "masthead",  # the default MASTHEAD_CACHE_PREFIX
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
    with override_settings(CACHES=same_server):
        from django.core.cache import cache

        assert cache.get("shared-key") == "from-another-process"
