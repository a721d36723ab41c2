"""Benchmark the public search's index (issue 13) against the substring scan it replaced.

    .venv/bin/python -m bench.search                       # 100,000 pages, PostgreSQL
    .venv/bin/python -m bench.search --pages 20000 --database-url sqlite:///var/bench_search.db
    .venv/bin/python -m bench.search --pages 1000000 --sites 300 --no-scan   # a million

One run (the database is dropped and created again):

1. a platform by the generator (:mod:`bench.builder`), whose public read model holds each
   item's ``search_text``;
2. the index rebuilt from the read model as ``search_rebuild`` does
   (:func:`publicapi.indexing.index_rebuild`, timed: items a second), and the segmenter's
   speed alone on a tenth of the text (MB/s);
3. the 256 judged queries (``bench/data/search_judged.json``) through
   :func:`search.services.search` as the public API asks them — understood, ranked, counted
   per facet, relaxed when no item holds every word — for the busiest site, across every site,
   and across every site for last year's notices; beside the substring scan of the read model
   the API used before, timed on a sample of the queries (``--no-scan`` leaves it out: at a
   million pages it takes hours);
4. the figures printed and written to ``bench/results/search.{json,md}``
   (``search-million.*`` at a million pages).

The two do not answer the same question (a substring is not a word, and the index ranks), so
the comparison is of cost for a result page; what each finds is tested in ``tests/search/``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path

from .generate import RESULTS, _describe, busiest_site_id, open_database, write_results

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcms_search_bench"
JUDGED = Path(__file__).parent / "data" / "search_judged.json"
RUNS = 3
# The substring scan is timed on every sixth judged query (43 of 256).
SCAN_EVERY = 6


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--database-url", help=f"default: $BENCH_DATABASE_URL or {DEFAULT_URL}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-scan", action="store_true", help="time the index only (the scan takes hours at 1M)"
    )
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="time the queries again on the platform and index a previous run left (its "
        "generation and indexing figures are kept)",
    )
    args = parser.parse_args(argv)
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    open_database(url, fresh=not args.queries_only)
    results_name = "search" if args.pages < 1_000_000 else "search-million"
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from publicapi.indexing import index_rebuild
    from publicapi.models import PublicPage
    from search.query import Filters
    from search.segment import as_indexed
    from search.services import search

    from .generate import generate_platform
    from .run import _database_version, _machine

    if args.queries_only:
        previous = json.loads((RESULTS / f"{results_name}.json").read_text(encoding="utf-8"))
        page_count, indexed, text_bytes = (
            previous["pages"],
            previous["items"],
            previous["text_mb"] * 1e6,
        )
        segment_mb_per_second = previous["segment_mb_per_second"]
        index_seconds = previous["index_seconds"]
    else:
        call_command("migrate", verbosity=0, interactive=False)
        print(f"{_describe(url)}: generating {args.pages:,} content pages…", flush=True)
        generated = generate_platform(args.sites, args.pages, args.seed)

        rows = list(PublicPage.objects.filter(is_item=True).values_list("search_text", flat=True))
        text_bytes = sum(len(text.encode()) for text in rows)
        sample = rows[: len(rows) // 10]
        started = time.perf_counter()
        for text in sample:
            as_indexed(text)
        segment_mb_per_second = (
            sum(len(t.encode()) for t in sample) / 1e6 / (time.perf_counter() - started)
        )
        del rows, sample
        print(f"  indexing {generated.item_count:,} items from the read model…", flush=True)
        started = time.perf_counter()
        with transaction.atomic():
            indexed = index_rebuild()
        index_seconds = time.perf_counter() - started
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(
            f"  {indexed:,} items, {text_bytes / 1e6:.0f} MB of text: indexed in "
            f"{index_seconds:.1f} s ({indexed / index_seconds:,.0f} items/s; segmenting alone "
            f"{segment_mb_per_second:.1f} MB/s)",
            flush=True,
        )
        page_count = generated.page_count
    busiest = busiest_site_id(is_item=True)
    year_ago = timezone.now() - timedelta(days=365)
    queries = [entry["q"] for entry in json.loads(JUDGED.read_text(encoding="utf-8"))]

    def scan(query: str, site_ids: list[int] | None, filtered: bool) -> int:
        found = PublicPage.objects.filter(is_item=True)
        if site_ids is not None:
            found = found.filter(site_id__in=site_ids)
        if filtered:
            found = found.filter(type="notice", published_at__gte=year_ago)
        for term in query.split():
            found = found.filter(search_text__icontains=term)
        total = found.count()
        list(found.order_by("-published_at").values_list("page_id", flat=True)[:20])
        return total

    def index(query: str, site_ids: list[int] | None, filtered: bool) -> int:
        filters = Filters(
            site_ids=tuple(site_ids) if site_ids is not None else None,
            kinds=("notice",) if filtered else None,
            published_from=year_ago if filtered else None,
        )
        return search(query, filters, limit=20).hits.total

    ways = {"substring scan (before)": scan, "index: understood, ranked, with facets": index}
    if args.no_scan:
        del ways["substring scan (before)"]
    results_by_scope = {}
    scopes = (
        ("busiest site", [busiest], False),
        ("every site", None, False),
        ("every site, notices of the last year", None, True),
    )
    for scope, site_ids, filtered in scopes:
        timings = {name: [] for name in ways}
        found = dict.fromkeys(ways, 0)
        for name, way in ways.items():
            # The scan grows with the platform: a sample of the queries, once, is its measure.
            asked = queries[::SCAN_EVERY] if way is scan else queries * RUNS
            for query in asked:
                t = time.perf_counter()
                found[name] += way(query, site_ids, filtered)
                timings[name].append(time.perf_counter() - t)
        results_by_scope[scope] = {
            name: {
                "median_ms": _percentiles(times)[0],
                "p95_ms": _percentiles(times)[1],
                "found_per_query": found[name] / len(times),
                "queries_timed": len(times),
            }
            for name, times in timings.items()
        }
    results = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": _machine(),
        "database": _database_version(),
        "pages": page_count,
        "items": indexed,
        "text_mb": text_bytes / 1e6,
        "segment_mb_per_second": segment_mb_per_second,
        "index_seconds": index_seconds,
        "items_indexed_per_second": indexed / index_seconds,
        "queries": len(queries),
        "runs": RUNS,
        "by_scope": results_by_scope,
    }
    machine = ", ".join(f"{key} {value}" for key, value in results["machine"].items())
    lines = [
        f"# Search: embedded index against the substring scan ({results['date']})",
        "",
        f"{results['database']}, {machine}; {indexed:,} public items in "
        f"{args.sites} sites, {text_bytes / 1e6:.0f} MB of text, indexed from the read model "
        f"in {index_seconds:.0f} s ({results['items_indexed_per_second']:,.0f} items/s).",
        f"The {len(queries)} judged queries × {RUNS} runs through the index, each giving the "
        "count, the facets and a page of 20 (and relaxed queries when no item holds every "
        "word)"
        + (
            "; the substring scan not run (--no-scan)."
            if args.no_scan
            else f"; the substring scan on every {SCAN_EVERY}th query, once."
        ),
        "",
        "| scope | way | queries timed | median ms | p95 ms | found per query |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for scope, ways in results_by_scope.items():
        for name, figures in ways.items():
            lines.append(
                f"| {scope} | {name} | {figures['queries_timed']} | {figures['median_ms']:.1f} | "
                f"{figures['p95_ms']:.1f} | "
                f"{figures['found_per_query']:.0f} |"
            )
    table = "\n".join(lines) + "\n"
    print(table)
    write_results(results_name, results, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
