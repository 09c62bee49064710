"""`masthead serve` on an address it cannot listen on stops in one line, exit 1, and leaves the
running server's metrics alone (operator QA, 2026-11-30). Before, a second `serve` on a port in
use emptied var/prometheus (the running server's /metrics lost its counts), then gunicorn
retried for five seconds, gave up, and the command exited 0."""

from __future__ import annotations

import os
import socket

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_serve_on_a_port_in_use_refuses_before_touching_the_metrics_folder(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    kept = tmp_path / "prometheus" / "counter_1234.db"
    kept.parent.mkdir()
    kept.write_text("the running server's counts")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(
            CommandError, match=f"cannot listen on 127.0.0.1:{port}: Address already in use"
        ):
            call_command("serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker")
    assert kept.read_text() == "the running server's counts"


def test_serve_on_a_host_name_that_does_not_resolve_is_one_line(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    with pytest.raises(CommandError, match="cannot listen on no-such-host.invalid:8999: "):
        call_command("serve", "--host", "no-such-host.invalid", "--port", "8999", "--no-worker")


@pytest.mark.parametrize(
    ("host", "bind"),
    [("::1", "[::1]:8000"), ("[::1]", "[::1]:8000"), ("0.0.0.0", "0.0.0.0:8000")],  # noqa: S104
)
def test_serve_gives_gunicorn_an_ipv6_address_in_brackets(host, bind):
    """`serve --host ::1` passed gunicorn '::1:8000', which it refuses ("'' is not a valid
    port number"), so the server never started."""
    from masthead.core.management.commands.serve import bind_address

    assert bind_address(host, 8000) == bind


def test_the_default_site_url_puts_an_ipv6_host_in_brackets():
    from tests.support.environment import settings_value

    env = {"MASTHEAD_HOST": "::1", "MASTHEAD_PORT": "8000", "MASTHEAD_SITE_URL": ""}
    assert settings_value("s.SITE_URL", env) == "'http://[::1]:8000'"


class FakeProcess:
    """Stands in for a child of `serve`: a worker that stops at once with status 1, or the web
    server, which runs until `web_stops()` says so."""

    def __init__(self, argv, web_stops):
        self.argv = argv
        self.is_web = "gunicorn" in argv
        self.web_stops = web_stops
        self.returncode = None if self.is_web else 1

    def poll(self):
        if self.is_web and self.returncode is None and self.web_stops():
            self.returncode = 0
        return self.returncode

    def wait(self, timeout=None):
        if self.returncode is None:
            self.returncode = 0
        return self.returncode

    def terminate(self):
        if self.returncode is None:
            self.returncode = -15

    kill = terminate


def test_serve_starts_the_task_worker_again_when_it_stops_on_its_own(
    settings, tmp_path, monkeypatch
):
    """An RQ worker started while Redis was down exited at once and `serve` went on serving
    pages with no worker, for good: nothing queued afterwards ran (operator QA, 2026-11-30).
    Now each worker that stops on its own is started again, after a pause that doubles, with
    one line on stderr each time; the web server is left running."""
    import io
    import signal
    import types

    from masthead.core.management.commands import serve

    settings.VAR_DIR = tmp_path
    settings.TASKS_BACKEND = "database"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))  # restored after
    started: list[FakeProcess] = []

    def popen(argv):
        process = FakeProcess(argv, web_stops=lambda: len(workers()) >= 3)
        started.append(process)
        return process

    def workers():
        return [p for p in started if not p.is_web]

    monkeypatch.setattr(serve.subprocess, "Popen", popen)
    no_waits = types.SimpleNamespace(sleep=lambda _: None, monotonic=lambda: 0.0)
    monkeypatch.setattr(serve, "time", no_waits, raising=False)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    errors = io.StringIO()
    before = signal.getsignal(signal.SIGTERM)
    try:
        call_command("serve", "--host", "127.0.0.1", "--port", str(port), stderr=errors)
    finally:
        signal.signal(signal.SIGTERM, before)
    assert len(workers()) == 3
    assert all(p.argv[-3:] == ["task_worker", "--interval", "0.5"] for p in workers())
    assert errors.getvalue().splitlines() == [
        "serve: the task worker stopped with status 1; starting it again in 5 s",
        "serve: the task worker stopped with status 1; starting it again in 10 s",
    ]


def test_a_second_serve_on_another_port_leaves_the_first_ones_metrics_alone(
    settings, tmp_path, monkeypatch
):
    """Two `serve` from one var/ on two ports (operator QA, 2026-11-30): the second's start
    emptied var/prometheus, so the first one's /metrics lost every count. Each port now has
    its own folder, var/prometheus/PORT, emptied only by a start on that port."""
    import signal

    from masthead.core.management.commands import serve

    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    monkeypatch.setattr(os, "environ", {**os.environ})  # what serve sets stays in this test
    first = tmp_path / "prometheus" / "8001" / "counter_1234.db"
    first.parent.mkdir(parents=True)
    first.write_text("the first server's counts")
    monkeypatch.setattr(
        serve.subprocess, "Popen", lambda argv: FakeProcess(argv, web_stops=lambda: True)
    )
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    before = signal.getsignal(signal.SIGTERM)
    try:
        call_command("serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker")
    finally:
        signal.signal(signal.SIGTERM, before)
    assert first.read_text() == "the first server's counts"
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(tmp_path / "prometheus" / str(port))
