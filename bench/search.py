"""Benchmark the embedded search index (issue 13) against today's substring scan.

    .venv/bin/python -m bench.search                       # 100,000 pages, PostgreSQL
    .venv/bin/python -m bench.search --pages 20000 --database-url sqlite:///var/bench_search.db

One run (the database is dropped and created again):

1. a platform by the generator (:mod:`bench.builder`), whose public read model holds each
   item's ``search_text``, as the public API's search reads it today;
2. every public item cut into words (:mod:`search.segment`, timed: MB/s) and indexed
   (:func:`search.embedded.put`, timed);
3. the same queries, one word or two, answered both ways on the same data, each for the busiest
   site and across every site: today's ``search_text`` substring scan (count and the newest 20)
   and :func:`search.embedded.find` (count and the best 20), median and 95th percentile;
4. the figures printed and written to ``bench/results/search.{json,md}``.

The two do not answer the same question (a substring is not a word, and the index ranks), so
the comparison is of cost for a result page; what each finds is tested in ``tests/search/``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import datetime

from .generate import _describe, open_database, write_results

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcms_search_bench"
QUERIES = [
    "会议",
    "安全生产",
    "营商环境",
    "乡村振兴",
    "招聘",
    "防汛",
    "教育",
    "医疗 保障",
    "政务 公开",
    "项目 建设",
    "食品安全",
    "就业",
]
RUNS = 5


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
    args = parser.parse_args(argv)
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    open_database(url, fresh=True)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from publicapi.models import PublicPage
    from search import embedded
    from search.models import IndexedPage
    from search.segment import as_indexed

    from .generate import generate_platform
    from .run import _database_version, _machine

    call_command("migrate", verbosity=0, interactive=False)
    print(f"{_describe(url)}: generating {args.pages:,} content pages…", flush=True)
    generated = generate_platform(args.sites, args.pages, args.seed)

    rows = list(
        PublicPage.objects.filter(is_item=True).values_list(
            "page_id", "site_id", "type", "published_at", "archived_at", "search_text"
        )
    )
    text_bytes = sum(len(row[5].encode()) for row in rows)
    started = time.perf_counter()
    words = [as_indexed(row[5]) for row in rows]
    segment_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for first in range(0, len(rows), 5000):
        embedded.put(
            IndexedPage(
                page_id=page_id,
                site_id=site_id,
                kind=kind,
                title="",
                published_at=published_at,
                archived=archived_at is not None,
                body_words=text,
            )
            for (page_id, site_id, kind, published_at, archived_at, _text), text in zip(
                rows[first : first + 5000], words[first : first + 5000], strict=True
            )
        )
    index_seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"  {len(rows):,} items, {text_bytes / 1e6:.0f} MB of text: cut in {segment_seconds:.1f} s "
        f"({text_bytes / 1e6 / segment_seconds:.1f} MB/s), indexed in {index_seconds:.1f} s",
        flush=True,
    )
    busiest = (
        PublicPage.objects.filter(is_item=True)
        .values("site_id")
        .annotate(n=Count("page_id"))
        .order_by("-n")
        .first()["site_id"]
    )

    def scan(query: str, site_ids: list[int] | None) -> int:
        found = PublicPage.objects.filter(is_item=True)
        if site_ids is not None:
            found = found.filter(site_id__in=site_ids)
        for term in query.split():
            found = found.filter(search_text__icontains=term)
        total = found.count()
        list(found.order_by("-published_at").values_list("page_id", flat=True)[:20])
        return total

    def index(query: str, site_ids: list[int] | None) -> int:
        return embedded.find(query, site_ids=site_ids, limit=20).total

    results_by_scope = {}
    for scope, site_ids in (("busiest site", [busiest]), ("every site", None)):
        timings = {"substring scan (today)": [], "embedded index": []}
        found = {"substring scan (today)": 0, "embedded index": 0}
        for _ in range(RUNS):
            for query in QUERIES:
                for name, way in (("substring scan (today)", scan), ("embedded index", index)):
                    t = time.perf_counter()
                    found[name] += way(query, site_ids)
                    timings[name].append(time.perf_counter() - t)
        results_by_scope[scope] = {
            name: {
                "median_ms": _percentiles(times)[0],
                "p95_ms": _percentiles(times)[1],
                "found_per_query": found[name] / (RUNS * len(QUERIES)),
            }
            for name, times in timings.items()
        }
    results = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": _machine(),
        "database": _database_version(),
        "pages": generated.page_count,
        "items": len(rows),
        "text_mb": text_bytes / 1e6,
        "segment_mb_per_second": text_bytes / 1e6 / segment_seconds,
        "index_seconds": index_seconds,
        "queries": QUERIES,
        "runs": RUNS,
        "by_scope": results_by_scope,
    }
    machine = ", ".join(f"{key} {value}" for key, value in results["machine"].items())
    lines = [
        f"# Search: embedded index against the substring scan ({results['date']})",
        "",
        f"{results['database']}, {machine}; {len(rows):,} public items in "
        f"{args.sites} sites, {text_bytes / 1e6:.0f} MB of text, cut at "
        f"{results['segment_mb_per_second']:.1f} MB/s and indexed in {index_seconds:.0f} s.",
        f"{len(QUERIES)} queries × {RUNS} runs, each giving the count and a page of 20.",
        "",
        "| scope | way | median ms | p95 ms | found per query |",
        "| --- | --- | --- | --- | --- |",
    ]
    for scope, ways in results_by_scope.items():
        for name, figures in ways.items():
            lines.append(
                f"| {scope} | {name} | {figures['median_ms']:.1f} | {figures['p95_ms']:.1f} | "
                f"{figures['found_per_query']:.0f} |"
            )
    table = "\n".join(lines) + "\n"
    print(table)
    write_results("search", results, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
