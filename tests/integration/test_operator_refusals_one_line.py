"""`masthead serve` on an address it cannot listen on, and `masthead narrate` on a full disk, run
as an operator runs them: one line on stderr in the commands' own style (`serve: error: ...`,
`narrate: error: ...`), exit 1, no traceback (operator QA, 2026-11-30). Before, serve printed
Django's "CommandError: cannot listen on ...", which said neither what to do nor which command
spoke, and a host no DNS name can be ('a..b', a label over 63 characters) stopped it with a
UnicodeError traceback; narrate printed two lines, the run's log warning and "CommandError:
narration failed: ...".
"""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

import pytest

from tests.support.environment import run_masthead

# It names its own databases and Redis URLs: the PostgreSQL pass need not run it again.
pytestmark = pytest.mark.own_database

IN_USE = "another process is listening there: stop it, or choose another --port (MASTHEAD_PORT)"
HOST_HINT = "give --host (MASTHEAD_HOST) an address of this machine, such as 127.0.0.1 or 0.0.0.0"

# Installed in the command's process as sitecustomize: writing the audio fails as on a full disk
# (the file opens, its write raises ENOSPC), as in test_narration_disk_full; each refused write
# adds a line to REFUSED_FILE so the test can count them.
FULL_DISK = """
import errno, os

_real_fdopen = os.fdopen


class _Full:
    def __init__(self, fd, *args, **kwargs):
        self.handle = _real_fdopen(fd, "wb")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()

    def write(self, data):
        with open(os.environ["REFUSED_FILE"], "a") as refused:
            refused.write("refused\\n")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _fdopen(fd, mode="r", *args, **kwargs):
    if "w" in mode:
        return _Full(fd)
    return _real_fdopen(fd, mode, *args, **kwargs)


os.fdopen = _fdopen
"""

NEW_ARTICLE = """
from django.utils import timezone
from masthead.articles import actions
from masthead.articles.models import Article, Section

section = Section.objects.get_or_create(slug="world", defaults={"name": "World"})[0]
actions.save_article(Article(
    headline="Council approves new river crossing", slug="bridge-vote",
    standfirst="The bridge will link the two halves of the town.", source="Reuters",
    section=section, status=Article.Status.PUBLISHED,
    published_at=timezone.now() - timezone.timedelta(hours=1),
    body="The council voted 9 to 4 for the bridge.\\n\\nIt will cost 40 million pounds.",
))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, str]:
    """A migrated SQLite database with one published article, narrated by the fake engine."""
    folder = tmp_path_factory.mktemp("site")
    env = {
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MASTHEAD_NARRATION_ENGINE": "fake",
        "MASTHEAD_NARRATION_VOICE": "fake",
        "MASTHEAD_NARRATION_ON_PUBLISH": "false",
    }
    for args in (["migrate", "--noinput", "-v", "0"], ["shell", "-c", NEW_ARTICLE]):
        done = run_masthead(folder, env, *args)
        assert done.returncode == 0, done.stderr
    return env


def refused_in_one_line(result: subprocess.CompletedProcess[str], line: str) -> None:
    assert (result.returncode, result.stderr) == (1, f"{line}\n")
    assert "Traceback" not in result.stdout + result.stderr
    assert "CommandError" not in result.stderr


def test_serve_on_a_port_in_use_says_so_in_its_own_line_and_what_to_do(tmp_path, site):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_masthead(
            tmp_path, site, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker"
        )
    refused_in_one_line(
        result, f"serve: error: cannot listen on 127.0.0.1:{port}: Address already in use; {IN_USE}"
    )
    assert not (tmp_path / "var" / "prometheus").exists()  # refused before anything started


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("no-such-host.invalid", f"Name or service not known; {HOST_HINT}"),
        # the IDNA codec's UnicodeError was a traceback
        ("a..b", f"not a host name or an address; {HOST_HINT}"),
        ("x" * 64 + ".example", f"not a host name or an address; {HOST_HINT}"),
        ("", f"Name or service not known; {HOST_HINT}"),
    ],
    ids=["does-not-resolve", "empty-label", "label-too-long", "empty"],
)
def test_serve_on_a_host_it_cannot_listen_on_is_one_line_naming_the_host(
    tmp_path, site, host, reason
):
    result = run_masthead(tmp_path, site, "serve", "--host", host, "--port", "8999", "--no-worker")
    shown = host or "''"
    refused_in_one_line(result, f"serve: error: cannot listen on {shown}:8999: {reason}")


def test_serve_given_a_host_with_a_port_says_the_port_goes_in_port(tmp_path, site):
    result = run_masthead(
        tmp_path, site, "serve", "--host", "localhost:8000", "--port", "8999", "--no-worker"
    )
    refused_in_one_line(
        result,
        "serve: error: cannot listen on localhost:8000:8999: --host takes no port: "
        "give it with --port (MASTHEAD_PORT)",
    )


def test_narrate_on_a_full_disk_is_one_line_and_exit_1(tmp_path: Path, site):
    (tmp_path / "sitecustomize.py").write_text(FULL_DISK)
    refused = tmp_path / "refused.txt"
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    env = {**site, "PYTHONPATH": path, "REFUSED_FILE": str(refused)}
    result = run_masthead(tmp_path, env, "narrate", "bridge-vote")
    refused_in_one_line(
        result,
        "narrate: error: narration failed: could not write the audio files: "
        "No space left on device",
    )
    assert result.stdout == ""
    assert refused.read_text().count("refused") >= 1  # the disk was met, not some other error
