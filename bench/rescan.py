"""Benchmark the rescan of live content with the 错敏词 dictionary (issue 14 part 4).

    .venv/bin/python -m bench.rescan                        # a million pages, 300 sites
    .venv/bin/python -m bench.rescan --pages 100000 --sites 50
    .venv/bin/python -m bench.rescan --reuse                # the platform a previous run left

One run, on PostgreSQL (``govcms_bench_rescan``, dropped and generated again unless
``--reuse``):

1. a platform by the generator (:mod:`bench.builder`), whose read model holds each page's
   ``search_text``;
2. a dictionary of ``--terms`` terms: the starter dictionary, 20 phrases taken from the
   generated text (so that some occur; each in at most 1 page in 200 of a sample) and random
   words of characters the text does not use (which do not occur);
3. timed through :func:`monitoring.content.rescan.rescan`: the full pass; an incremental pass
   with nothing changed; one with 1,000 pages changed (their read-model rows rewritten as a
   republication rewrites them: new text with a listed phrase, new ETag, new ``updated_at``);
   one with 10 terms added; one with 10 terms deactivated;
4. beside it, the naive path on a sample, extrapolated to every page (said so in the table):
   read-model rows as Django model instances, each through ``scan_text`` (what the
   pre-publication scan does to a text), and the pages themselves (``.specific``) through
   ``scan_page``; no incremental state, so every run is a full pass;
5. what the dashboard reads through :mod:`monitoring.content.selectors`, timed;
6. the figures printed and written to ``bench/results/rescan.{json,md}``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path

from .generate import _describe, open_database, write_results

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcms_bench_rescan"
STARTER = Path(__file__).resolve().parent.parent / "editorial/prechecks/data/starter_terms.csv"
TARGET_SECONDS = 20 * 60  # a million live pages rescanned in under 20 minutes
CHANGED_PAGES = 1000
ADDED_TERMS = 10
NAIVE_SAMPLE = 5000
NAIVE_PAGE_SAMPLE = 300
READ_RUNS = 50


def _phrases(rnd: random.Random, texts: list[str], count: int, length: int, avoid: set[str]):
    """``count`` phrases of ``length`` Chinese characters cut from ``texts``, each found in at
    most one text in 200 of them (a listed wording is rare in real content)."""
    found: list[str] = []
    most = max(1, len(texts) // 200)
    while len(found) < count:
        text = rnd.choice(texts)
        if len(text) <= length:
            continue
        start = rnd.randrange(len(text) - length)
        phrase = text[start : start + length]
        if not all("\u4e00" <= char <= "\u9fff" for char in phrase) or phrase in avoid:
            continue
        if sum(phrase in other for other in texts) <= most:
            avoid.add(phrase)
            found.append(phrase)
    return found


def build_dictionary(rnd: random.Random, count: int, texts: list[str]) -> tuple[list, list[str]]:
    """``(SensitiveTerm rows, phrases kept back to be added later)``."""
    from editorial.prechecks.models import SensitiveTerm

    with STARTER.open(encoding="utf-8-sig", newline="") as handle:
        rows = [
            SensitiveTerm(
                term=row["term"],
                correction=row["correction"],
                category=row["category"],
                severity=row["severity"],
                note=row["note"],
            )
            for row in csv.DictReader(handle)
        ]
    seen = {row.term for row in rows}
    used = {char for text in texts for char in text}
    occurring = _phrases(rnd, texts, 20, 6, seen)
    for index, phrase in enumerate(occurring):
        severity = "blocking" if index % 4 == 0 else "warning"
        rows.append(SensitiveTerm(term=phrase, category="sensitive", severity=severity))
    later = _phrases(rnd, texts, ADDED_TERMS, 5, seen)
    rare = [chr(code) for code in range(0x4E00, 0x9FA6) if chr(code) not in used]
    while len(rows) < count:
        term = "".join(rnd.choice(rare) for _ in range(rnd.randint(2, 6)))
        if term not in seen:
            seen.add(term)
            severity = "blocking" if rnd.random() < 0.2 else "warning"
            rows.append(SensitiveTerm(term=term, category="sensitive", severity=severity))
    return rows, later


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.rescan", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--pages", type=int, default=1_000_000)
    parser.add_argument("--sites", type=int, default=300)
    parser.add_argument("--terms", type=int, default=50_000)
    parser.add_argument("--database-url", help=f"default: $BENCH_DATABASE_URL or {DEFAULT_URL}")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the platform a previous run generated"
    )
    args = parser.parse_args(argv)
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    open_database(url, fresh=not args.reuse)

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from editorial.prechecks.dictionary import dictionary_changed, get_matcher
    from editorial.prechecks.models import SensitiveTerm
    from editorial.prechecks.scan import scan_page, scan_text
    from monitoring.content.models import ContentHit, ScannedPage, ScannedTerm, ScanState
    from monitoring.content.rescan import rescan
    from monitoring.content.selectors import hit_counts_by_unit, hits, pending_dictionary_change
    from publicapi import integrity
    from publicapi.models import PublicPage

    from .generate import generate_platform
    from .run import _database_version, _machine

    rnd = random.Random(args.seed)
    call_command("migrate", verbosity=0, interactive=False)
    generated_seconds = None
    if not args.reuse:
        print(f"{_describe(url)}: generating {args.pages:,} content pages…", flush=True)
        generated = generate_platform(args.sites, args.pages, args.seed)
        generated_seconds = generated.seconds
    page_count = PublicPage.objects.count()
    site_count = PublicPage.objects.values("site_id").distinct().count()
    print(f"  {page_count:,} live pages in {site_count} sites", flush=True)

    # The dictionary, and a clean slate for the rescan.
    ids = list(PublicPage.objects.values_list("page_id", flat=True))
    sample_ids = rnd.sample(ids, min(2000, len(ids)))
    texts = list(
        PublicPage.objects.filter(page_id__in=sample_ids).values_list("search_text", flat=True)
    )
    with transaction.atomic():
        for model in (ContentHit, ScannedPage, ScannedTerm, ScanState):
            model.objects.all().delete()
        SensitiveTerm.objects.all().delete()
        terms, later = build_dictionary(rnd, args.terms, texts)
        SensitiveTerm.objects.bulk_create(terms, batch_size=5000)
    dictionary_changed()
    text_bytes = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SELECT sum(octet_length(search_text)) FROM publicapi_publicpage")
            text_bytes = int(cursor.fetchone()[0] or 0)
    print(f"  dictionary: {len(terms):,} terms", flush=True)

    passes = {}

    def timed(name: str, **kwargs) -> None:
        print(f"  {name}…", flush=True)
        report = rescan(**kwargs)
        passes[name] = {
            "seconds": report.seconds,
            "pages_in_full_pass": report.pages_in_full_pass,
            "pages_changed": report.pages_changed,
            "pages_gone": report.pages_gone,
            "terms_added": report.terms_added,
            "terms_removed": report.terms_removed,
            "pages_read_for_new_terms": report.pages_read_for_new_terms,
            "pages_rescanned": report.pages_rescanned,
            "hits_after": report.hits_after,
            "phases": {key: round(value, 2) for key, value in report.phases.items()},
        }
        print(
            f"    {report.seconds:.1f} s, {report.hits_after:,} hits; "
            + ", ".join(f"{key} {value:.1f} s" for key, value in report.phases.items()),
            flush=True,
        )

    timed("full pass", full=True)
    timed("incremental, nothing changed")

    # 1,000 pages republished: their read-model rows rewritten as publication rewrites them.
    phrase = ContentHit.objects.values_list("term", flat=True).first() or terms[0].term
    changed = []
    now = timezone.now()
    for row in PublicPage.objects.filter(page_id__in=rnd.sample(ids, CHANGED_PAGES)):
        row.search_text = f"{row.search_text} {phrase}"
        # A new ETag, as a new rendering has (and another than any run before on --reuse).
        row.etag = hashlib.sha1(f"{row.etag}{time.time_ns()}".encode()).hexdigest()
        row.updated_at = now
        # Signed as every writer signs (publicapi.integrity), or the verifier takes it offline.
        row.signature = integrity.page_signature(
            {column: getattr(row, column) for column in integrity.PAGE_COLUMNS}
        )
        changed.append(row)
    PublicPage.objects.bulk_update(
        changed, ["search_text", "etag", "updated_at", "signature"], batch_size=500
    )
    timed(f"incremental, {CHANGED_PAGES:,} pages changed")

    SensitiveTerm.objects.bulk_create(
        SensitiveTerm(term=term, category="sensitive", severity="warning") for term in later
    )
    dictionary_changed()
    timed(f"incremental, {ADDED_TERMS} terms added")

    SensitiveTerm.objects.filter(term__in=later).update(is_active=False, updated_at=timezone.now())
    dictionary_changed()
    timed(f"incremental, {ADDED_TERMS} terms deactivated")

    # What the dashboard reads, for the unit with most hits and for the whole platform.
    busiest = hit_counts_by_unit()[0].unit_id
    reads = {
        "hits of the busiest unit, first 50": lambda: list(hits(unit_ids=[busiest])[:50]),
        "counts by unit, busiest unit": lambda: hit_counts_by_unit(unit_ids=[busiest]),
        "counts by unit, every unit": hit_counts_by_unit,
        "dictionary changed since the last pass?": pending_dictionary_change,
    }
    read_times = {}
    for name, read in reads.items():
        read()
        times = []
        for _ in range(READ_RUNS):
            started = time.perf_counter()
            read()
            times.append(time.perf_counter() - started)
        times.sort()
        read_times[name] = {
            "median_ms": statistics.median(times) * 1000,
            "p95_ms": times[int(0.95 * (len(times) - 1))] * 1000,
        }

    # The naive path, on samples.
    matcher = get_matcher()
    naive_ids = rnd.sample(ids, min(NAIVE_SAMPLE, len(ids)))
    started = time.perf_counter()
    for row in PublicPage.objects.filter(page_id__in=naive_ids):
        scan_text(row.search_text, matcher=matcher)
    naive_rows = (time.perf_counter() - started) / len(naive_ids) * page_count
    page_ids = rnd.sample(ids, min(NAIVE_PAGE_SAMPLE, len(ids)))
    started = time.perf_counter()
    for page in Page.objects.filter(pk__in=page_ids).specific():
        scan_page(page, matcher=matcher)
    naive_pages = (time.perf_counter() - started) / len(page_ids) * page_count
    naive = {
        "read-model rows as model instances, scan_text each": {
            "sample": len(naive_ids),
            "extrapolated_seconds": naive_rows,
        },
        "pages (.specific), scan_page each": {
            "sample": len(page_ids),
            "extrapolated_seconds": naive_pages,
        },
    }
    full_seconds = passes["full pass"]["seconds"]
    results = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": _machine(),
        "database": _database_version(),
        "pages": page_count,
        "sites": site_count,
        "text_mb": text_bytes / 1e6 if text_bytes is not None else None,
        "terms": len(terms),
        "generated_seconds": generated_seconds,
        "passes": passes,
        "reads": read_times,
        "naive": naive,
        "target_seconds_at_a_million": TARGET_SECONDS,
        "full_pass_pages_per_second": page_count / full_seconds,
        "full_pass_at_a_million_seconds": full_seconds * 1_000_000 / page_count,
    }
    machine = ", ".join(f"{key} {value}" for key, value in results["machine"].items())
    text = f", {results['text_mb']:.0f} MB of text" if text_bytes is not None else ""
    lines = [
        f"# Content rescan with the 错敏词 dictionary ({results['date']})",
        "",
        f"{results['database']}, {machine}; {page_count:,} live pages in {site_count} sites"
        f"{text}; a dictionary of {len(terms):,} terms (20 of them phrases of the generated "
        "text, the rest not occurring). One process. `python -m bench.rescan"
        + (f" --pages {args.pages}" if args.pages != 1_000_000 else "")
        + "`.",
        "",
        f"The {CHANGED_PAGES:,} changed pages have their read-model rows rewritten as a "
        "republication rewrites them (text with a listed phrase, ETag, `updated_at`); they are "
        "not republished through Wagtail, whose cost is not the rescan's. Pages scanned whole "
        "after terms are added or deactivated are those where the terms were found.",
        "",
        "| pass | seconds | pages scanned whole | pages read for new terms | hits after |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, figures in passes.items():
        whole = figures["pages_in_full_pass"] + figures["pages_rescanned"]
        lines.append(
            f"| {name} | {figures['seconds']:.1f} | {whole:,} | "
            f"{figures['pages_read_for_new_terms']:,} | {figures['hits_after']:,} |"
        )
    lines += [
        "",
        "Where the time goes (seconds): "
        + "; ".join(
            f"{name}: " + ", ".join(f"{k} {v}" for k, v in figures["phases"].items())
            for name, figures in passes.items()
        )
        + ".",
        "",
        "The naive path, timed on a sample and extrapolated to every page (not run whole). "
        "It only scans: it stores no hits and keeps no state, so each of its runs costs the "
        "whole figure, where an incremental pass above costs seconds. `scan_text` runs every "
        "detector of the pre-publication scan (personal data, links), not the dictionary alone.",
        "",
        "| naive path | sample | extrapolated seconds | × the full pass |",
        "| --- | --- | --- | --- |",
    ]
    for name, figures in naive.items():
        lines.append(
            f"| {name} | {figures['sample']:,} | {figures['extrapolated_seconds']:,.0f} | "
            f"{figures['extrapolated_seconds'] / full_seconds:.1f} |"
        )
    lines += [
        "",
        f"What the dashboard reads (selectors, {READ_RUNS} runs each, warm):",
        "",
        "| read | median ms | p95 ms |",
        "| --- | --- | --- |",
    ]
    for name, figures in read_times.items():
        lines.append(f"| {name} | {figures['median_ms']:.1f} | {figures['p95_ms']:.1f} |")
    at_million = results["full_pass_at_a_million_seconds"]
    verdict = "met" if at_million < TARGET_SECONDS else "NOT met"
    lines += [
        "",
        f"Full pass {results['full_pass_pages_per_second']:,.0f} pages/s"
        + (
            f", {timedelta(seconds=round(full_seconds))} for {page_count:,} pages"
            if page_count >= 1_000_000
            else f"; at that rate a million pages take {at_million / 60:.1f} min (extrapolated)"
        )
        + f" against 20 minutes: {verdict}.",
        "",
    ]
    table = "\n".join(lines)
    write_results("rescan", results, table)
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
