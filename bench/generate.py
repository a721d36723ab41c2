"""Generate a whole platform in a database, fast, and compare with stock Wagtail.

    .venv/bin/python -m bench.generate --sites 20 --pages 100000 \\
        [--database-url postgres://postgres@127.0.0.1:5432/govcms_bench] [--fresh]

Runs ``migrate`` first, generates, checks a sample (tree, revisions, URLs, public rows), then
times stock Wagtail (``add_child`` + ``save_revision().publish()``) on ``--stock`` pages and
prints both rates. Without ``--database-url`` it uses ``DATABASE_URL`` or ``var/bench.sqlite3``
(never the development database). ``--fresh`` drops and recreates the database first.

Wagtail's search index is not filled: indexing at this scale is a later issue
(``manage.py update_index`` does it the slow way).

From code (Django set up), use :func:`generate_platform`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_SQLITE = Path(__file__).resolve().parent.parent / "var" / "bench.sqlite3"
RESULTS = Path(__file__).resolve().parent / "results"


def generate_platform(sites: int = 2, pages: int = 200, seed: int = 1, **options):
    """Generate ``sites`` sites and ``pages`` content pages; see :mod:`bench.builder`."""
    from .builder import generate_platform as generate

    return generate(sites=sites, pages=pages, seed=seed, **options)


def check_platform(result, *, sample: int = 200, seed: int = 0) -> list[str]:
    from .check import check_platform as check

    return check(result.site_ids, result.root_page_ids, sample=sample, seed=seed)


def prepare_database(url: str, fresh: bool) -> None:
    """Create the database if missing; with ``fresh``, drop it first (SQLite: delete the file)."""
    import dj_database_url

    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        path = Path(config["NAME"])
        if fresh:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("The generator supports PostgreSQL and SQLite only.")
    import psycopg
    from psycopg import sql

    name = config["NAME"]
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    with psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v}) as conn:
        if fresh:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def open_database(url: str, *, fresh: bool) -> None:
    """Point Django at ``url`` (dropped and created again when ``fresh``) and set it up: how
    every benchmark starts."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    os.environ["DATABASE_URL"] = url
    prepare_database(url, fresh)
    import django

    django.setup()


def open_demo(url: str, *, reuse: bool) -> None:
    """Open ``url`` with the demo platform in it: built afresh (``load_demo``), or the one built
    before when ``reuse``, with today's starter synonyms and today's index either way — the
    platform the judged-set benchmarks (relevance, answers) ask their questions of."""
    open_database(url, fresh=not reuse)
    from django.core.management import call_command

    from search.synonyms import STARTER

    quiet = open(os.devnull, "w")
    if not reuse:
        call_command("migrate", verbosity=0, interactive=False)
        print(f"{_describe(url)}: building the demo platform…", flush=True)
        call_command("load_demo", stdout=quiet)
    # The dictionary as it is today (a demo built before kept the one of its day).
    call_command("search_synonyms", str(STARTER), stdout=quiet)
    if reuse:  # indexed as today's code indexes
        call_command("search_rebuild", "--no-progress", stdout=quiet)


def busiest_site_id(*conditions, **filters) -> int | None:
    """The site with the most read-model rows matching the conditions and filters (the
    benchmarks measure the site that costs most), or None when no row matches."""
    from django.db.models import Count

    from publicapi.models import PublicPage

    busiest = (
        PublicPage.objects.filter(*conditions, **filters)
        .values("site_id")
        .annotate(n=Count("page_id"))
        .order_by("-n")
        .first()
    )
    return busiest["site_id"] if busiest else None


def write_results(name: str, results: dict, table: str) -> None:
    """``bench/results/<name>.json`` and ``.md``."""
    import json

    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    (RESULTS / f"{name}.md").write_text(table, encoding="utf-8")


def _describe(url: str) -> str:
    parts = urlsplit(url)
    return "PostgreSQL" if parts.scheme.startswith("postgres") else "SQLite"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--pages", type=int, default=10_000, help="content pages in all")
    parser.add_argument("--database-url", help="default: $DATABASE_URL or var/bench.sqlite3")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--no-thread", action="store_true", help="write batches in the main thread")
    parser.add_argument("--stock", type=int, default=50, help="pages for stock Wagtail (0: skip)")
    parser.add_argument("--check-sample", type=int, default=200, help="content pages to check")
    args = parser.parse_args(argv)

    url = args.database_url or os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"
    open_database(url, fresh=args.fresh)
    from django.core.management import call_command

    backend = _describe(url)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"{backend}: migrated in {time.perf_counter() - started:.1f} s", flush=True)

    last = [0.0]

    def progress(message: str) -> None:
        now = time.perf_counter()
        if now - last[0] >= 10:
            last[0] = now
            print(f"  {message}", flush=True)

    result = generate_platform(
        args.sites,
        args.pages,
        args.seed,
        batch_size=args.batch_size,
        threaded=False if args.no_thread else None,
        progress=progress,
    )
    print(
        f"{backend}: generated {len(result.site_ids)} sites, {result.column_count} columns and "
        f"{result.item_count:,} content pages ({result.page_count:,} pages) in "
        f"{result.seconds:.1f} s: {result.items_per_second:,.0f} content pages/s",
        flush=True,
    )
    print("  phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in result.phases.items()))

    started = time.perf_counter()
    problems = check_platform(result, sample=args.check_sample, seed=args.seed)
    print(
        f"check ({args.check_sample} content pages and every container): "
        f"{'OK' if not problems else f'{len(problems)} problems'} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    for problem in problems[:20]:
        print(f"  {problem}")

    if args.stock:
        from .stock import stock_benchmark

        stock = stock_benchmark(args.stock, root_page_id=result.root_page_ids[0], seed=args.seed)
        print(
            f"{backend}: stock Wagtail (add_child + save_revision().publish()), {stock.count} "
            f"pages in {stock.seconds:.1f} s: {stock.pages_per_second:,.1f} pages/s; the "
            f"generator is {result.items_per_second / stock.pages_per_second:,.0f}x faster"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
