"""Reads behind the archive's public endpoints, on the read model.

Words are looked up in the platform's search index (:mod:`search`), as the site's search does:
the filed items holding them, newest first, up to :data:`MAX_MATCHES`; the browsing filters and
the calendar then work on those.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from search import services as search_services
from search.query import NEWEST
from search.query import Filters as IndexFilters

from .models import ARCHIVED, CURRENT, PublicPage
from .search_selectors import ARCHIVED_FILTER
from .selectors import PageSlice, Position, in_column, newest_first, start_of_day

# Filed items a search of the archive reaches, newest first.
MAX_MATCHES = 10_000


@dataclass(frozen=True)
class Filters:
    site_id: int
    column_path: str | None = None
    item_type: str | None = None
    year: int | None = None
    month: int | None = None
    query: str | None = None
    archived: str = "only"  # "only", "exclude" or "include"


def _matching(filters: Filters) -> list[int]:
    found = search_services.search(
        filters.query,
        IndexFilters(site_ids=(filters.site_id,), archived=ARCHIVED_FILTER[filters.archived]),
        site_id=filters.site_id,
        relax=False,
        sort=NEWEST,
        limit=MAX_MATCHES,
    )
    return found.hits.page_ids


def _period(year: int, month: int | None) -> tuple[datetime, datetime]:
    if month is None:
        return start_of_day(date(year, 1, 1)), start_of_day(date(year + 1, 1, 1))
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return start_of_day(date(year, month, 1)), start_of_day(following)


def rows(filters: Filters) -> QuerySet:
    found = PublicPage.objects.filter(site_id=filters.site_id)
    if filters.item_type:
        found = found.filter(type=filters.item_type)
    else:
        found = found.filter(is_item=True)
    if filters.archived == "only":
        found = found.filter(ARCHIVED)
    elif filters.archived == "exclude":
        found = found.filter(CURRENT)
    if filters.column_path is not None:
        found = in_column(found, filters.site_id, filters.column_path)
    if filters.year is not None:
        start, end = _period(filters.year, filters.month)
        found = found.filter(published_at__gte=start, published_at__lt=end)
    if filters.query and filters.query.strip():
        found = found.filter(page_id__in=_matching(filters))
    return found


def page_slice(
    filters: Filters, offset: int, limit: int, after: Position | None = None
) -> PageSlice:
    """``limit`` filed rows from ``offset``, or after ``after`` (a cursor's position)."""
    return newest_first(rows(filters), offset, limit, after=after)


def calendar(filters: Filters) -> list[dict]:
    """Counts per year and month of first publication (Asia/Shanghai), newest first."""
    zone = timezone.get_current_timezone()
    counted = (
        rows(filters)
        .annotate(
            year=ExtractYear("published_at", tzinfo=zone),
            month=ExtractMonth("published_at", tzinfo=zone),
        )
        .values("year", "month")
        .annotate(count=Count("*"))
        .order_by("-year", "-month")
    )
    years: dict[int, dict] = {}
    for entry in counted:
        year = years.setdefault(entry["year"], {"year": entry["year"], "count": 0, "months": []})
        year["count"] += entry["count"]
        year["months"].append({"month": entry["month"], "count": entry["count"]})
    return list(years.values())
