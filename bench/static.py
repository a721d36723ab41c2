"""Benchmark: the public API served from its static publication (静态发布) by nginx.

The busiest news site is published into a temporary directory (``publicapi.publication``, the
code ``PUBLICATION_STATIC_ROOT`` runs), and Debian's nginx serves it with the project's own
configuration, ``docs/nginx-static.conf``: an unprivileged process with its own configuration
in a temporary directory, on a free loopback port, two worker processes (as the two gunicorn
workers of ``bench.api``). wrk drives it as it drives the API. The platform behind nginx is
left out on purpose (its upstream is a closed port): a request that found no file would answer
502 and show as non-2xx.

    .venv/bin/python -m bench.static      # on $BENCH_DATABASE_URL, a platform generated before
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from .server import _free_port

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "docs" / "nginx-static.conf"

_MAIN = """
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {work}/client;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/govcms-static.conf;
}}
"""


def require_nginx() -> str:
    path = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if path is None:
        raise SystemExit("nginx is needed: apt-get install nginx")
    return path


@contextmanager
def running_nginx(publication_root: Path, upstream: str = "127.0.0.1:9"):
    """nginx serving ``publication_root`` with ``docs/nginx-static.conf``; yields its address.
    Run as ``nobody`` when this process is root, so it holds no privilege."""
    nginx = require_nginx()
    port = _free_port()
    work = Path(tempfile.mkdtemp(prefix="govcms-nginx-"))
    site = (
        CONFIG.read_text(encoding="utf-8")
        .replace("__PUBLICATION_ROOT__", str(publication_root))
        .replace("__LISTEN__", f"127.0.0.1:{port}")
        .replace("__UPSTREAM__", upstream)
    )
    (work / "govcms-static.conf").write_text(site, encoding="utf-8")
    (work / "nginx.conf").write_text(_MAIN.format(work=work), encoding="utf-8")
    privileged = os.geteuid() == 0
    if privileged:
        os.chmod(work, 0o755)
        shutil.chown(work, user="nobody", group="nogroup")
    process = subprocess.Popen(
        [nginx, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
        **({"user": "nobody", "group": "nogroup", "extra_groups": []} if privileged else {}),
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/sites", timeout=0.5)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    log = (work / "error.log").read_text() if (work / "error.log").exists() else ""
                    raise RuntimeError(f"nginx did not start: {log}") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def _targets(site_id: int) -> dict[str, list[str]]:
    from publicapi.models import PublicPage

    items = list(
        PublicPage.objects.filter(site_id=site_id, type="news")
        .order_by("-published_at")
        .values_list("page_id", flat=True)[:500]
    )
    columns = list(
        PublicPage.objects.filter(site_id=site_id, type="news")
        .values_list("column_id", flat=True)
        .distinct()[:9]
    )
    return {
        "static_listing": [f"/api/v1/sites/{site_id}/pages"]
        + [f"/api/v1/sites/{site_id}/pages?column={column}" for column in columns],
        "static_detail": [f"/api/v1/sites/{site_id}/pages/{pk}" for pk in items],
    }


def _check(base_url: str, root: Path, paths: list[str]) -> None:
    """nginx answers each path with the published file's bytes, typed as the API types it."""
    from publicapi import publication

    files = {
        publication.address_of(path.relative_to(root)): path
        for path in root.rglob("*")
        if path.is_file() and not path.name.endswith(publication.ETAG_SUFFIX)
    }
    for path in paths:
        with urllib.request.urlopen(base_url + path) as response:
            body = response.read()
            assert response.headers["Content-Type"] == "application/json; charset=utf-8", path
        assert body == files[path].read_bytes(), path


def run(database_url: str | None = None, *, seconds: int = 8, repeats: int = 3) -> dict:
    from publicapi import publication

    from .api import _summary
    from .generate import busiest_site_id
    from .load import run_load

    site_id = busiest_site_id(type="news")
    if site_id is None:
        raise SystemExit("no news items: generate a platform first")
    targets = _targets(site_id)
    results = {}
    with tempfile.TemporaryDirectory(prefix="govcms-publication-") as directory:
        root = Path(directory)
        os.chmod(root, 0o755)
        started = time.perf_counter()
        tally = publication.sync(root, site_ids=[site_id])
        sync_seconds = time.perf_counter() - started
        print(
            f"  published site {site_id}: {tally.written:,} files in {sync_seconds:.1f} s",
            flush=True,
        )
        change = _item_change(root, site_id)
        with running_nginx(root) as base_url:
            for paths in targets.values():
                _check(base_url, root, paths[:20])
            for paths in targets.values():
                run_load(base_url, paths, seconds=2)  # warm-up
            runs: dict[str, list] = {name: [] for name in targets}
            for _ in range(repeats):  # interleaved, as bench.api measures
                for name, paths in targets.items():
                    runs[name].append(run_load(base_url, paths, seconds=seconds))
            for name in targets:
                results[name] = _summary(name, runs[name])
                print(
                    f"  {name:14} {results[name].requests_per_second:8.1f} req/s "
                    f"(min {results[name].rps_min:.1f}, max {results[name].rps_max:.1f})  "
                    f"p50 {results[name].p50_ms:6.2f} ms  p99 {results[name].p99_ms:6.2f} ms"
                    f"  non-2xx {results[name].non_2xx}",
                    flush=True,
                )
    return {
        "targets": {name: asdict(value) for name, value in results.items()},
        "site_id": site_id,
        "files_written": tally.written,
        "sync_seconds": sync_seconds,
        "item_change": change,
    }


def _item_change(root: Path, site_id: int, repeats: int = 5) -> dict:
    """What one item's change costs the files after its commit (its site's files and listings
    rewritten), the way ``publication.publish_changes`` does it, beside the whole site's files
    being rewritten as before: medians of ``repeats``, the same item, in the same run."""
    import statistics

    from publicapi import publication
    from publicapi.models import PublicPage

    item = PublicPage.objects.filter(site_id=site_id, type="news").order_by("-published_at")[0]
    place = publication.Place(site_id, item.url_path, True)

    def timed(write) -> float:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            write()
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000

    around = timed(lambda: publication.publish_changes(root, {item.page_id: {place}}, set()))
    whole = timed(lambda: publication.publish_site(root, site_id, publication.Tally()))
    columns = PublicPage.objects.filter(site_id=site_id, type="column").count()
    print(
        f"  one item changed: {around:.0f} ms (the listings above it); the whole site's files "
        f"({columns} column listings): {whole:.0f} ms",
        flush=True,
    )
    return {"around_ms": around, "whole_site_ms": whole, "columns": columns}


if __name__ == "__main__":
    from .generate import open_database

    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/govcms_bench")
    open_database(url, fresh=False)
    run(url)
