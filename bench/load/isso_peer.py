"""Isso, the Python comment server, as the peer: installed from PyPI into its own venv.

The venv lives in var/bench/isso-venv (created on first use with `python -m venv` and pip);
Isso runs under gunicorn with the same process and thread counts as masthead, on a loopback
port, with a fresh SQLite database in a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

from bench.load.procs import Server, start_server

ISSO_VERSION = "0.14.0"
RequestFactory = Callable[[int], tuple[str, str, bytes | None, dict[str, str]]]

SEED_SCRIPT = """
import sys, time
from isso import config
from isso.db import SQLite3
conf = config.load(config.default_file(), sys.argv[1])
db = SQLite3(conf.get("general", "dbpath"), conf)
uri, count = sys.argv[2], int(sys.argv[3])
db.threads.new(uri, "A thread of %d comments" % count)
start = time.time() - count
for i in range(count):
    db.comments.add(uri, {
        "text": "Reader comment number %d on the river crossing: the cost is too high." % i,
        "author": "Reader %d" % (i % 50), "email": None, "website": None, "parent": None,
        "mode": 1, "remote_addr": "127.0.0.1", "created": start + i,
    })
print(count)
"""


def ensure_venv(var_dir: Path) -> Path:
    venv = var_dir / "isso-venv"
    python = venv / "bin" / "python"
    probe = [
        str(python),
        "-c",
        "import isso, gunicorn; print(isso.__version__ if hasattr(isso, '__version__') else '')",
    ]
    if python.exists() and subprocess.run(probe, capture_output=True, check=False).returncode == 0:
        return python
    print(f"installing isso=={ISSO_VERSION} from PyPI into {venv} (once)", file=sys.stderr)
    clean_env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"isso=={ISSO_VERSION}", "gunicorn"],
        check=True,
        env=clean_env,
        cwd=var_dir,
    )
    return python


def write_config(folder: Path, port: int) -> Path:
    config = folder / "isso.cfg"
    config.write_text(
        textwrap.dedent(
            f"""
            [general]
            dbpath = {folder / "comments.db"}
            host = http://127.0.0.1:{port}/
            notify = stdout
            gravatar = false
            [moderation]
            enabled = false
            [guard]
            # Off, like masthead's rate limits in this benchmark: one client posts everything.
            enabled = false
            [server]
            listen = http://127.0.0.1:{port}/
            """
        )
    )
    return config


def seed(python: Path, config: Path, uri: str, count: int) -> None:
    subprocess.run(
        [str(python), "-c", SEED_SCRIPT, str(config), uri, str(count)],
        check=True,
        capture_output=True,
    )


def start(python: Path, folder: Path, port: int, workers: int, threads: int) -> Server:
    config = write_config(folder, port)
    for uri, count in (("/news/thread-1000/", 1000), ("/news/posting/", 1)):
        seed(python, config, uri, count)
    env = {"ISSO_SETTINGS": str(config), "PATH": str(python.parent)}
    command = [
        str(python),
        "-m",
        "gunicorn",
        "isso.run",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--preload",
    ]
    return start_server("isso", command, env, port, folder / "isso.log", health_path="/config")


def post_body(index: int) -> bytes:
    return json.dumps(
        {
            "text": f"Benchmark comment {index}: the bridge is worth the money, I think.",
            "author": f"Bench reader {index % 50}",
            "title": "Posting thread",
        }
    ).encode()
