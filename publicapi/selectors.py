"""Reads behind the public API: a fixed number of queries, whatever the page size."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from . import counts
from .models import CURRENT, PublicPage, PublicSite

# Pages that are not items: listings leave them out (``PublicPage.is_item``).
NOT_ITEMS = ("column", "site_root")

# Ids are 64-bit integers in every database; a larger number names nothing (SQLite cannot even
# bind it as a parameter), so it is answered as not found without asking the database.
ID_RANGE = range(-(2**63), 2**63)


def storable(*ids: int | None) -> bool:
    return all(value is None or value in ID_RANGE for value in ids)


@dataclass(frozen=True)
class Position:
    """Where a keyset page starts: after the row published at ``published_at`` with ``page_id``
    (listings are newest first, the higher id first at the same instant)."""

    published_at: datetime
    page_id: int


@dataclass(frozen=True)
class PageSlice:
    count: int
    rows: list[str]
    # The last row's position, for the next page's cursor; None when there is no row.
    last: Position | None = None


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


@dataclass(frozen=True)
class ColumnScope:
    """A public column and what a listing of it covers: its path, and the ids of the public
    columns at that path and below it."""

    url_path: str
    column_ids: list[int]


def column_scope(site_id: int, column_id: int) -> ColumnScope | None:
    """The scope of the public column ``column_id`` of the site, or None: one read of the
    site's columns (a few rows of an index), the subtree found here by path. A LIKE on the
    path in the database cannot use the index under every collation, and the planner, unable
    to estimate it, scanned the whole table for it."""
    if not storable(site_id, column_id):
        return None
    with connection.cursor() as cursor:
        cursor.execute(_SITE_COLUMNS_SQL, [site_id])
        columns = dict(cursor.fetchall())
    url_path = columns.get(column_id)
    if url_path is None:
        _remembered.pop((site_id, column_id), None)
        return None
    scope = ColumnScope(
        url_path, sorted(pk for pk, path in columns.items() if path.startswith(url_path))
    )
    if len(_remembered) >= REMEMBER_AT_MOST:
        _remembered.clear()
    _remembered[(site_id, column_id)] = scope
    return scope


# The scopes this process read last, by (site, column): a column listing is first read on its
# remembered scope, checked in the same statement (:func:`remembered_column_listing`).
_remembered: dict[tuple[int, int], ColumnScope] = {}
REMEMBER_AT_MOST = 20_000


def forget_column_scopes() -> None:
    """Forget every remembered scope, as a process starting afresh (the tests start each test
    so: ids are reused between tests on SQLite)."""
    _remembered.clear()


def plain(published_from: date | None, published_to: date | None, pinned: bool | None) -> bool:
    """Whether a listing is filtered by site, column and type only: the first and the last
    day a date can name bound nothing (their midnights in UTC lie outside what a datetime can
    hold), and are no filter."""
    return (
        (published_from is None or published_from == date.min)
        and (published_to is None or published_to == date.max)
        and pinned is None
    )


def remembered_column_listing(
    site_id: int,
    column_id: int,
    item_type: str | None,
    offset: int,
    limit: int,
    after: Position | None = None,
) -> PageSlice | None:
    """A plain listing of the column read on the scope this process remembers for it, in one
    statement that also reads the column's scope as it is now: the answer when the two agree,
    None when they do not (the scope changed: it is forgotten), when nothing is remembered, or
    when the listing has no row here. On None the caller reads the scope (:func:`column_scope`)
    and lists again; this only saves that read when nothing changed."""
    scope = _remembered.get((site_id, column_id))
    if scope is None or not storable(site_id, column_id):
        return None
    found = _plain_listing(site_id, scope.column_ids, item_type, offset, limit, after, scope)
    if found is None:
        _remembered.pop((site_id, column_id), None)
    return found


def start_of_day(day: date) -> datetime:
    """Midnight of ``day`` in the platform's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _columns_below(site_id: int, column_path: str) -> QuerySet:
    """The public columns at ``column_path`` and below it, as a subquery of their ids."""
    return PublicPage.objects.filter(
        site_id=site_id, type="column", url_path__startswith=column_path
    ).values("page_id")


def in_column(rows: QuerySet, site_id: int, column_path: str) -> QuerySet:
    """``rows`` that sit in the column at ``column_path`` or in a column below it."""
    return rows.filter(column_id__in=_columns_below(site_id, column_path))


def newest_first(
    rows: QuerySet, offset: int, limit: int, *, after: Position | None = None
) -> PageSlice:
    """How many ``rows`` there are, and the listing text of ``limit`` of them, newest first,
    from ``offset`` on or after ``after`` (a keyset read: an index range, however deep)."""
    count = rows.count()
    if after is not None:
        rows = rows.filter(published_at__lte=after.published_at).exclude(
            published_at=after.published_at, page_id__gte=after.page_id
        )
        offset = 0
    elif count <= offset:
        return PageSlice(count=count, rows=[])
    listing = rows.order_by("-published_at", "-page_id").values_list(
        "listing_json", "published_at", "page_id"
    )
    found = list(listing[offset : offset + limit])
    last = Position(found[-1][1], found[-1][2]) if found else None
    return PageSlice(count=count, rows=[row[0] for row in found], last=last)


def _stored_count_keys(site_id: int, column_ids: list[int] | None, item_type: str | None) -> Q:
    """The stored counts (:mod:`publicapi.counts`) of a listing filtered by site, column
    subtree and type only: a few rows, one per column and type in scope."""
    keys = Q(site_id=site_id, archived=False)
    keys &= Q(type=item_type) if item_type else ~Q(type__in=NOT_ITEMS)
    if column_ids is not None:
        keys &= Q(column_id__in=column_ids)
    return keys


def page_listing(
    *,
    site_id: int,
    column_ids: list[int] | None,
    item_type: str | None,
    published_from: date | None,
    published_to: date | None,
    pinned: bool | None = None,
    offset: int,
    limit: int,
    after: Position | None = None,
) -> PageSlice:
    if not storable(site_id):
        return PageSlice(count=0, rows=[])
    # Days and pins cut across the stored counts: those listings count their rows, within the
    # bounds they set; the others (nearly all) are one statement (:func:`_plain_listing`)
    # reading the counts (site, column subtree, type, archive state) with the rows.
    if plain(published_from, published_to, pinned):
        found = _plain_listing(site_id, column_ids, item_type, offset, limit, after)
        if found is not None:
            return found
        # No row: beyond the end (its count read alone), or nothing to list.
        if offset == 0 and after is None:
            return PageSlice(count=0, rows=[])
        keys = _stored_count_keys(site_id, column_ids, item_type)
        return PageSlice(count=counts.listing_count(keys), rows=[])
    # A type names items only; filtering on it alone lets the rows come from its index alone.
    # Filed pages are left out (R22): the archive has its own listing (archive/).
    # A column belongs to one site: its rows are read by column alone, so that one column's
    # page is its own index read newest first, stopping at the page (the site's index would
    # make the database fetch and sort the whole column).
    if column_ids is None:
        rows = PublicPage.objects.filter(CURRENT, site_id=site_id)
    else:
        rows = PublicPage.objects.filter(CURRENT, column_id__in=column_ids)
    rows = rows.filter(type=item_type) if item_type else rows.filter(is_item=True)
    if published_from and published_from > date.min:
        rows = rows.filter(published_at__gte=start_of_day(published_from))
    if published_to and published_to < date.max:
        rows = rows.filter(published_at__lt=start_of_day(published_to + timedelta(days=1)))
    if pinned is not None:
        rows = rows.filter(pinned_now()) if pinned else rows.exclude(pinned_now())
    return newest_first(rows, offset, limit, after=after)


# --- The plain listing in SQL -------------------------------------------------------------------
# A listing filtered by site or column and type only — what nearly every reader asks for — is
# read by one statement written out here rather than built by the ORM: building and compiling
# the query cost more than the database took to answer it (bench/profile_api.py). It reads the
# same rows as ``newest_first`` with the same filters, and its count from the stored counts
# as ``_stored_count_keys`` selects them; tests/publicapi/test_listing.py holds both to it.

_PAGES = PublicPage._meta.db_table
_COUNTS = counts.PublicCount._meta.db_table
_SITE_COLUMNS_SQL = f"SELECT page_id, url_path FROM {_PAGES} WHERE site_id = %s AND type = 'column'"
_DETAIL_SQL = (
    f"SELECT detail_json, etag, updated_at FROM {_PAGES} WHERE page_id = %s AND site_id = %s"
)
_PUBLISHED_AT = PublicPage._meta.get_field("published_at")
_UPDATED_AT = PublicPage._meta.get_field("updated_at")
# The ids of a query's rows as one text, "3,7,12" (in any order).
_ID_LIST = {
    "postgresql": "string_agg(page_id::text, ',')",
    "sqlite": "group_concat(page_id, ',')",
}


def _from_db(field, value):
    """``value`` of ``field`` as the database driver gave it, as the ORM would give it (SQLite
    stores a moment as text; the ORM's converters make it an aware datetime)."""
    column = field.cached_col
    for convert in connection.ops.get_db_converters(column):
        value = convert(value, column, connection)
    return value


def _in(column: str, values: list) -> str:
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def _plain_listing(
    site_id, column_ids, item_type, offset, limit, after, check: ColumnScope | None = None
) -> PageSlice | None:
    """The rows and the stored count of a listing with no date and no pin filter; None when
    it has no row at this place, or when ``check`` (the scope ``column_ids`` were taken from)
    is not the scope of the columns at its path now, read in the same statement."""
    not_items = list(NOT_ITEMS)
    count_where = ["NOT archived", "site_id = %s"]
    count_params: list = [site_id]
    where = ["archived_at IS NULL"]
    params: list = []
    if item_type:
        count_where.append("type = %s")
        count_params.append(item_type)
    else:
        count_where.append(f"NOT ({_in('type', not_items)})")
        count_params += not_items
    if column_ids is None:
        where.append("site_id = %s")
        params.append(site_id)
    else:
        count_where.append(_in("column_id", column_ids))
        count_params += column_ids
        where.append(_in("column_id", column_ids))
        params += column_ids
    if item_type:
        where.append("type = %s")
        params.append(item_type)
    else:
        where.append("is_item")
    if after is not None:
        moment = connection.ops.adapt_datetimefield_value(after.published_at)
        where.append("(published_at < %s OR (published_at = %s AND page_id < %s))")
        params += [moment, moment, after.page_id]
        offset = 0
    scope_now, scope_params = "NULL", []
    if check is not None:
        scope_now = (
            f"(SELECT {_ID_LIST[connection.vendor]} FROM {_PAGES} WHERE site_id = %s "
            "AND type = 'column' AND substr(url_path, 1, %s) = %s)"
        )
        scope_params = [site_id, len(check.url_path), check.url_path]
    sql = (
        f'SELECT listing_json, published_at, page_id, (SELECT SUM("count") FROM {_COUNTS} '
        f"WHERE {' AND '.join(count_where)}), {scope_now} FROM {_PAGES} "
        f"WHERE {' AND '.join(where)} "
        "ORDER BY published_at DESC, page_id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*count_params, *scope_params, *params, limit, offset])
        found = cursor.fetchall()
    if not found:
        return None
    if check is not None:
        now = {int(pk) for pk in (found[0][4] or "").split(",") if pk}
        if now != set(check.column_ids):
            return None
    published_at, page_id = found[-1][1:3]
    return PageSlice(
        count=int(found[0][3] or 0),
        rows=[row[0] for row in found],
        last=Position(_from_db(_PUBLISHED_AT, published_at), page_id),
    )


def pinned_now() -> Q:
    """The rows shown pinned today (Asia/Shanghai): their pin's last day is today or later. A
    pin that has lapsed stops matching at midnight; nothing has to run for it."""
    return Q(pinned_until__gte=timezone.localdate())


def page_detail(site_id: int, page_id: int) -> tuple[str, str, datetime] | None:
    """The stored detail of the page, its ETag and when it changed: one row by its key, read
    by a statement written out (see "The plain listing in SQL" below for why)."""
    if not storable(site_id, page_id):
        return None
    with connection.cursor() as cursor:
        cursor.execute(_DETAIL_SQL, [page_id, site_id])
        found = cursor.fetchone()
    if found is None:
        return None
    detail_json, etag, updated_at = found
    return detail_json, etag, _from_db(_UPDATED_AT, updated_at)


def page_detail_by_path(site_id: int, url_path: str) -> tuple[str, str, datetime] | None:
    if not storable(site_id):
        return None
    return (
        PublicPage.objects.filter(site_id=site_id, url_path=url_path)
        .values_list("detail_json", "etag", "updated_at")
        .first()
    )
