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
