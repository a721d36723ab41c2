"""Run the benchmark set: generate a platform, then measure, all in one run.

    .venv/bin/python -m bench.run               # the default set: 100,000 content pages
    .venv/bin/python -m bench.run --million     # the million-page set
    .venv/bin/python -m bench.run --measure-only  # the API again, on the platform generated last

Writes ``bench/results/latest.json`` (or ``million.json``) and a Markdown table beside it, and puts
the table into the README between its bench markers. Every ratio printed comes from this run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from datetime import datetime
from pathlib import Path

from .generate import (
    RESULTS,
    _describe,
    check_platform,
    generate_platform,
    open_database,
    write_results,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcms_bench"
# The README's block of each run: ``make bench`` (100,000 pages) and ``make bench-million``.
README_MARKERS = {
    "latest": ("<!-- bench:start -->", "<!-- bench:end -->"),
    "million": ("<!-- bench-million:start -->", "<!-- bench-million:end -->"),
}


def _machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(memory_kb / 1024 / 1024),
        "python": platform.python_version(),
    }


def _database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0]
        cursor.execute("SELECT sqlite_version()")
        return "SQLite " + cursor.fetchone()[0]


def _run_line(results: dict) -> str:
    gen = results["generation"]
    return (
        f"Run {results['date']} on {results['machine']['cores']} cores "
        f"({results['machine']['cpu']}), {results['machine']['memory_gb']} GB, "
        f"{results['database']}; {gen['content_pages']:,} content pages in "
        f"{gen['sites']} sites ({gen['pages']:,} pages with columns and homes)."
    )


def readme_block(results: dict) -> str:
    """What the README shows of a run: the four targets side by side, and the ratios."""
    lines = [_run_line(results), "", *side_by_side(results), "", _ratios_line(results)]
    if "static" in results["api"]:
        lines += ["", static_line(results["api"]["static"], results["api"]["targets"])]
    return "\n".join(lines) + "\n"


def markdown(results: dict) -> str:
    api = results["api"]["targets"]
    lines = [
        _run_line(results),
        "",
        *side_by_side(results),
        "",
        "| measure | requests/s (median; min–max) | p50 ms | p99 ms |",
        "| --- | --- | --- | --- |",
    ]
    chosen = results["api"]["chosen"]
    labels = {
        "ours_listing": "our API, listing, first page",
        "floor_listing": "bare Django view, same rows (floor), first page",
        "ours_deep": f"our API, listing, deep page by cursor (pages {_pages(chosen)})",
        "ours_deep_offset": "our API, listing, the same deep pages by page number",
        "floor_deep": "bare Django view, same rows (floor), deep page",
        "stock_listing": "stock Wagtail API v2, listing",
        "ours_detail": "our API, detail",
        "floor_detail": "bare Django view, same row (floor), detail",
        "stock_detail": "stock Wagtail API v2, detail",
        "floor": "bare Django JSON view over wagtailcore_page (the old floor)",
    }
    for key, label in labels.items():
        row = api[key]
        lines.append(
            f"| {label} | {row['requests_per_second']:,.0f} "
            f"({row['rps_min']:,.0f}–{row['rps_max']:,.0f}) | {row['p50_ms']:.1f} | "
            f"{row['p99_ms']:.1f} |"
        )
    lines += ["", _ratios_line(results)]
    if "static" in results["api"]:
        lines += ["", static_line(results["api"]["static"], api)]
    return "\n".join(lines) + "\n"


def _ratios_line(results: dict) -> str:
    ratios = results["api"]["ratios"]
    chosen = results["api"]["chosen"]
    gen = results["generation"]
    per_round = results["api"]["ratios_per_round"]
    return (
        f"Targets interleaved, {len(per_round['listing_vs_floor'])} rounds, each on an idle "
        f"server; the busiest site's "
        f"largest column ({chosen['column_items']:,} items). "
        f"Listing {ratios['listing_vs_stock']:.0f}× stock Wagtail and "
        f"{ratios['listing_vs_floor']:.2f}× its floor (rounds: {_each(per_round, 'listing')}); "
        f"deep page by cursor {ratios['deep_vs_floor']:.2f}× its floor "
        f"({_each(per_round, 'deep')}), by page number {ratios['deep_offset_vs_floor']:.2f}×; "
        f"detail {ratios['detail_vs_stock']:.0f}× "
        f"stock and {ratios['detail_vs_floor']:.2f}× its floor ({_each(per_round, 'detail')}). "
        f"Worker peak RSS "
        f"{results['api']['worker_peak_rss_mb']:.0f} MB. Generation: "
        f"{gen['content_pages_per_second']:,.0f} content pages/s against "
        f"{gen['stock_pages_per_second']:.1f} pages/s for stock Wagtail's publish "
        f"({gen['seconds']:.0f} s in all)."
    )


def side_by_side(results: dict) -> list[str]:
    """The four targets in one table: requests/s (p99 ms), and the ratios to the floor."""
    api = results["api"]["targets"]
    static = results["api"].get("static", {}).get("targets", {})

    def cell(row: dict | None) -> str:
        if row is None:
            return "–"
        return f"{row['requests_per_second']:,.0f} ({row['p99_ms']:.1f} ms)"

    def ratio(row: dict | None, floor: dict) -> str:
        if row is None:
            return "–"
        return f"{row['requests_per_second'] / floor['requests_per_second']:.2f}×"

    rows = [
        ("listing, first page", "ours_listing", "static_listing", "stock_listing", "floor_listing"),
        ("listing, deep page", "ours_deep", None, None, "floor_deep"),
        ("detail", "ours_detail", "static_detail", "stock_detail", "floor_detail"),
    ]
    lines = [
        "| requests/s (p99) | our API (Django) | our API, static (nginx) | stock Wagtail API v2 "
        "| bare Django floor | ours ÷ floor | static ÷ floor |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for label, ours, fixed, stock, floor in rows:
        mine, served = api[ours], static.get(fixed) if fixed else None
        lines.append(
            f"| {label} | {cell(mine)} | {cell(served)} | {cell(api.get(stock) if stock else None)}"
            f" | {cell(api[floor])} | {ratio(mine, api[floor])} | {ratio(served, api[floor])} |"
        )
    return lines


def static_line(static: dict, api: dict) -> str:
    """The static publication against the floors of the same kind of answer."""
    listing, detail = static["targets"]["static_listing"], static["targets"]["static_detail"]
    listing_floor = api["floor_listing"]["requests_per_second"]
    detail_floor = api["floor_detail"]["requests_per_second"]
    line = (
        f"Static publication served by nginx (first pages of the listings, details): listing "
        f"{listing['requests_per_second']:,.0f} req/s (p99 {listing['p99_ms']:.1f} ms) = "
        f"{listing['requests_per_second'] / listing_floor:.1f}× its floor, detail "
        f"{detail['requests_per_second']:,.0f} req/s (p99 {detail['p99_ms']:.1f} ms) = "
        f"{detail['requests_per_second'] / detail_floor:.1f}× its floor. Publishing the site: "
        f"{static['files_written']:,} files in {static['sync_seconds']:.1f} s."
    )
    change = static.get("item_change")
    if change:
        line += (
            f" One item's change rewrites its files in {change['around_ms']:.0f} ms (the "
            f"listings above it), where rewriting the site's {change['columns']} column listings "
            f"takes {change['whole_site_ms']:.0f} ms."
        )
    return line


def _pages(chosen: dict) -> str:
    pages = chosen["deep_pages"]
    return f"{pages[0]}–{pages[-1]}"


def _each(per_round: dict, name: str) -> str:
    return ", ".join(
        "–" if value is None else f"{value:.2f}×" for value in per_round[f"{name}_vs_floor"]
    )


def _update_readme(name: str, block: str) -> None:
    start, end = README_MARKERS[name]
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        readme.write_text(f"{head}{start}\n{block}{end}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--million", action="store_true", help="1,000,000 content pages")
    parser.add_argument("--pages", type=int, help="content pages (default 100,000)")
    parser.add_argument("--sites", type=int, help="sites (default 100; 300 with --million)")
    parser.add_argument("--database-url", help=f"default: $BENCH_DATABASE_URL or {DEFAULT_URL}")
    parser.add_argument("--seconds", type=int, default=8, help="length of one measurement")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-readme", action="store_true", help="leave the README as it is")
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="measure the API on the platform the last run generated (migrated, not generated "
        "again); its generation figures are kept from that run's results",
    )
    args = parser.parse_args(argv)
    pages = args.pages or (1_000_000 if args.million else 100_000)
    sites = args.sites or (300 if args.million else 100)
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL

    name = "million" if args.million else "latest"
    open_database(url, fresh=not args.measure_only)
    from django.core.management import call_command

    from . import api, static

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if args.measure_only:
        previous = json.loads((RESULTS / f"{name}.json").read_text(encoding="utf-8"))
        generation = {**previous["generation"], "reused_database": True}
    else:
        generation = _generate(url, pages, sites)
    print("Public read API, 2 gunicorn workers, 8 connections (wrk):", flush=True)
    api_results = api.run(url, seconds=args.seconds, repeats=args.repeats)
    print("Static publication (静态发布), nginx, 2 workers, 8 connections (wrk):", flush=True)
    api_results["static"] = static.run(url, seconds=args.seconds, repeats=args.repeats)

    results = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": _machine(),
        "database": _database_version(),
        "generation": generation,
        "api": api_results,
        "total_seconds": time.perf_counter() - started,
    }
    table = markdown(results)
    write_results(name, results, table)
    if not args.no_readme and (args.million or not args.pages):
        _update_readme(name, readme_block(results))
    print(table)
    print(f"total {results['total_seconds']:.0f} s; written to bench/results/{name}.json")
    return 0


def _generate(url: str, pages: int, sites: int) -> dict:
    """Generate the platform, check it, and time stock Wagtail's publish beside it."""
    from django.core.management import call_command

    from .stock import stock_benchmark

    print(f"{_describe(url)}: generating {pages:,} content pages in {sites} sites…", flush=True)
    generated = generate_platform(sites, pages, 1)
    problems = check_platform(generated, sample=200)
    if problems:
        print("\n".join(problems[:20]))
        raise SystemExit("the generated platform is not valid")
    from django.db import connection

    if connection.vendor == "postgresql":
        # The steady state autovacuum keeps a live database in: visibility map set, so counts
        # can be answered from indexes alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE publicapi_publicpage")
    stock = stock_benchmark(50, root_page_id=generated.root_page_ids[0])
    print(
        f"  generated in {generated.seconds:.0f} s ({generated.items_per_second:,.0f} pages/s); "
        f"stock Wagtail publishes {stock.pages_per_second:.1f} pages/s",
        flush=True,
    )
    call_command("migrate", verbosity=0, interactive=False)  # nothing to do; warms the connection
    return {
        "sites": len(generated.site_ids),
        "content_pages": generated.item_count,
        "pages": generated.page_count,
        "seconds": generated.seconds,
        "content_pages_per_second": generated.items_per_second,
        "stock_pages_per_second": stock.pages_per_second,
    }


if __name__ == "__main__":
    raise SystemExit(main())
