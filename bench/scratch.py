"""Helpers the benchmarks that start masthead as processes share: a PostgreSQL database of
their own, made fresh and dropped after, and running a command with one readable error."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def admin_connection(admin_url: str) -> Any:
    """An autocommit connection to the server's maintenance database (`admin_url`)."""
    import psycopg

    return psycopg.connect(admin_url, autocommit=True, connect_timeout=3)


@contextlib.contextmanager
def scratch_database(admin: Any, admin_url: str, name: str) -> Iterator[str]:
    """Database `name`, dropped if it was left over, made empty, and dropped again after (the
    admin connection is closed then); yields its URL, on `admin_url`'s server."""
    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {name}")
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def run(command: list[str], env: dict[str, str]) -> str:
    """The command's output; a failure raises with the end of its stderr."""
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return done.stdout
