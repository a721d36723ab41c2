"""Benchmark the daily inspection and the monitoring page (issue 14) at scale.

    .venv/bin/python -m bench.monitoring                      # 100,000 pages in 30 sites
    .venv/bin/python -m bench.monitoring --pages 1000000 --sites 300
    .venv/bin/python -m bench.monitoring --reuse --database-url postgres://…/govcms_bench_x

One run:

1. a platform by the generator (:mod:`bench.builder`), or the one already in the database with
   ``--reuse``; an open mailbox per site, so that the consultation channel does not fail them all;
2. the daily inspection (``monitor_run``: every site's standing, every column's state, the
   warnings), timed whole, against the page-tree reckoning it replaced (the newest live item
   below each column read from Wagtail's tree, as ``cms/content/freshness.py`` did) on the same
   columns — timed on a sample of sites and scaled to all of them when it would take too long;
3. the monitoring page as the staff of the unit with the most columns see it, through Django's
   test client after a warm-up (p50, p95), beside Wagtail's own admin home for the same person:
   the page every admin user opens, on the same data;
4. the figures printed and written to ``bench/results/monitoring.{json,md}``
   (``monitoring-million.*`` at a million pages).

Targets (issue 14): the inspection under 10 minutes and the page under 300 ms p95 at a million
pages in 300 sites.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from datetime import datetime

from .generate import _describe, generate_platform, open_database, write_results

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcms_bench_monitor"
REQUESTS = 40
WARMUP = 5
TREE_SAMPLE_SITES = 10


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * (len(ordered) - 1) + 0.5))]


def add_mailboxes() -> int:
    from wagtail.models import Site

    from cms.sites.models import SiteIdentity
    from knowledgebase.mailbox.models import Mailbox, MailboxKind

    have = set(Mailbox.objects.values_list("site_id", flat=True))
    operators = dict(SiteIdentity.objects.values_list("site_id", "operator_unit_id"))
    new = [
        Mailbox(site_id=pk, name="咨询信箱", kind=MailboxKind.CONSULTATION, unit_id=operators[pk])
        for pk in Site.objects.values_list("pk", flat=True)
        if pk not in have and operators.get(pk)
    ]
    Mailbox.objects.bulk_create(new)
    return len(new)


def tree_reckoning(site_ids: list[int]) -> float:
    """The newest live item below each public column of ``site_ids``, read from the page tree
    one column at a time: the reckoning before the read model (seconds)."""
    from django.db.models import F, OuterRef, Subquery
    from wagtail.models import Page, Site

    from cms.content.models import ColumnPage

    started = time.perf_counter()
    for site in Site.objects.filter(pk__in=site_ids):
        root = Page.objects.get(pk=site.root_page_id)
        columns = ColumnPage.objects.filter(live=True, path__startswith=root.path)
        items = Page.objects.filter(
            live=True, path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1
        ).exclude(pk__in=ColumnPage.objects.values("pk"))
        newest = items.order_by(F("first_published_at").desc(nulls_last=True)).values(
            "first_published_at"
        )[:1]
        list(columns.annotate(last=Subquery(newest)).values_list("pk", "last"))
    return time.perf_counter() - started


def staff_of_busiest_unit():
    """A new 信息员 of the unit answering for the most columns, and that unit's column count."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from cms.content.models import ColumnPage
    from cms.organisation.models import Role, RoleAssignment

    busiest = (
        ColumnPage.objects.values("responsible_unit_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    user, _ = get_user_model().objects.get_or_create(
        username="bench_monitor", defaults={"first_name": "监测", "is_active": True}
    )
    RoleAssignment.objects.get_or_create(
        user=user, unit_id=busiest["responsible_unit_id"], role=Role.INFO_OFFICER
    )
    return user, busiest["n"]


def platform_admin():
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username="bench_monitor_admin", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def timed_gets(client, url: str) -> list[float]:
    for _ in range(WARMUP):
        client.get(url)
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.monitoring", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=30)
    parser.add_argument("--database-url", help=f"default: $BENCH_DATABASE_URL or {DEFAULT_URL}")
    parser.add_argument("--reuse", action="store_true", help="use the platform already there")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL

    open_database(url, fresh=not args.reuse)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.utils import timezone
    from wagtail.models import Site

    from monitoring.standing.facts import column_facts
    from monitoring.standing.inspection import run_inspection
    from monitoring.standing.models import ColumnState, Finding
    from publicapi.models import PublicPage

    results: dict = {"run_at": datetime.now().isoformat(timespec="minutes")}
    if not args.reuse:
        call_command("migrate", verbosity=0, interactive=False)
        print(f"{_describe(url)}: generating {args.pages:,} pages in {args.sites} sites…")
        started = time.perf_counter()
        generate_platform(sites=args.sites, pages=args.pages, seed=args.seed)
        results["generation_s"] = round(time.perf_counter() - started, 1)
    else:
        call_command("migrate", verbosity=0, interactive=False)
    results["mailboxes_added"] = add_mailboxes()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    results["pages"] = PublicPage.objects.filter(is_item=True).count()
    results["sites"] = Site.objects.count()
    results["database"] = _describe(url)

    print("the daily inspection…", flush=True)
    started = time.perf_counter()
    run = run_inspection(again=True)
    inspection_s = time.perf_counter() - started
    results["inspection"] = {
        "seconds": round(inspection_s, 1),
        "sites": run.sites,
        "standings": run.standings,
        "warnings": run.warnings,
        "columns": ColumnState.objects.filter(inspection__day=run.day).count(),
        "findings": Finding.objects.filter(standing__inspection__day=run.day).count(),
    }
    print(f"  {inspection_s:.1f} s for {run.sites} sites", flush=True)

    site_ids = list(Site.objects.order_by("pk").values_list("pk", flat=True))
    sample = site_ids[:TREE_SAMPLE_SITES]
    tree_s = tree_reckoning(sample)
    ours_sample_started = time.perf_counter()
    for pk in sample:
        column_facts(pk, today=timezone.localdate())
    ours_sample_s = time.perf_counter() - ours_sample_started
    results["freshness_sample"] = {
        "sites": len(sample),
        "read_model_s": round(ours_sample_s, 3),
        "page_tree_s": round(tree_s, 3),
        "page_tree_all_sites_estimate_s": round(tree_s / len(sample) * len(site_ids), 1),
    }
    print(
        f"  freshness of {len(sample)} sites: read model {ours_sample_s:.2f} s, "
        f"page tree {tree_s:.2f} s",
        flush=True,
    )

    user, columns = staff_of_busiest_unit()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    # The admin's static files from the apps themselves, so that no collectstatic is needed.
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    admin = Client(HTTP_HOST="127.0.0.1")
    admin.force_login(platform_admin())
    with override_settings(STORAGES=plain_static, ALLOWED_HOSTS=["127.0.0.1"]):
        ours = timed_gets(client, "/admin/monitoring/")
        stock = timed_gets(client, "/admin/")
        everything = timed_gets(admin, "/admin/monitoring/")
        everything_stock = timed_gets(admin, "/admin/")
    results["dashboard"] = {
        "unit_columns": columns,
        "monitoring_p50_ms": round(statistics.median(ours), 1),
        "monitoring_p95_ms": round(_percentile(ours, 0.95), 1),
        "wagtail_home_p50_ms": round(statistics.median(stock), 1),
        "wagtail_home_p95_ms": round(_percentile(stock, 0.95), 1),
        "platform_admin_p50_ms": round(statistics.median(everything), 1),
        "platform_admin_p95_ms": round(_percentile(everything, 0.95), 1),
        "platform_admin_home_p50_ms": round(statistics.median(everything_stock), 1),
        "platform_admin_home_p95_ms": round(_percentile(everything_stock, 0.95), 1),
        "requests": REQUESTS,
    }
    d = results["dashboard"]
    table = (
        f"Run {results['run_at']} on {os.cpu_count()} cores, Python {platform.python_version()},"
        f" {results['database']}; {results['pages']:,} live items in {results['sites']} sites.\n\n"
        "| measure | ours | comparison |\n| --- | --- | --- |\n"
        f"| daily inspection, all sites | {results['inspection']['seconds']} s "
        f"({results['inspection']['columns']:,} columns) | target < 600 s |\n"
        f"| column freshness, {len(sample)} sites | {ours_sample_s:.2f} s (read model) | "
        f"{tree_s:.2f} s (page tree, as before; all sites ≈ "
        f"{results['freshness_sample']['page_tree_all_sites_estimate_s']} s) |\n"
        f"| monitoring page, unit of {columns} columns | p50 {d['monitoring_p50_ms']} ms, "
        f"p95 {d['monitoring_p95_ms']} ms | Wagtail admin home p50 {d['wagtail_home_p50_ms']} ms, "
        f"p95 {d['wagtail_home_p95_ms']} ms; target p95 < 300 ms |\n"
        f"| monitoring page, platform superuser (all {results['sites']} sites) | "
        f"p50 {d['platform_admin_p50_ms']} ms, p95 {d['platform_admin_p95_ms']} ms | "
        f"Wagtail admin home p50 {d['platform_admin_home_p50_ms']} ms, "
        f"p95 {d['platform_admin_home_p95_ms']} ms |\n"
    )
    print(table)
    name = "monitoring-million" if results["pages"] >= 900_000 else "monitoring"
    write_results(name, results, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
