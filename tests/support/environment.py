"""Run masthead with a given environment, in a fresh process: how the settings tests see what a
value does at start (settings are read once, at import)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_masthead(
    tmp_path: Path, env: dict[str, str], *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`masthead ARGS` (default `check`) with `env` on top of this one and its own var/ folder."""
    inherited = dict(os.environ)
    # The test process's own settings, not the command's: the browser tests' conftest sets
    # DJANGO_ALLOW_ASYNC_UNSAFE for the whole run, which `check --deploy` reports as async.E001.
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        inherited.pop(name, None)
    full = {**inherited, "MASTHEAD_VAR_DIR": str(tmp_path / "var"), **env}
    return subprocess.run(
        [sys.executable, "-m", "masthead.cli", *(args or ("check",))],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def settings_value(expression: str, env: dict[str, str], repr_: bool = True) -> str:
    """What `expression` (over `s`, the settings module) is with `env` on top of this one."""
    shown = f"repr({expression})" if repr_ else expression
    code = f"import masthead.settings as s; print({shown})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def refused(result: subprocess.CompletedProcess[str], line: str) -> None:
    """The start stopped with exactly one line `masthead: error: LINE`, exit 1, no traceback."""
    assert result.returncode == 1
    assert result.stderr == f"masthead: error: {line}\n"
    assert "Traceback" not in result.stdout + result.stderr
