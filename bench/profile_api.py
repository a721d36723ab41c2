"""Where a public API request's time goes, in process: ours against its bare-Django floor.

    .venv/bin/python -m bench.profile_api                    # on the platform bench.run made last
    .venv/bin/python -m bench.profile_api --generate 20000   # a fresh small platform first

Each target of ``bench.api`` (first page and deep page of the busiest site's largest column,
and the detail) is requested through Django's handler, without a server, alternately with its
floor, so both meet the same machine; the medians per request are printed side by side, then a
profile of ours (cProfile, the functions with most time of their own) shows what the difference
is made of. The server benchmarks (``make bench``) give the figures that count; this says why.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time

from .run import DEFAULT_URL


def _timed(client, paths: list[str], host: str, rounds: int) -> list[float]:
    times = []
    for n in range(rounds):
        path = paths[n % len(paths)]
        started = time.perf_counter()
        response = client.get(path, HTTP_HOST=host)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.content[:200]!r}")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_api", description=__doc__)
    parser.add_argument("--database-url", help=f"default: $BENCH_DATABASE_URL or {DEFAULT_URL}")
    parser.add_argument("--generate", type=int, help="generate this many content pages first")
    parser.add_argument("--rounds", type=int, default=400)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime", help="pstats order: tottime, cumulative…")
    args = parser.parse_args(argv)
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL

    from .generate import generate_platform, prepare_database

    # As open_database, with the settings the servers of bench.api run with (the floors' urls).
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = url
    prepare_database(url, bool(args.generate))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from .api import _targets

    call_command("migrate", verbosity=0, interactive=False)
    if args.generate:
        generate_platform(5, args.generate, 1)
    host, targets, chosen = _targets()
    print(f"site {chosen['site']}, column {chosen['column']} ({chosen['column_items']} items)")
    client = Client()
    pairs = [
        ("listing", "ours_listing", "floor_listing"),
        ("deep page", "ours_deep", "floor_deep"),
        ("detail", "ours_detail", "floor_detail"),
    ]
    for _label, ours, floor in pairs:  # warm both
        _timed(client, targets[ours], host, 20)
        _timed(client, targets[floor], host, 20)
    print(f"{'target':<10} {'ours ms':>8} {'floor ms':>9} {'floor/ours':>11}")
    for label, ours, floor in pairs:
        mine, floors = [], []
        for _ in range(10):
            mine += _timed(client, targets[ours], host, args.rounds // 10)
            floors += _timed(client, targets[floor], host, args.rounds // 10)
        a, b = statistics.median(mine), statistics.median(floors)
        print(f"{label:<10} {a:>8.2f} {b:>9.2f} {b / a:>10.2f}×")
    for label, ours, _floor in pairs:
        profile = cProfile.Profile()
        profile.enable()
        _timed(client, targets[ours], host, args.rounds)
        profile.disable()
        print(f"\n--- {label}: ours, {args.rounds} requests, by {args.sort}")
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
