"""Several `masthead ARGS` command lines in one real process, each with its own stdout, stderr
and exit status: for tests of what a command says when refused, where a fresh interpreter for
each case (about two seconds of start-up apiece on the CI machine) proves nothing more.

The process is started like `run_masthead` (same environment, its own var/ folder) and runs
`masthead.cli.main` for each command line in turn. File descriptors 1 and 2 are pointed at a
file of each case's own while it runs, so whatever reaches them (the command's own writes,
logging handlers made at start-up, warnings) is that case's output, as it would be in a
process of its own. SystemExit gives the status, as `sys.exit(main())` would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support.environment import ROOT

DRIVER = r"""
import json, os, sys, tempfile
from masthead.cli import main

results = []
real_out, real_err = os.dup(1), os.dup(2)
for args in json.loads(sys.argv[1]):
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        sys.stdout.flush(); sys.stderr.flush()
        os.dup2(out.fileno(), 1); os.dup2(err.fileno(), 2)
        try:
            try:
                status = main(args)
            except SystemExit as exc:
                code = exc.code
                status = 0 if code is None else code if isinstance(code, int) else 1
                if not isinstance(code, (int, type(None))):
                    print(code, file=sys.stderr)
        finally:
            sys.stdout.flush(); sys.stderr.flush()
            os.dup2(real_out, 1); os.dup2(real_err, 2)
        out.seek(0); err.seek(0)
        results.append({"args": args, "returncode": status, "stdout": out.read(), "stderr": err.read()})
with os.fdopen(real_out, "w") as answer:  # written whole, however long
    answer.write(json.dumps(results))
"""


@dataclass(frozen=True)
class Result:
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


def run_many(
    tmp_path: Path, env: dict[str, str], command_lines: list[list[str]], timeout: float = 300
) -> dict[tuple[str, ...], Result]:
    """Each of `command_lines` (all different) run by `masthead.cli.main` in one process with
    `env`; the results by command line."""
    assert len({tuple(line) for line in command_lines}) == len(command_lines)
    return {r.args: r for r in run_in_turn(tmp_path, env, command_lines, timeout)}


def run_in_turn(
    tmp_path: Path, env: dict[str, str], command_lines: list[list[str]], timeout: float = 300
) -> list[Result]:
    """Each of `command_lines` run by `masthead.cli.main` in turn, in one process with `env`;
    their results in that order. A case that hangs (a refusal that no longer happens, so that
    `serve` starts serving) ends the whole run with TimeoutExpired."""
    # the environment is built as run_masthead builds it
    inherited = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        inherited.pop(name, None)
    full = {**inherited, "MASTHEAD_VAR_DIR": str(tmp_path / "var"), **env}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(command_lines)],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr
    results = [Result(tuple(r.pop("args")), **r) for r in json.loads(done.stdout)]
    assert [list(r.args) for r in results] == command_lines
    return results
