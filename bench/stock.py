"""The yardstick: how fast stock Wagtail creates and publishes pages, one at a time.

Each page goes through ``parent.add_child(instance=...)`` (a draft, as the admin creates it)
and ``save_revision().publish()``, the path of the admin and of ``tests/factories.py``, with
every signal the platform listens to (the public read model is refreshed on publish) and
Wagtail's own work: search index (database backend), reference index, log entries. The pages
are deleted again afterwards, so the generated platform is left as it was.

The pages are published inside :func:`cms.content.timestamps.historical_import`, as the
generator's are: the platform's own gates on going live (publication times, and the review
chain where it is installed) would otherwise refuse a publish that skips the review workflow.
Wagtail's work is the same either way.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass

from wagtail.models import Page

from cms.content.models import ColumnPage, NewsPage
from cms.content.timestamps import historical_import

from . import corpus


@dataclass
class StockResult:
    count: int
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0


def _news_column(root_page_id: int | None) -> ColumnPage:
    columns = ColumnPage.objects.filter(numchild__gt=0).order_by("path")
    if root_page_id is not None:
        columns = columns.filter(path__startswith=Page.objects.get(pk=root_page_id).path)
    leaf = (
        next((c for c in columns if not c.get_children().type(ColumnPage).exists()), None)
        or ColumnPage.objects.order_by("path").first()
    )
    if leaf is None:
        raise RuntimeError("There is no column to publish into: generate a platform first.")
    return leaf


def stock_benchmark(
    count: int = 50, *, root_page_id: int | None = None, seed: int = 0, keep: bool = False
) -> StockResult:
    """Create and publish ``count`` news pages the stock way; time it; delete them unless kept."""
    rng = random.Random(seed)
    column = _news_column(root_page_id)
    unit = column.responsible_unit
    place = corpus.Place(
        name=unit.short_name or unit.name,
        short=unit.short_name or unit.name,
        pinyin="",
        kind="区",
        province=corpus.PROVINCES[0],
        city=corpus.CITY_NAMES[0],
        region_code="610302",
    )
    started = time.perf_counter()
    with historical_import():
        ids = _publish_pages(rng, column, unit, place, count)
    seconds = time.perf_counter() - started
    if not keep:
        # Their audit log entries stay: the log is append-only (editorial/dbguards.py).
        for page in NewsPage.objects.filter(pk__in=ids):
            page.delete()
    return StockResult(count=count, seconds=seconds)


def _publish_pages(rng, column, unit, place, count: int) -> list[int]:
    ids = []
    for _ in range(count):
        today = time.localtime()
        ctx = corpus.TextContext(
            place=place,
            unit=unit.name,
            unit_short=unit.short_name or unit.name,
            departments=[unit.name],
            leaders=corpus.LEADERS["区"],
            year=today.tm_year,
            month=today.tm_mon,
            day=today.tm_mday,
        )
        paragraphs = corpus.body_paragraphs(rng, ctx)
        page = column.add_child(
            instance=NewsPage(
                title=corpus.news_title(rng, ctx),
                slug=f"stock-{uuid.uuid4().hex[:12]}",
                summary=corpus.summary_of(paragraphs),
                body=corpus.html(paragraphs),
                source=unit.name,
                owner=column.responsible_person,
                live=False,  # a draft, as the admin creates it
            )
        )
        page.save_revision().publish()
        ids.append(page.pk)
    return ids
