"""`masthead serve`: the web server and the background worker, together, for one machine.

Runs gunicorn on HOST:PORT and, unless --no-worker, the task worker beside it (`task_worker`:
django-tasks' database worker that also requeues tasks of dead workers),
so publishing an article starts its narration without any other process to remember.
Stopping this command (Ctrl-C or SIGTERM) stops both.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from masthead.core.commands import DatabaseCheckedCommand


class Command(DatabaseCheckedCommand):
    help = "Serve the site with gunicorn and run the background worker beside it."
    # A database never migrated: one line and exit 1, not a site answering 500 to every page.
    error_prefix = "serve: error: "
    requires_migrated = True  # a database migrated part of the way: one line, not tracebacks
    # Its refusals (an address in use, a bad --port) read "serve: error: ...", not
    # "CommandError: ...", like the database refusals above (operator QA, 2026-11-30).
    one_line_command_errors = True

    def add_arguments(self, parser: Any) -> None:
        # The defaults come from MASTHEAD_HOST, MASTHEAD_PORT, MASTHEAD_WEB_WORKERS and
        # MASTHEAD_WEB_THREADS, read and checked in masthead/settings.py: a bad one stops
        # `masthead` before this runs, in one line (it stopped `serve --help` with a traceback).
        parser.add_argument("--host", default=settings.SERVE_HOST)
        parser.add_argument("--port", type=int, default=settings.SERVE_PORT)
        parser.add_argument("--workers", type=int, default=settings.SERVE_WORKERS)
        parser.add_argument("--threads", type=int, default=settings.SERVE_THREADS)
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the task worker."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["port"] < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {options['port']}")
        for name in ("workers", "threads"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1, not {options[name]}")
        # Before anything else: a second `serve` on an address in use emptied the running one's
        # metrics folder, then gunicorn gave up and the command still exited 0.
        problem = address_problem(options["host"], options["port"])
        if problem:
            raise CommandError(problem)
        # Several gunicorn workers: Prometheus counters are summed across processes from files.
        # One folder per port (operator QA, 2026-11-30): a second `serve` from the same var/ on
        # another port emptied var/prometheus, and the first one's /metrics lost its counts.
        metrics_dir = settings.VAR_DIR / "prometheus" / str(options["port"])
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(metrics_dir))
        worker_command: list[str] | None = None
        if not options["no_worker"] and settings.TASKS_BACKEND == "database":
            worker_command = ["task_worker", "--interval", "0.5"]
        elif not options["no_worker"] and settings.TASKS_BACKEND == "rq":
            worker_command = ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]
        worker_argv = [sys.executable, "-m", "masthead.cli", *(worker_command or [])]
        children: list[subprocess.Popen[bytes]] = []
        if worker_command:
            children.append(subprocess.Popen(worker_argv))
        bind = bind_address(options["host"], options["port"])
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "masthead.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(options["workers"]),
                "--threads",
                str(options["threads"]),
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "10",
            ]
        )
        children.append(web)
        self.stdout.write(
            self.style.SUCCESS(f"Masthead is running at http://{bind}/  (Ctrl-C stops it)")
        )

        def stop(*_: object) -> None:
            for child in children:
                if child.poll() is None:
                    child.terminate()

        stopping: list[bool] = []

        def stop_on_signal(*_: object) -> None:
            stopping.append(True)
            stop()

        signal.signal(signal.SIGTERM, stop_on_signal)
        try:
            if worker_command:
                self.keep_worker_running(children, web, worker_argv, stopping)
            web.wait()
        except KeyboardInterrupt:
            stopping.append(True)
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
        if not stopping and web.returncode:
            # gunicorn stopped on its own (it could not bind, or its workers could not boot):
            # say so in the exit status, for systemd and scripts.
            raise CommandError(f"the web server (gunicorn) stopped with status {web.returncode}")

    def keep_worker_running(
        self,
        children: list[subprocess.Popen[bytes]],
        web: subprocess.Popen[bytes],
        worker_argv: list[str],
        stopping: list[bool],
    ) -> None:
        """Until the web server stops: start the worker again each time it stops on its own.

        Operator QA, 2026-11-30: an RQ worker started while Redis was down exited at once
        ("Error 111 connecting ...") and `serve` went on serving pages with no worker at all,
        for good (systemd saw the service up), so narrations and e-mails queued once Redis was
        back were never run. The web server keeps serving meanwhile (decision 0011); the pause
        before each new start doubles up to RESTART_MAX_SECONDS, and goes back to the first
        after a worker that ran for RESTART_MAX_SECONDS."""
        pause = RESTART_FIRST_SECONDS
        started = time.monotonic()
        while web.poll() is None and not stopping:
            worker = children[0]
            if worker.poll() is None:
                time.sleep(POLL_SECONDS)
                continue
            if time.monotonic() - started >= RESTART_MAX_SECONDS:
                pause = RESTART_FIRST_SECONDS
            self.stderr.write(
                f"serve: the task worker stopped with status {worker.returncode}; "
                f"starting it again in {pause:g} s"
            )
            waited = 0.0
            while waited < pause and web.poll() is None and not stopping:
                time.sleep(POLL_SECONDS)
                waited += POLL_SECONDS
            if web.poll() is not None or stopping:
                return
            children[0] = subprocess.Popen(worker_argv)
            started = time.monotonic()
            pause = min(pause * 2, RESTART_MAX_SECONDS)


# A task worker that stops on its own is started again after these pauses (doubling).
RESTART_FIRST_SECONDS = 5.0
RESTART_MAX_SECONDS = 60.0
POLL_SECONDS = 0.5


def bind_address(host: str, port: int) -> str:
    """HOST:PORT as gunicorn's --bind reads it: an IPv6 address in brackets ('[::1]:8000';
    '::1:8000' stopped gunicorn with "'' is not a valid port number")."""
    if ":" in host and not host.startswith("["):
        return f"[{host}]:{port}"
    return f"{host}:{port}"


# What to do about an address gunicorn cannot listen on, by the bind's errno.
HOST_HINT = "give --host (MASTHEAD_HOST) an address of this machine, such as 127.0.0.1 or 0.0.0.0"
BIND_HINTS = {
    errno.EADDRINUSE: "another process is listening there: stop it, or choose another --port "
    "(MASTHEAD_PORT)",
    errno.EACCES: "this user may not listen on that port: choose --port 1024 or higher "
    "(MASTHEAD_PORT)",
    errno.EADDRNOTAVAIL: HOST_HINT,
    errno.EINVAL: HOST_HINT,
}


def shown_address(host: str, port: int) -> str:
    """HOST:PORT for a message: an IPv6 address in brackets; a host that is empty or has spaces
    or control characters in quotes, so that the line shows what was given."""
    if not host or not host.isprintable() or any(c.isspace() for c in host):
        return f"{host!r}:{port}"
    if is_ip_address(host.strip("[]")):
        return bind_address(host, port)
    return f"{host}:{port}"


def address_problem(host: str, port: int) -> str | None:
    """Why gunicorn could not listen on HOST:PORT (in use, a name that does not resolve, an
    address this machine does not have, not a host name at all), in one line that says what to
    do; None when it can."""
    where = f"cannot listen on {shown_address(host, port)}"
    name = host.strip("[]")
    if ":" in host and host.rpartition(":")[2].isdigit() and not is_ip_address(name):
        return f"{where}: --host takes no port: give it with --port (MASTHEAD_PORT)"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        return f"{where}: {exc.strerror}; {HOST_HINT}"
    except UnicodeError:  # the IDNA codec: an empty label ('a..b') or one over 63 characters
        return f"{where}: not a host name or an address; {HOST_HINT}"
    with socket.socket(family, kind, proto) as probe:
        # As gunicorn binds: SO_REUSEADDR lets a port in TIME_WAIT be taken, not one in use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            hint = BIND_HINTS.get(exc.errno or 0, "check --host and --port")
            return f"{where}: {exc.strerror or exc}; {hint}"
    return None


def is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
