"""Reads behind the public API: a fixed number of queries, whatever the page size."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import CURRENT, PublicPage, PublicSite

# Ids are 64-bit integers in every database; a larger number names nothing (SQLite cannot even
# bind it as a parameter), so it is answered as not found without asking the database.
ID_RANGE = range(-(2**63), 2**63)


def storable(*ids: int | None) -> bool:
    return all(value is None or value in ID_RANGE for value in ids)


@dataclass(frozen=True)
class PageSlice:
    count: int
    rows: list[str]


@dataclass(frozen=True)
class SiteListing:
    rows: list[str]
    # When a site of the list last changed; None when the platform has no site.
    updated_at: datetime | None


def site_listing() -> SiteListing:
    found = list(PublicSite.objects.order_by("site_id").values_list("listing_json", "updated_at"))
    return SiteListing(
        rows=[row for row, _ in found], updated_at=max((when for _, when in found), default=None)
    )


def site_exists(site_id: int) -> bool:
    if not storable(site_id):
        return False
    return PublicSite.objects.filter(site_id=site_id).exists()


def site_row(site_id: int) -> PublicSite | None:
    if not storable(site_id):
        return None
    return PublicSite.objects.filter(site_id=site_id).first()


def column_url_path(site_id: int, column_id: int) -> str | None:
    if not storable(site_id, column_id):
        return None
    return (
        PublicPage.objects.filter(site_id=site_id, page_id=column_id, type="column")
        .values_list("url_path", flat=True)
        .first()
    )


def start_of_day(day: date) -> datetime:
    """Midnight of ``day`` in the platform's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def in_column(rows: QuerySet, site_id: int, column_path: str) -> QuerySet:
    """``rows`` that sit in the column at ``column_path`` or in a column below it."""
    columns = PublicPage.objects.filter(
        site_id=site_id, type="column", url_path__startswith=column_path
    ).values("page_id")
    return rows.filter(column_id__in=columns)


def newest_first(rows: QuerySet, offset: int, limit: int) -> PageSlice:
    """How many ``rows`` there are, and the listing text of those from ``offset`` on."""
    count = rows.count()
    if count <= offset:
        return PageSlice(count=count, rows=[])
    listing = rows.order_by("-published_at", "-page_id").values_list("listing_json", flat=True)
    return PageSlice(count=count, rows=list(listing[offset : offset + limit]))


def page_listing(
    *,
    site_id: int,
    column_path: str | None,
    item_type: str | None,
    published_from: date | None,
    published_to: date | None,
    pinned: bool | None = None,
    offset: int,
    limit: int,
) -> PageSlice:
    if not storable(site_id):
        return PageSlice(count=0, rows=[])
    # A type names items only; filtering on it alone lets the count use its index alone.
    # Filed pages are left out (R22): the archive has its own listing (archive/).
    rows = PublicPage.objects.filter(CURRENT, site_id=site_id)
    rows = rows.filter(type=item_type) if item_type else rows.filter(is_item=True)
    if column_path is not None:
        rows = in_column(rows, site_id, column_path)
    # The first and the last day a date can name bound nothing (and their midnights in UTC lie
    # outside what a datetime can hold): no filter.
    if published_from and published_from > date.min:
        rows = rows.filter(published_at__gte=start_of_day(published_from))
    if published_to and published_to < date.max:
        rows = rows.filter(published_at__lt=start_of_day(published_to + timedelta(days=1)))
    if pinned is not None:
        rows = rows.filter(pinned_now()) if pinned else rows.exclude(pinned_now())
    return newest_first(rows, offset, limit)


def pinned_now() -> Q:
    """The rows shown pinned today (Asia/Shanghai): their pin's last day is today or later. A
    pin that has lapsed stops matching at midnight; nothing has to run for it."""
    return Q(pinned_until__gte=timezone.localdate())


def page_detail(site_id: int, page_id: int) -> tuple[str, str, datetime] | None:
    if not storable(site_id, page_id):
        return None
    return (
        PublicPage.objects.filter(site_id=site_id, page_id=page_id)
        .values_list("detail_json", "etag", "updated_at")
        .first()
    )


def page_detail_by_path(site_id: int, url_path: str) -> tuple[str, str, datetime] | None:
    if not storable(site_id):
        return None
    return (
        PublicPage.objects.filter(site_id=site_id, url_path=url_path)
        .values_list("detail_json", "etag", "updated_at")
        .first()
    )
