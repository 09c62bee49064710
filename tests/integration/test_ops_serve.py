"""`masthead serve` on an address it cannot listen on stops in one line, exit 1, and leaves the
running server's metrics alone (operator QA, 2026-11-30). Before, a second `serve` on a port in
use emptied var/prometheus (the running server's /metrics lost its counts), then gunicorn
retried for five seconds, gave up, and the command exited 0."""

from __future__ import annotations

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
