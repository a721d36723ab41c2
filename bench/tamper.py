"""How long the tamper check (``manage.py publication_verify``, R36) takes on a big platform.

    .venv/bin/python -m bench.tamper --pages 100000 \\
        [--database-url postgres://postgres@127.0.0.1:5432/govcms_tamper_bench]

Generates the platform afresh (:mod:`bench.generate`), then times: the check of every row
with nothing changed; one row changed in SQL, found and taken offline; and what checking one
row costs (the price of checking on every read instead). Writes ``bench/results/tamper.*``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from .generate import DEFAULT_SQLITE, _describe, open_database, write_results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tamper")
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    url = args.database_url or os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"
    open_database(url, fresh=True)

    from django.core.management import call_command
    from django.db import connection

    from publicapi import integrity
    from publicapi.models import PublicPage, TamperEvent
    from publicapi.tamper import verify_publication

    from .builder import generate_platform

    call_command("migrate", verbosity=0, interactive=False)
    generated = generate_platform(args.sites, args.pages, 1, progress=None)
    rows = PublicPage.objects.count()
    size = PublicPage.objects.values_list("detail_json", "search_text", "listing_json")
    sample = list(size[:1000])
    average_kb = statistics.mean(sum(len(text.encode()) for text in row) for row in sample) / 1024

    started = time.perf_counter()
    clean = verify_publication()
    clean_seconds = time.perf_counter() - started
    assert not clean.events, clean.events

    victim = PublicPage.objects.filter(is_item=True).values_list("page_id", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE publicapi_publicpage SET detail_json = detail_json || ' ' WHERE page_id = %s",
            [victim],
        )
    started = time.perf_counter()
    found = verify_publication()
    found_seconds = time.perf_counter() - started
    assert [event.page_id for event in found.events] == [victim], found.events
    assert not PublicPage.objects.filter(page_id=victim).exists()

    # One row read as the verifier reads it and checked: what a check on every read would add.
    ids = list(PublicPage.objects.values_list("page_id", flat=True)[:500])
    verifier = integrity.Verifier()
    timings = []
    for page_id in ids:
        started = time.perf_counter()
        *values, signature = PublicPage.objects.values_list(
            *integrity.PAGE_COLUMNS, "signature"
        ).get(page_id=page_id)
        verifier.page(values, signature)
        timings.append((time.perf_counter() - started) * 1000)
    hmac_only = []
    for *values, signature in PublicPage.objects.filter(page_id__in=ids).values_list(
        *integrity.PAGE_COLUMNS, "signature"
    ):
        started = time.perf_counter()
        verifier.page(values, signature)
        hmac_only.append((time.perf_counter() - started) * 1000)

    backend = _describe(url)
    results = {
        "backend": backend,
        "pages_generated": generated.page_count,
        "rows": rows,
        "average_row_kb": round(average_kb, 1),
        "files_checked": clean.files,
        "clean_run_seconds": round(clean_seconds, 1),
        "rows_per_second": round(rows / clean_seconds),
        "run_with_one_tampered_row_seconds": round(found_seconds, 1),
        "events": TamperEvent.objects.count(),
        "read_and_check_one_row_ms_median": round(statistics.median(timings), 3),
        "check_one_row_ms_median": round(statistics.median(hmac_only), 3),
    }
    table = "\n".join(
        [
            f"Tamper check on {backend}: {rows:,} public rows "
            f"(about {average_kb:.1f} KB of text each), {clean.files:,} released files.",
            "",
            "| measure | value |",
            "| --- | --- |",
            f"| every row checked, nothing changed | {clean_seconds:.1f} s "
            f"({rows / clean_seconds:,.0f} rows/s) |",
            f"| one row changed in SQL: found, taken offline, recorded | {found_seconds:.1f} s |",
            f"| one row read and checked (median) | {statistics.median(timings):.3f} ms |",
            f"| one row checked, already read (median) | {statistics.median(hmac_only):.3f} ms |",
            "",
        ]
    )
    write_results("tamper", results, table)
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
