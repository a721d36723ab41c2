"""Benchmark filing (issue 5): 100,000 pages filed as archived, with readers watching.

    .venv/bin/python -m bench.archive                  # 100,000 pages filed
    .venv/bin/python -m bench.archive --file 5000      # a quick run

One run, on PostgreSQL (``--database-url``, ``$BENCH_DATABASE_URL`` or the default below; the
database is dropped and created again):

1. a platform by the existing generator (:mod:`bench.builder`), with ``--file`` content pages
   and a few thousand more;
2. ``--file`` of its items filed by :func:`archive.filing.file_pages` (what ``archive_site`` and
   the rules call), timed, while a reader thread on its own connection checks, again and
   again, that the archive records, the audit entries and the public read model agree in one
   snapshot (a reader must never see a page filed in one and not in another);
3. the same filing done the per-page way on a sample of the other pages, for comparison: for
   each page an archive record, Wagtail's ``log()``, and a full render of its public row
   (``public_page_refresh``) — what a signal-driven implementation would do;
4. a check of the result: one archive record and one audit entry per page, every public row
   marked, and a sample of rows equal to what a full render writes now;
5. the figures printed and written to ``bench/results/archive.{json,md}``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import threading
import time
from datetime import datetime

from .generate import _describe, open_database, write_results

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcms_archive_bench"
TARGET_SECONDS = 60.0
SPARE = 3000  # items left unfiled: the per-page sample is taken from them


class Reader(threading.Thread):
    """Reads the three places a filing writes, in one statement (one snapshot), until told to
    stop; counts the reads and the ones that disagree."""

    QUERY = """
        SELECT
          (SELECT count(*) FROM archive_pagearchive),
          (SELECT count(*) FROM wagtailcore_pagelogentry WHERE action = 'archive.file'),
          (SELECT count(*) FROM publicapi_publicpage WHERE archived_at IS NOT NULL),
          (SELECT count(*) FROM publicapi_publicpage p
             WHERE p.page_id = ANY(%s)
               AND (p.archived_at IS NOT NULL)
                   <> (p.listing_json LIKE '%%"archived":true%%'))
    """

    def __init__(self, url: str, sample: list[int], total: int):
        super().__init__(daemon=True)
        self.url, self.sample, self.total = url, sample, total
        self.stop = threading.Event()
        self.reads = 0
        self.disagreements: list[tuple] = []
        self.seen_partial = 0

    def run(self):
        import psycopg

        with psycopg.connect(
            self.url.replace("postgres://", "postgresql://"), autocommit=True
        ) as c:
            while not self.stop.is_set():
                records, entries, marked, mismatched = c.execute(
                    self.QUERY, [self.sample]
                ).fetchone()
                self.reads += 1
                if 0 < records < self.total:
                    self.seen_partial += 1  # a read in the middle of the filing
                if not (records == entries == marked) or mismatched:
                    self.disagreements.append((records, entries, marked, mismatched))
                # A reader, not a load generator: leave the filing most of the machine.
                self.stop.wait(0.25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.archive", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--file", type=int, default=100_000, help="pages to file")
    parser.add_argument("--sites", type=int, default=30)
    parser.add_argument("--per-page", type=int, default=300, help="pages filed the per-page way")
    parser.add_argument("--database-url", help=f"default: $BENCH_DATABASE_URL or {DEFAULT_URL}")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        raise SystemExit("The archive benchmark runs on PostgreSQL.")
    open_database(url, fresh=True)
    from django.core.management import call_command
    from django.db import connection
    from wagtail.log_actions import log
    from wagtail.models import Page, PageLogEntry

    from archive.filing import FILE_ACTION, file_pages
    from archive.models import ArchiveReason, PageArchive
    from cms.content.models import ColumnPage
    from publicapi.models import PublicPage
    from publicapi.services import public_page_refresh

    from .check import PUBLIC_FIELDS, rendered_row
    from .generate import generate_platform
    from .run import _database_version, _machine

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    pages = args.file + SPARE
    print(
        f"{_describe(url)}: generating {pages:,} content pages in {args.sites} sites…", flush=True
    )
    generated = generate_platform(args.sites, pages, args.seed)
    print(f"  generated in {generated.seconds:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    items = list(
        PublicPage.objects.filter(is_item=True)
        .order_by("page_id")
        .values_list("page_id", flat=True)
    )
    rng = random.Random(args.seed)
    rng.shuffle(items)
    to_file, spare = sorted(items[: args.file]), items[args.file :]
    sample = rng.sample(to_file, min(1000, len(to_file)))

    reader = Reader(url, sample, len(to_file))
    reader.start()
    time.sleep(0.5)
    reads_before = reader.reads
    t0 = time.perf_counter()
    report = file_pages(to_file, reason=ArchiveReason.REDESIGN, note="bench")
    bulk_seconds = time.perf_counter() - t0
    time.sleep(0.5)
    reader.stop.set()
    reader.join()
    print(f"  filed {len(report.filed):,} in {bulk_seconds:.1f} s", flush=True)

    # The per-page way, on pages the bulk run did not touch.
    per_page = spare[: args.per_page]
    times = []
    for page_id in per_page:
        t = time.perf_counter()
        from django.db import transaction
        from django.utils import timezone

        with transaction.atomic():
            page = Page.objects.get(pk=page_id).specific
            PageArchive.objects.create(
                page=page, archived_at=timezone.now(), reason=ArchiveReason.REDESIGN, note="bench"
            )
            log(instance=page, action=FILE_ACTION, data={"reason": "redesign", "note": "bench"})
            public_page_refresh(page)
        times.append(time.perf_counter() - t)
    per_page_mean = statistics.mean(times)
    print(f"  per page: {per_page_mean * 1000:.1f} ms a page", flush=True)

    # The result.
    filed = set(to_file)
    records = PageArchive.objects.filter(page_id__in=to_file).count()
    entries = PageLogEntry.objects.filter(action=FILE_ACTION, page_id__in=to_file)
    entry_counts = entries.values("page_id").distinct().count(), entries.count()
    unmarked = PublicPage.objects.filter(page_id__in=to_file, archived_at__isnull=True).count()
    check_sample = rng.sample(to_file, min(200, len(to_file)))
    differing = []
    for page in Page.objects.filter(pk__in=check_sample):
        stored = PublicPage.objects.filter(page_id=page.pk).values(*PUBLIC_FIELDS).first()
        if stored != rendered_row(page):
            differing.append(page.pk)
    columns_filed = ColumnPage.objects.filter(pk__in=filed).count()

    results = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": _machine(),
        "database": _database_version(),
        "generated": {
            "pages": generated.page_count,
            "sites": args.sites,
            "seconds": generated.seconds,
        },
        "filed": len(report.filed),
        "already": report.already,
        "skipped": len(report.skipped),
        "bulk_seconds": bulk_seconds,
        "bulk_pages_per_second": len(report.filed) / bulk_seconds if bulk_seconds else 0,
        "per_page_sample": len(per_page),
        "per_page_ms": per_page_mean * 1000,
        "per_page_extrapolated_seconds": per_page_mean * len(report.filed),
        "archive_records": records,
        "audit_entries": entry_counts[1],
        "pages_with_an_audit_entry": entry_counts[0],
        "public_rows_unmarked": unmarked,
        "sample_rows_differing_from_a_render": differing,
        "columns_filed": columns_filed,
        "reader": {
            "reads": reader.reads,
            "reads_during_filing": reader.reads - reads_before,
            "reads_of_a_partly_filed_platform": reader.seen_partial,
            "disagreements": reader.disagreements[:20],
        },
        "load_average_after": os.getloadavg(),
        "target_seconds": TARGET_SECONDS,
        "total_seconds": time.perf_counter() - started,
    }
    table = markdown(results)
    write_results("archive", results, table)
    print(table)
    ok = (
        bulk_seconds < TARGET_SECONDS
        and records == entry_counts[1] == entry_counts[0] == len(report.filed)
        and not unmarked
        and not differing
        and not reader.disagreements
    )
    return 0 if ok else 1


def markdown(r: dict) -> str:
    met = "met" if r["bulk_seconds"] < r["target_seconds"] else "NOT met"
    reader = r["reader"]
    ratio = r["per_page_extrapolated_seconds"] / r["bulk_seconds"]
    generated = r["generated"]
    lines = [
        f"Run {r['date']} on {r['machine']['cores']} cores ({r['machine']['cpu']}), "
        f"{r['database']}; "
        f"{generated['pages']:,} pages in {generated['sites']} sites.",
        "",
        f"| filing {r['filed']:,} pages | seconds | pages/s |",
        "| --- | --- | --- |",
        f"| in bulk (`archive.filing.file_pages`, batches of 2,000) | {r['bulk_seconds']:.1f} "
        f"| {r['bulk_pages_per_second']:,.0f} |",
        f"| per page (record + Wagtail `log()` + full render), {r['per_page_sample']} pages, "
        f"extrapolated | {r['per_page_extrapolated_seconds']:.0f} "
        f"| {1000 / r['per_page_ms']:,.0f} |",
        "",
        f"Target: under {r['target_seconds']:.0f} s — {met}. "
        f"Bulk is {ratio:.0f}× the per-page way. Load average after the run: "
        f"{r['load_average_after'][0]:.1f} (the machine is shared).",
        "",
        f"After the run: {r['archive_records']:,} archive records, {r['audit_entries']:,} audit "
        f"entries for {r['pages_with_an_audit_entry']:,} pages (one each), "
        f"{r['public_rows_unmarked']} public rows left unmarked, "
        f"{len(r['sample_rows_differing_from_a_render'])} of 200 sampled rows differing from a "
        "fresh render.",
        "",
        "A reader on its own connection read the archive records, the audit entries and the "
        f"read model in one snapshot {reader['reads']:,} times ({reader['reads_during_filing']:,} "
        f"during the filing, {reader['reads_of_a_partly_filed_platform']:,} of them with the "
        f"filing part done): {len(reader['disagreements'])} disagreements.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
