"""Helpers for tests that run masthead as real processes (web servers, workers) on real services.

Each such test gets its own freshly migrated database (PostgreSQL or a SQLite file) that lives
outside pytest-django's transactions, because other processes must see what is committed.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def redis_db(url: str, index: int) -> str:
    """The same Redis server, another database index (so tests do not flush each other)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{index}", parts.query, parts.fragment))


def process_env(
    var_dir: Path,
    database_url: str,
    *,
    redis_url: str = "",
    tasks_backend: str = "database",
    **extra: str,
) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MASTHEAD_", "PROMETHEUS_", "DJANGO_"))
        and key not in {"DATABASE_URL", "REDIS_URL"}
    }
    var_dir.mkdir(parents=True, exist_ok=True)
    env.update(
        DATABASE_URL=database_url,
        MASTHEAD_TASKS_BACKEND=tasks_backend,
        MASTHEAD_VAR_DIR=str(var_dir),
        MASTHEAD_SECRET_KEY="scale-out-tests-only-" + "k" * 40,
        MASTHEAD_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="masthead.settings",
        PYTHONPATH=str(REPO),
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra)
    return env


def masthead(
    args: list[str], env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "masthead.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def migrate(env: dict[str, str]) -> None:
    done = masthead(["migrate", "--noinput", "-v", "0"], env, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]


_template: dict[str, str] = {}


def _database_url(admin_url: str, name: str) -> str:
    parts = urlsplit(admin_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", "", ""))


def _migrated_template(admin_url: str, var_dir: Path) -> str:
    """A migrated database made once per test run; each test copies it (CREATE ... TEMPLATE),
    which takes a fraction of a second where migrating takes many."""
    import atexit

    import psycopg

    if admin_url in _template:
        return _template[admin_url]
    name = f"masthead_scaleout_tpl_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    migrate(process_env(var_dir, _database_url(admin_url, name)))
    _template[admin_url] = name
    return name


@contextlib.contextmanager
def postgres_database(admin_url: str, migrated: bool = False) -> Iterator[str]:
    """A new PostgreSQL database for one test (empty, or with every migration applied);
    dropped, connections and all, after."""
    import tempfile

    import psycopg

    name = f"masthead_scaleout_{uuid.uuid4().hex[:12]}"
    template = ""
    if migrated:
        var_dir = Path(tempfile.gettempdir()) / f"masthead-scaleout-{os.getpid()}"
        template = f' TEMPLATE "{_migrated_template(admin_url, var_dir)}"'
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"{template}')
    try:
        yield _database_url(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def terminate_backends(admin_url: str, database_url: str) -> int:
    """Cut every server connection to the database (as a PostgreSQL restart or failover does)."""
    import psycopg

    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    return len(rows)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(
    args: list[str], env: dict[str, str], log: Path, module: bool = True
) -> subprocess.Popen[bytes]:
    """Start a long-running process in its own process group, output to a log file."""
    handle = log.open("ab")
    command = [PYTHON, "-m", "masthead.cli", *args] if module else args
    return subprocess.Popen(
        command, env=env, cwd=REPO, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, wait: float = 10) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=wait)


def start_gunicorn(
    env: dict[str, str], port: int, log: Path, workers: int = 2, threads: int = 4
) -> subprocess.Popen[bytes]:
    process = start(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "masthead.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--graceful-timeout",
            "2",
        ],
        env,
        log,
        module=False,
    )
    wait_for_http(port, "/healthz", process, log)
    return process


def wait_for_http(
    port: int, path: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            status, _, _ = request(port, "GET", path, timeout=2)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"server did not answer on :{port}{path}:\n{log.read_text()[-3000:]}")


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 10,
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def last_json_line(text: str) -> dict[str, object]:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            loaded: dict[str, object] = json.loads(line)
            return loaded
    raise AssertionError(f"no JSON line in output:\n{text[-3000:]}")


def children(pid: int) -> list[int]:
    listed = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in listed]


def crash_rq_worker(worker: subprocess.Popen[bytes], connection: Any, task_id: str) -> list[int]:
    """Kill an RQ worker and its work horse mid-task, as a machine lost or a kill of the whole
    service would: neither may do anything more. RQ forks the horse into a process group of its
    own, so killing the worker's group alone leaves the horse running: it would finish the task
    itself, before or after recovery looked (test_scaleout_workers' kill test was flaky on a
    loaded machine for that). The horse is frozen first (so it cannot finish meanwhile), then both are killed, the worker
    first (so it cannot record the horse's death as a failure of its own)."""
    horses = children(worker.pid)
    assert horses, "no work horse"
    for pid in horses:
        os.killpg(os.getpgid(pid), signal.SIGSTOP)
    assert connection.hget(f"rq:job:{task_id}", "status") == b"started", "finished before the kill"
    stop(worker, signal.SIGKILL)
    for pid in horses:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)  # the horse leads its own group
    for pid in horses:
        deadline = time.monotonic() + 10
        while running(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not running(pid), f"work horse {pid} survived"
    return horses


def running(pid: int) -> bool:
    """Alive, not a zombie (a killed horse whose parent is gone may wait a while to be reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in {"Z", "X"}


def wait_for_job_status(
    connection: Any, task_id: str, wanted: set[bytes], timeout: float
) -> bytes | None:
    """RQ's own record of the task (its id is the job's id), read straight from Redis."""
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = connection.hget(f"rq:job:{task_id}", "status")
        if state in wanted:
            break
        time.sleep(0.05)
    return state  # type: ignore[return-value]


def rq_runs(connection: Any, task_id: str) -> list[tuple[str, object]]:
    """Every run RQ recorded for the task: its outcome and the pid it ran in (newest first)."""
    from rq.job import Job

    job = Job.fetch(task_id, connection=connection)
    return [(r.type.name, (r.return_value or {}).get("pid")) for r in job.results()]
