"""Benchmark: the public read API against stock Wagtail API v2 and a bare Django JSON view.

All three are served by the same gunicorn (2 sync workers, the production setup) from the same
database in the same run; wrk drives 8 concurrent connections on loopback. Each target is warmed
up, then measured ``repeats`` times; the median and the spread (min–max) are reported.
"""

import statistics
from dataclasses import asdict, dataclass

from .generate import busiest_site_id
from .load import LoadResult, run_load
from .server import peak_rss_mb, running_server, worker_pids


@dataclass
class Measured:
    name: str
    requests_per_second: float
    rps_min: float
    rps_max: float
    p50_ms: float
    p99_ms: float
    non_2xx: int


def _targets() -> tuple[str, dict[str, list[str]]]:
    """The site measured (the one with most news) and the paths of each target on it.

    Stock Wagtail's API serves the site of the request's host name, so every request carries
    the host name of that site.
    """
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
    pages = range(1, 11)
    return site.hostname, {
        "ours_listing": [f"/api/v1/sites/{site.pk}/pages?type=news&page={n}" for n in pages],
        "stock_listing": [
            f"/stock/api/v2/pages/?type=content.NewsPage&fields=summary,source"
            f"&order=-first_published_at&limit=20&offset={(n - 1) * 20}"
            for n in pages
        ],
        "ours_detail": [f"/api/v1/sites/{site.pk}/pages/{pk}" for pk in items],
        "stock_detail": [f"/stock/api/v2/pages/{pk}/" for pk in items],
        "floor": ["/floor/"],
    }


def _measure(
    base_url: str, host: str, name: str, paths: list[str], seconds: int, repeats: int
) -> Measured:
    run_load(base_url, paths, seconds=2, host=host)  # warm-up: caches, connections, code paths
    runs: list[LoadResult] = [
        run_load(base_url, paths, seconds=seconds, host=host) for _ in range(repeats)
    ]
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


def run(database_url: str, *, seconds: int = 8, repeats: int = 3) -> dict:
    host, targets = _targets()
    results: dict[str, Measured] = {}
    with running_server(database_url) as (base_url, master_pid):
        for name, paths in targets.items():
            results[name] = _measure(base_url, host, name, paths, seconds, repeats)
            print(
                f"  {name:14} {results[name].requests_per_second:8.1f} req/s "
                f"(min {results[name].rps_min:.1f}, max {results[name].rps_max:.1f})  "
                f"p50 {results[name].p50_ms:6.2f} ms  p99 {results[name].p99_ms:6.2f} ms"
                f"  non-2xx {results[name].non_2xx}",
                flush=True,
            )
        peak_rss = max((peak_rss_mb(pid) for pid in worker_pids(master_pid)), default=0.0)
    floor = results["floor"].requests_per_second
    ratios = {
        "listing_vs_stock": results["ours_listing"].requests_per_second
        / results["stock_listing"].requests_per_second,
        "detail_vs_stock": results["ours_detail"].requests_per_second
        / results["stock_detail"].requests_per_second,
        "listing_vs_floor": results["ours_listing"].requests_per_second / floor,
        "detail_vs_floor": results["ours_detail"].requests_per_second / floor,
    }
    print(f"  worker peak RSS {peak_rss:.0f} MB")
    for key, value in ratios.items():
        print(f"  {key:18} {value:6.2f}x")
    return {
        "targets": {name: asdict(value) for name, value in results.items()},
        "ratios": ratios,
        "worker_peak_rss_mb": peak_rss,
    }
