"""Start the production server setup (gunicorn, 2 sync workers) for a benchmark."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_gunicorn(application: str, environment: dict[str, str], workers: int = 2):
    """``application`` under gunicorn (``workers`` sync workers) on a free loopback port, with
    ``environment`` over this process's; yields its address and the master's pid."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), **environment}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            application,
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{application} did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def running_server(database_url: str, workers: int = 2):
    """The CMS as it runs in production, on ``database_url``."""
    environment = {"DJANGO_SETTINGS_MODULE": "bench.settings", "DATABASE_URL": database_url}
    return running_gunicorn("cms.wsgi:application", environment, workers)


def worker_pids(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def peak_rss_mb(pid: int) -> float:
    """VmHWM: the peak resident set size of the process so far."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _cpu_ticks(pid: int) -> int:
    """User and system CPU time of ``pid`` so far, in clock ticks (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def _database_busy() -> int:
    """Statements running in the database other than this process's."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
            "AND pid <> pg_backend_pid() AND datname = current_database()"
        )
        return cursor.fetchone()[0]


def wait_until_idle(master_pid: int, *, quiet: float = 0.3, timeout: float = 120.0) -> float:
    """Wait until the server has finished what a measurement left it: its workers have used no
    CPU for ``quiet`` seconds and the database runs none of their statements. Returns the
    seconds waited.

    wrk stops sending when its time is up, but the requests it had sent are still queued: two
    workers answering stock Wagtail's listing at about a second each finish its queue some
    seconds later, inside the next target's measurement (our detail's p99 of 426 ms in the run
    of 2026-12-08 was that).
    """
    started = time.monotonic()
    pids = worker_pids(master_pid)
    before = [_cpu_ticks(pid) for pid in pids]
    still_since = time.monotonic()
    while time.monotonic() - started < timeout:
        time.sleep(0.05)
        now = [_cpu_ticks(pid) for pid in pids]
        if now != before or _database_busy():
            before, still_since = now, time.monotonic()
        elif time.monotonic() - still_since >= quiet:
            break
    return time.monotonic() - started
