"""Reads behind the archive's public endpoints and the site's search, on the read model.

The search matches each word of the query as a substring of the page's words: with no
segmentation Chinese needs (no database parser splits Hanzi into words), a substring is what
finds "归档" in "归档管理办法". Bounded by site, and by the archive's partial indexes.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from .models import ARCHIVED, CURRENT, PublicPage
from .selectors import PageSlice, in_column, newest_first, start_of_day

MAX_TERMS = 5


@dataclass(frozen=True)
class Filters:
    site_id: int
    column_path: str | None = None
    item_type: str | None = None
    year: int | None = None
    month: int | None = None
    query: str | None = None
    archived: str = "only"  # "only", "exclude" or "include"


def terms(query: str | None) -> list[str]:
    return list(dict.fromkeys((query or "").split()))[:MAX_TERMS]


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
    for term in terms(filters.query):
        found = found.filter(search_text__icontains=term)
    return found


def page_slice(filters: Filters, offset: int, limit: int) -> PageSlice:
    return newest_first(rows(filters), offset, limit)


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
