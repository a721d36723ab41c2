"""Benchmark: the public read API against stock Wagtail API v2 and a bare Django JSON view.

All are served by the same gunicorn (2 sync workers, the production setup) from the same
database in the same run; wrk drives 8 concurrent connections on loopback. The floors
(``bench/urls.py``) read the same rows of the read model as ours, through the same indexes, with
nothing of ours around them. Every target is warmed up, then measured in ``repeats`` rounds of
all targets in turn; the median and the spread (min–max) are reported.
"""

import statistics
from dataclasses import asdict, dataclass

from .generate import busiest_site_id
from .load import LoadResult, run_load
from .server import peak_rss_mb, running_server, wait_until_idle, worker_pids


@dataclass
class Measured:
    name: str
    requests_per_second: float
    rps_min: float
    rps_max: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def _largest_leaf_column(site_id: int) -> tuple[int, int]:
    """The column of ``site_id`` holding most current items directly and no public sub-column
    (the floor reads its rows by ``column_id`` alone), with how many items it holds."""
    from django.db.models import Count

    from publicapi.models import CURRENT, PublicPage

    public_columns = PublicPage.objects.filter(CURRENT, site_id=site_id, type="column")
    parents = {
        parent
        for parent in public_columns.values_list("column_id", flat=True)
        if parent is not None
    }
    sizes = (
        PublicPage.objects.filter(CURRENT, site_id=site_id, is_item=True)
        .exclude(column_id__in=parents)
        .values("column_id")
        .annotate(n=Count("*"))
        .order_by("-n")
    )
    largest = sizes.first()
    return largest["column_id"], largest["n"]


def _deep_positions(site_id: int, column_id: int, pages: range, page_size: int = 20):
    """For each page number of ``pages``: the position the page starts after (the last row of
    the page before), as a cursor and as the floor's ``before``."""
    from publicapi import cursors
    from publicapi.models import CURRENT, PublicPage
    from publicapi.selectors import Position

    rows = (
        PublicPage.objects.filter(CURRENT, site_id=site_id, is_item=True, column_id=column_id)
        .order_by("-published_at", "-page_id")
        .values_list("published_at", "page_id")
    )
    # The scope the API computes for ?column=<id> and nothing else (publicapi.api).
    listing = cursors.scope(site_id, column_id, None, None, None, None, page_size)
    found = []
    for page in pages:
        published_at, page_id = rows[(page - 1) * page_size - 1]
        token = cursors.encode(page, Position(published_at, page_id), listing)
        found.append((page, token, f"{published_at.isoformat()},{page_id}"))
    return found


def _targets() -> tuple[str, dict[str, list[str]], dict]:
    """The site measured (the one with most news), the paths of each target on it, and what
    was chosen: the first page and a deep page of its largest column, and 500 of its items.

    Stock Wagtail's API serves the site of the request's host name, so every request carries
    the host name of that site.
    """
    from urllib.parse import quote

    from wagtail.models import Site

    from cms.content.models import NewsPage
    from publicapi.models import PublicPage

    busiest = busiest_site_id(type="news")
    if busiest is None:
        raise SystemExit("no news items: generate a platform first")
    site = Site.objects.get(pk=busiest)
    items = list(
        PublicPage.objects.filter(site=site, type="news")
        .order_by("-published_at")
        .values_list("page_id", flat=True)[:500]
    )
    if not items or not NewsPage.objects.filter(pk__in=items[:1]).exists():
        raise SystemExit("no news items on the default site: generate a platform first")
    column, size = _largest_leaf_column(site.pk)
    last_page = max(2, -(-size // 20))
    # Ten consecutive pages near the end of the column: the deepest a reader goes.
    deep = range(max(2, last_page - 10), last_page + 1)[-10:]
    positions = _deep_positions(site.pk, column, deep)
    listing = f"/api/v1/sites/{site.pk}/pages?column={column}"
    floor_listing = f"/floor/sites/{site.pk}/pages?column={column}"
    chosen = {"site": site.pk, "column": column, "column_items": size, "deep_pages": list(deep)}
    return (
        site.hostname,
        {
            "ours_listing": [listing],
            "floor_listing": [floor_listing],
            "ours_deep": [f"{listing}&cursor={quote(token)}" for _, token, _ in positions],
            "ours_deep_offset": [f"{listing}&page={page}" for page, _, _ in positions],
            "floor_deep": [f"{floor_listing}&before={quote(b)}" for _, _, b in positions],
            "stock_listing": [
                f"/stock/api/v2/pages/?type=content.NewsPage&fields=summary,source"
                f"&order=-first_published_at&limit=20&offset={(n - 1) * 20}"
                for n in range(1, 11)
            ],
            "ours_detail": [f"/api/v1/sites/{site.pk}/pages/{pk}" for pk in items],
            "floor_detail": [f"/floor/sites/{site.pk}/pages/{pk}" for pk in items],
            "stock_detail": [f"/stock/api/v2/pages/{pk}/" for pk in items],
            "floor": ["/floor/"],
        },
        chosen,
    )


def _summary(name: str, runs: list[LoadResult]) -> Measured:
    rps = [run.requests_per_second for run in runs]
    return Measured(
        name=name,
        requests_per_second=statistics.median(rps),
        rps_min=min(rps),
        rps_max=max(rps),
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p99_ms=statistics.median(run.p99_ms for run in runs),
        non_2xx=sum(run.non_2xx for run in runs),
    )


def _ratio(ours, other) -> float | None:
    """Requests/s of ``ours`` over ``other``; None when ``other`` measured nothing (wrk met
    only errors or timeouts on a machine too busy to answer)."""
    if not other.requests_per_second:
        return None
    return ours.requests_per_second / other.requests_per_second


def run(database_url: str, *, seconds: int = 8, repeats: int = 3) -> dict:
    """Measure every target ``repeats`` times, interleaved: round after round of all targets
    (A, B, C, … then A, B, C, …), so that background load on a shared machine hits each alike
    and the ratios of one round compare like with like. Each measurement starts on an idle
    server (:func:`bench.server.wait_until_idle`): nothing a slower target left queued runs
    into it."""
    host, targets, chosen = _targets()
    runs: dict[str, list[LoadResult]] = {name: [] for name in targets}
    with running_server(database_url) as (base_url, master_pid):
        for paths in targets.values():
            run_load(base_url, paths, seconds=2, host=host)  # warm-up: caches, code paths
            wait_until_idle(master_pid)
        for round_number in range(1, repeats + 1):
            for name, paths in targets.items():
                result = run_load(base_url, paths, seconds=seconds, host=host)
                runs[name].append(result)
                drained = wait_until_idle(master_pid)
                print(
                    f"  round {round_number} {name:17} {result.requests_per_second:8.1f} req/s"
                    f"  p50 {result.p50_ms:6.2f} ms  p99 {result.p99_ms:6.2f} ms"
                    f"  non-2xx {result.non_2xx}  (idle after {drained:.1f} s)",
                    flush=True,
                )
        peak_rss = max((peak_rss_mb(pid) for pid in worker_pids(master_pid)), default=0.0)
    results = {name: _summary(name, found) for name, found in runs.items()}

    def ratio(ours: str, other: str) -> float | None:
        return _ratio(results[ours], results[other])

    ratios = {
        "listing_vs_stock": ratio("ours_listing", "stock_listing"),
        "detail_vs_stock": ratio("ours_detail", "stock_detail"),
        "listing_vs_floor": ratio("ours_listing", "floor_listing"),
        "deep_vs_floor": ratio("ours_deep", "floor_deep"),
        "deep_offset_vs_floor": ratio("ours_deep_offset", "floor_deep"),
        "detail_vs_floor": ratio("ours_detail", "floor_detail"),
    }
    # The same ratios round by round: each round's targets met the same background load.
    per_round = {
        key: [_ratio(runs[ours][i], runs[other][i]) for i in range(repeats)]
        for key, (ours, other) in {
            "listing_vs_floor": ("ours_listing", "floor_listing"),
            "deep_vs_floor": ("ours_deep", "floor_deep"),
            "detail_vs_floor": ("ours_detail", "floor_detail"),
        }.items()
    }
    print(f"  worker peak RSS {peak_rss:.0f} MB")
    for key, value in ratios.items():
        print(f"  {key:20} {value if value is not None else float('nan'):6.2f}x")
    return {
        "targets": {name: asdict(value) for name, value in results.items()},
        "chosen": chosen,
        "ratios": ratios,
        "ratios_per_round": per_round,
        "worker_peak_rss_mb": peak_rss,
    }
