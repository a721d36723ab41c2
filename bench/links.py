"""Benchmark the link checks (issue 14, part 3) on a generated platform.

    .venv/bin/python -m bench.links                    # 100,000 content pages
    .venv/bin/python -m bench.links --pages 20000      # a quick run

One run, on PostgreSQL (``--database-url``, ``$BENCH_DATABASE_URL`` or the default below; the
database is dropped and created again):

1. a platform by the existing generator (:mod:`bench.builder`);
2. links written into each item's public row (the generator's bodies have none): two to other
   pages of its site (one of them missing), one to a file, two external ones drawn from a pool
   of addresses on a few thousand hosts — the read model is what the checks read;
3. the collection timed: all pages, then again with nothing changed, then with 1% changed;
4. the internal and file links checked for real (read model and storage); the external ones
   given outcomes (no HTTP leaves this machine): 3% dead and 1% timing out, failing for up to
   30 days;
5. the dashboard's selectors timed for the busiest unit and for all units, p50 and p95;
6. the figures printed and written to ``bench/results/links.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from datetime import datetime, timedelta

from .generate import _describe, open_database, write_results

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcms_links_bench"
HOSTS = 3000
EXTERNAL_POOL = 60_000
REPEAT = 40


def _timed(call, repeat: int = REPEAT) -> dict:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.links", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--pages", type=int, default=100_000, help="content pages")
    parser.add_argument("--sites", type=int, default=30)
    parser.add_argument("--database-url", help=f"default: $BENCH_DATABASE_URL or {DEFAULT_URL}")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        raise SystemExit("The links benchmark runs on PostgreSQL.")
    open_database(url, fresh=True)
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count
    from django.utils import timezone
    from wagtail.models import Site

    from monitoring.links.checking import links_check
    from monitoring.links.collection import links_collect
    from monitoring.links.models import Link, LinkKind, LinkState, LinkUse
    from monitoring.links.selectors import broken_counts_by_unit, broken_links
    from publicapi.models import PublicPage

    from .generate import generate_platform
    from .run import _database_version, _machine

    call_command("migrate", verbosity=0, interactive=False)
    print(f"{_describe(url)}: generating {args.pages:,} content pages…", flush=True)
    generated = generate_platform(args.sites, args.pages, args.seed)
    print(f"  generated in {generated.seconds:.0f} s", flush=True)

    rng = random.Random(args.seed)
    hosts = {site.pk: site.root_url for site in Site.objects.all()}
    paths: dict[int, list[str]] = {}
    for site_id, path in PublicPage.objects.filter(is_item=True).values_list("site_id", "url_path"):
        paths.setdefault(site_id, []).append(path)
    pool = [
        f"https://www.host{rng.randrange(HOSTS)}.example.com/page/{n}" for n in range(EXTERNAL_POOL)
    ]
    t0 = time.perf_counter()
    rows = PublicPage.objects.filter(is_item=True).values_list("page_id", "site_id", "detail_json")
    with transaction.atomic():
        batch = []
        for page_id, site_id, detail_json in rows.iterator(chunk_size=2000):
            detail = json.loads(detail_json)
            links = [
                hosts[site_id] + rng.choice(paths[site_id]),
                f"/no/such/page/{rng.randrange(1000)}/",
                f"/media/documents/bench-{rng.randrange(500)}.pdf",
                rng.choice(pool),
                rng.choice(pool),
            ]
            detail["body"] = (detail.get("body") or "") + "".join(
                f'<p><a href="{href}">链接</a></p>' for href in links
            )
            text = json.dumps(detail, ensure_ascii=False, separators=(",", ":"))
            batch.append(PublicPage(page_id=page_id, detail_json=text, etag=f"bench{page_id}"))
            if len(batch) >= 2000:
                PublicPage.objects.bulk_update(batch, ["detail_json", "etag"])
                batch = []
        PublicPage.objects.bulk_update(batch, ["detail_json", "etag"])
    print(f"  links written into the read model in {time.perf_counter() - t0:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    pages = PublicPage.objects.count()

    t0 = time.perf_counter()
    full = links_collect()
    full_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    links_collect()
    unchanged_s = time.perf_counter() - t0
    changed_ids = rng.sample(
        list(PublicPage.objects.values_list("page_id", flat=True)), max(1, pages // 100)
    )
    PublicPage.objects.filter(page_id__in=changed_ids).update(etag="changed")
    t0 = time.perf_counter()
    incremental = links_collect()
    incremental_s = time.perf_counter() - t0
    print(
        f"  collected {full.pages:,} pages ({full.uses:,} uses, {full.new_links:,} links) in "
        f"{full_s:.1f} s; again unchanged {unchanged_s:.1f} s; 1% changed "
        f"({incremental.pages:,} pages) {incremental_s:.1f} s",
        flush=True,
    )

    own = Link.objects.exclude(kind=LinkKind.EXTERNAL)
    own_count = own.count()
    t0 = time.perf_counter()
    # Only links of the platform are due when the external ones were just checked.
    now = timezone.now()
    Link.objects.filter(kind=LinkKind.EXTERNAL).update(state=LinkState.ALIVE, checked_at=now)
    LinkUse.objects.filter(link__kind=LinkKind.EXTERNAL).update(link_state=LinkState.ALIVE)
    checked = links_check(batch_size=2000)
    own_s = time.perf_counter() - t0
    print(f"  {checked.checked:,} of {own_count:,} own links checked in {own_s:.1f} s", flush=True)

    external = list(Link.objects.filter(kind=LinkKind.EXTERNAL).values_list("pk", flat=True))
    rng.shuffle(external)
    dead = external[: len(external) * 3 // 100]
    slow = external[len(dead) : len(dead) + len(external) // 100]
    for ids, state in ((dead, LinkState.DEAD), (slow, LinkState.TIMEOUT)):
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            days = rng.randrange(31)
            Link.objects.filter(pk__in=chunk).update(
                state=state,
                failing_since=now - timedelta(days=days),
                consecutive_failures=days + 1,
            )
            LinkUse.objects.filter(link_id__in=chunk).update(
                link_state=state, link_failing_since=now - timedelta(days=days)
            )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    busiest = (
        LinkUse.objects.values("unit_id").annotate(n=Count("pk")).order_by("-n").first()["unit_id"]
    )
    selectors = {
        "broken_links, busiest unit, first 50 rows": _timed(
            lambda: list(broken_links(unit_ids=[busiest])[:50])
        ),
        "broken_links, busiest unit, count": _timed(
            lambda: broken_links(unit_ids=[busiest]).count()
        ),
        "broken_counts_by_unit, busiest unit": _timed(
            lambda: broken_counts_by_unit(unit_ids=[busiest])
        ),
        "broken_counts_by_unit, all units": _timed(broken_counts_by_unit, repeat=10),
    }
    for name, figures in selectors.items():
        print(f"  {name}: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms", flush=True)

    results = {
        "when": datetime.now().isoformat(timespec="minutes"),
        "machine": _machine(),
        "database": _database_version(),
        "pages": pages,
        "uses": LinkUse.objects.count(),
        "links": Link.objects.count(),
        "collect": {
            "full_seconds": round(full_s, 1),
            "unchanged_seconds": round(unchanged_s, 1),
            "one_percent_changed_seconds": round(incremental_s, 1),
            "pages_per_second": round(full.pages / full_s) if full_s else None,
        },
        "own_links": {"checked": checked.checked, "seconds": round(own_s, 1)},
        "selectors": selectors,
    }
    table = "\n".join(
        [
            f"Run {results['when']} on {results['machine']['cores']} cores, "
            f"{results['database']}; {pages:,} public pages, {results['uses']:,} link uses, "
            f"{results['links']:,} links.",
            "",
            "| step | figure |",
            "| --- | --- |",
            f"| collect, all pages | {full_s:.1f} s ({results['collect']['pages_per_second']:,} "
            "pages/s) |",
            f"| collect again, nothing changed | {unchanged_s:.1f} s |",
            f"| collect, 1% of pages changed | {incremental_s:.1f} s |",
            f"| check the platform's own links ({checked.checked:,}) | {own_s:.1f} s |",
            *(
                f"| {name} | p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms |"
                for name, f in selectors.items()
            ),
            "",
        ]
    )
    write_results("links", results, table)
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
