"""Benchmark: the public website against the API it reads (issue 21, "Speed").

    .venv/bin/python -m bench.frontend [--pages 20000] [--sites 20] [--seconds 5] [--rounds 5]

Generates a platform (PostgreSQL ``govcms_bench_frontend``, recreated; ``--database-url`` or
``BENCH_DATABASE_URL`` overrides), starts the CMS (gunicorn, 2 workers, as ``bench.run`` does)
and three public websites reading its API (2 workers each): as deployed
(``FRONTEND_FRESH_SECONDS=10``); revalidating every answer on every request
(``FRONTEND_FRESH_SECONDS=0``: the API answers 304s), the worst case; and never asking again
(an hour), which leaves the website's own work, rendering. On the busiest site it takes 200
current items, in turn from every generated type, the columns that list items and the home page,
fetches each page once and warms up for two seconds, then measures with wrk (8 connections) in
rounds — every target once per round, in turn — so that what else the machine does weighs on
all of them alike:

* the API's detail of each item (``/api/v1/sites/<id>/pages/<page_id>``), the cheapest read the
  website could make, and its lookup by path (``/find?path=``), the one it does make;
* the website's item pages, warm (the site serves its copy, or revalidates it once it is older
  than the fresh period);
* the website's column listings (page 1) and its home page.

The target: a warm item page costs at most twice an API detail request, i.e. the website serves
at least half the API's requests per second. The ratios are taken round by round (the two
measured seconds apart) and their median reported. Writes ``bench/results/frontend.json`` and
``frontend.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from .generate import (
    _describe,
    busiest_site_id,
    check_platform,
    generate_platform,
    open_database,
    write_results,
)
from .load import LoadResult, require_wrk, run_load
from .server import peak_rss_mb, running_gunicorn, running_server, worker_pids

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcms_bench_frontend"
# The website as deployed (the settings' default), the worst case (every request asks the API
# again), and the website's own share: an hour, so it serves its copies and never asks.
FRESH_DEFAULT, FRESH_NONE, FRESH_COPY = 10, 0, 3600
# The target: a warm item page costs at most this many API detail requests.
TARGET_COST = 2.0
WARM_UP_SECONDS = 2

LABELS = {
    "api_detail": "API detail (`/pages/<id>`)",
    "api_find": "API lookup by path (`/find?path=`)",
    "site_item": f"website item page, warm (fresh {FRESH_DEFAULT} s)",
    "site_item_revalidating": "website item page, revalidating every request (fresh 0 s)",
    "site_item_copy": "website item page from its copy only (fresh 1 h: rendering alone)",
    "site_lists": f"website column page 1 and home (fresh {FRESH_DEFAULT} s)",
    "site_lists_revalidating": "website column page 1 and home (fresh 0 s)",
}


@dataclass
class Targets:
    site_id: int
    items: list[tuple[int, str, str]]  # (page id, type, url path below the site root)
    columns: list[str]  # url paths of the columns with items

    @property
    def types(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, kind, _ in self.items:
            counts[kind] = counts.get(kind, 0) + 1
        return counts


def choose_targets(item_count: int) -> Targets:
    """The busiest site (most current items), ``item_count`` of its most recent current items
    taken in turn from every type it has, and the columns that list items."""
    from publicapi.models import CURRENT, PublicPage

    site_id = busiest_site_id(CURRENT, is_item=True)
    if site_id is None:
        raise SystemExit("no items: generate a platform first")
    current = PublicPage.objects.filter(CURRENT, site_id=site_id, is_item=True)
    by_type = {
        kind: list(
            current.filter(type=kind)
            .order_by("-published_at", "-page_id")
            .values_list("page_id", "type", "url_path")[:item_count]
        )
        for kind in sorted(set(current.values_list("type", flat=True)))
    }
    items: list[tuple[int, str, str]] = []
    while len(items) < item_count and any(by_type.values()):
        for rows in by_type.values():
            if rows and len(items) < item_count:
                items.append(rows.pop(0))
    column_ids = set(current.values_list("column_id", flat=True).distinct())
    columns = sorted(
        PublicPage.objects.filter(CURRENT, site_id=site_id, page_id__in=column_ids).values_list(
            "url_path", flat=True
        )
    )
    return Targets(site_id=site_id, items=items, columns=columns)


def paths(targets: Targets) -> dict[str, list[str]]:
    """The paths wrk rotates through, per target (the website's on a host that is no site's)."""
    api = f"/api/v1/sites/{targets.site_id}"
    site = f"/sites/{targets.site_id}"
    item_pages = [f"{site}{path}" for _, _, path in targets.items]
    lists = [f"{site}/", *(f"{site}{path}" for path in targets.columns)]
    return {
        "api_detail": [f"{api}/pages/{page_id}" for page_id, _, _ in targets.items],
        "api_find": [f"{api}/find?path={path}" for _, _, path in targets.items],
        "site_item": item_pages,
        "site_item_revalidating": item_pages,
        "site_item_copy": item_pages,
        "site_lists": lists,
        "site_lists_revalidating": lists,
    }


def running_website(api_url: str, fresh_seconds: float, workers: int = 2):
    """The public website (gunicorn, ``workers`` sync workers) reading the API at ``api_url``."""
    environment = {
        "DJANGO_SETTINGS_MODULE": "frontend.settings",
        "FRONTEND_API_URL": api_url,
        "FRONTEND_FRESH_SECONDS": str(fresh_seconds),
    }
    return running_gunicorn("frontend.wsgi:application", environment, workers)


def fetch_each(base_url: str, paths: list[str]) -> None:
    """GET every path once; anything but a 200 stops the benchmark (it would measure errors)."""
    for path in paths:
        try:
            with urllib.request.urlopen(base_url + path, timeout=30) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise SystemExit(f"{base_url}{path} answered {exc.code}") from exc


@dataclass
class Measured:
    requests_per_second: float
    rps_min: float
    rps_max: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    paths: int


def _summary(runs: list[LoadResult], path_count: int) -> Measured:
    rps = [run.requests_per_second for run in runs]
    return Measured(
        requests_per_second=statistics.median(rps),
        rps_min=min(rps),
        rps_max=max(rps),
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p99_ms=statistics.median(run.p99_ms for run in runs),
        non_2xx=sum(run.non_2xx for run in runs),
        paths=path_count,
    )


def _peak_rss(master_pid: int) -> float:
    return max((peak_rss_mb(pid) for pid in worker_pids(master_pid)), default=0.0)


def measure(targets: Targets, *, seconds: int, rounds: int, connections: int = 8) -> dict:
    """Start the CMS and the three websites and measure every target in ``rounds`` rounds."""
    url = os.environ["DATABASE_URL"]
    target_paths = paths(targets)
    with ExitStack() as stack:
        cms_url, cms_pid = stack.enter_context(running_server(url))
        api_url = cms_url + "/api/v1"
        fetch_each(api_url, ["/sites"])  # its workers are up before the websites ask
        site_url, site_pid = stack.enter_context(running_website(api_url, FRESH_DEFAULT))
        fresh0_url, _ = stack.enter_context(running_website(api_url, FRESH_NONE))
        copy_url, _ = stack.enter_context(running_website(api_url, FRESH_COPY))
        base = {
            "api_detail": cms_url,
            "api_find": cms_url,
            "site_item": site_url,
            "site_item_revalidating": fresh0_url,
            "site_item_copy": copy_url,
            "site_lists": site_url,
            "site_lists_revalidating": fresh0_url,
        }
        for name, target in target_paths.items():
            fetch_each(base[name], target)
            run_load(base[name], target, seconds=WARM_UP_SECONDS, connections=connections)
        runs: dict[str, list[LoadResult]] = {name: [] for name in target_paths}
        for number in range(1, rounds + 1):
            for name, target in target_paths.items():
                run = run_load(base[name], target, seconds=seconds, connections=connections)
                runs[name].append(run)
                print(
                    f"  round {number} {name:24} {run.requests_per_second:8.1f} req/s  "
                    f"p50 {run.p50_ms:6.2f} ms  p99 {run.p99_ms:6.2f} ms  non-2xx {run.non_2xx}",
                    flush=True,
                )
        rss = {"cms": _peak_rss(cms_pid), "website": _peak_rss(site_pid)}
    results = {name: _summary(runs[name], len(target_paths[name])) for name in target_paths}
    return {
        "targets": {name: asdict(value) for name, value in results.items()},
        "ratios": ratios(runs),
        "worker_peak_rss_mb": rss,
    }


# Each ratio: what one page of a target costs in requests of another (their requests/s over its).
RATIOS = {
    "item_vs_api_detail": ("site_item", "api_detail"),
    "item_vs_api_find": ("site_item", "api_find"),
    "item_revalidating_vs_api_detail": ("site_item_revalidating", "api_detail"),
    "item_copy_vs_api_detail": ("site_item_copy", "api_detail"),
    "lists_vs_api_detail": ("site_lists", "api_detail"),
    "lists_revalidating_vs_api_detail": ("site_lists_revalidating", "api_detail"),
}


def ratios(runs: dict[str, list[LoadResult]]) -> dict[str, dict]:
    """What a website page costs in API requests, round by round (the two measured a few
    seconds apart, so what else the machine does weighs on both alike), and the median of the
    rounds. The target is ``item_vs_api_detail`` ≤ 2."""
    found = {}
    for name, (page, unit) in RATIOS.items():
        per_round = [
            unit_run.requests_per_second / page_run.requests_per_second
            for page_run, unit_run in zip(runs[page], runs[unit], strict=True)
        ]
        found[name] = {"median": statistics.median(per_round), "rounds": per_round}
    return found


def markdown(results: dict) -> str:
    measured = results["measured"]
    gen = results["generation"]
    config = results["config"]
    ratio = {name: value["median"] for name, value in measured["ratios"].items()}
    spread = measured["ratios"]["item_vs_api_detail"]["rounds"]
    types = ", ".join(f"{count} {kind}" for kind, count in config["item_types"].items())
    code = results["code"]
    uncommitted = " (website with uncommitted changes)" if code["website_uncommitted"] else ""
    lines = [
        f"Run {results['date']} on {results['machine']['cores']} cores "
        f"({results['machine']['cpu']}), {results['machine']['memory_gb']} GB, "
        f"{results['database']}; {gen['content_pages']:,} content pages in {gen['sites']} sites; "
        f"commit {code['commit']}{uncommitted}. "
        f"CMS and each website: gunicorn, 2 sync workers; wrk, {config['connections']} "
        f"connections; {config['rounds']} rounds of {config['seconds']} s per target, "
        f"interleaved. Site {config['site_id']}: "
        f"{sum(config['item_types'].values())} items ({types}), {config['columns']} columns "
        "and the home page.",
        "",
        "| target | requests/s (median; min–max) | p50 ms | p99 ms |",
        "| --- | --- | --- | --- |",
    ]
    for key, label in LABELS.items():
        row = measured["targets"][key]
        lines.append(
            f"| {label} | {row['requests_per_second']:,.0f} "
            f"({row['rps_min']:,.0f}–{row['rps_max']:,.0f}) | {row['p50_ms']:.1f} | "
            f"{row['p99_ms']:.1f} |"
        )
    errors = {key: row["non_2xx"] for key, row in measured["targets"].items() if row["non_2xx"]}
    if errors:
        lines += ["", f"**Answers other than 2xx/3xx**: {errors}."]
    met = "met" if ratio["item_vs_api_detail"] <= TARGET_COST else "missed"
    rss = measured["worker_peak_rss_mb"]
    lines += [
        "",
        "Cost of a page in API detail requests (API requests/s over the page's, round by round; "
        "median of the rounds):",
        "",
        f"- warm item page: {ratio['item_vs_api_detail']:.2f} "
        f"(rounds {min(spread):.2f}–{max(spread):.2f}; {ratio['item_vs_api_find']:.2f} lookups "
        f"by path); the target, at most {TARGET_COST:.0f}, is **{met}**;",
        f"- item page revalidating on every request: "
        f"{ratio['item_revalidating_vs_api_detail']:.2f};",
        "- item page from its copy alone (rendering only): "
        f"{ratio['item_copy_vs_api_detail']:.2f};",
        f"- column page 1 and home: {ratio['lists_vs_api_detail']:.2f} (revalidating on every "
        f"request: {ratio['lists_revalidating_vs_api_detail']:.2f}).",
        "",
        f"Worker peak RSS: CMS {rss['cms']:.0f} MB, website {rss['website']:.0f} MB.",
    ]
    return "\n".join(lines) + "\n"


def _code() -> dict:
    """The commit measured, and whether the website's code differed from it (work in progress)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    changed = git("status", "--porcelain", "--", "frontend", "templates/frontend")
    return {"commit": git("rev-parse", "--short", "HEAD"), "website_uncommitted": bool(changed)}


def main(argv: list[str] | None = None) -> int:
    from .run import _database_version, _machine

    parser = argparse.ArgumentParser(
        prog="python -m bench.frontend", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--pages", type=int, default=20_000, help="content pages (20,000)")
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--items", type=int, default=200, help="item pages measured (200)")
    parser.add_argument("--database-url", help=f"default: $BENCH_DATABASE_URL or {DEFAULT_URL}")
    parser.add_argument("--seconds", type=int, default=5, help="length of one measurement")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--name", default="frontend", help="bench/results/<name>.json and .md")
    args = parser.parse_args(argv)
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    require_wrk()

    open_database(url, fresh=True)
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"{_describe(url)}: generating {args.pages:,} content pages in {args.sites} sites…")
    generated = generate_platform(args.sites, args.pages, 1)
    problems = check_platform(generated, sample=200)
    if problems:
        print("\n".join(problems[:20]))
        raise SystemExit("the generated platform is not valid")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the steady state autovacuum keeps
            cursor.execute("VACUUM ANALYZE publicapi_publicpage")
    targets = choose_targets(args.items)
    connection.close()  # the servers have the database to themselves
    print(
        f"  generated in {generated.seconds:.0f} s; site {targets.site_id}: "
        f"{len(targets.items)} items ({targets.types}), {len(targets.columns)} columns",
        flush=True,
    )
    print("CMS and websites, 2 gunicorn workers each, wrk with 8 connections:", flush=True)
    measured = measure(targets, seconds=args.seconds, rounds=args.rounds)
    results = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": _machine(),
        "database": _database_version(),
        "code": _code(),
        "generation": {
            "sites": len(generated.site_ids),
            "content_pages": generated.item_count,
            "pages": generated.page_count,
            "seconds": generated.seconds,
        },
        "config": {
            "site_id": targets.site_id,
            "item_types": targets.types,
            "columns": len(targets.columns),
            "seconds": args.seconds,
            "rounds": args.rounds,
            "connections": 8,
            "fresh_seconds": [FRESH_DEFAULT, FRESH_NONE],
            "target_cost": TARGET_COST,
        },
        "measured": measured,
        "target_met": measured["ratios"]["item_vs_api_detail"]["median"] <= TARGET_COST,
        "total_seconds": time.perf_counter() - started,
    }
    table = markdown(results)
    write_results(args.name, results, table)
    print(table)
    print(f"total {results['total_seconds']:.0f} s; written to bench/results/{args.name}.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
