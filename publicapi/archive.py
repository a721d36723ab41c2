"""The archive in the public API (R22): browse a site's filed pages by column, type, year and
month, count them per year and month, search inside them; and the site's search
(:mod:`publicapi.search`), which keeps filed pages with a filter. Joined to the public API
(``publicapi.api``) at start-up."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from . import archive_selectors as selectors
from . import schemas, search
from . import selectors as public_selectors
from .api import (
    READ,
    api,
    column_path_or_refusal,
    error_response,
    json_response,
    listing_cursor,
    not_found_site,
    page_list_response,
)

router = Router(tags=["archive"])

MONTH_NEEDS_YEAR = gettext_lazy("Give the year together with the month.")


class ArchiveFilters(Schema):
    column: schemas.ColumnId | None = Field(None, description=schemas.COLUMN_DESCRIPTION)
    type: schemas.ItemType | None = Field(None, description="Content type.")
    year: schemas.query_int(1949, 2100) | None = Field(
        None, description="Year of first publication."
    )
    month: schemas.query_int(1, 12) | None = Field(
        None,
        description="Month; only together with year: a month without a year is refused (400).",
    )
    q: str | None = Field(
        None, max_length=100, pattern=schemas.NO_NUL, description="Words that must all appear."
    )


class ArchiveQuery(ArchiveFilters):
    page: schemas.PageNumber = 1
    page_size: schemas.query_int(1, settings.PUBLICAPI_MAX_PAGE_SIZE) = 20
    cursor: schemas.Cursor | None = Field(None, description=schemas.CURSOR_DESCRIPTION)


class MonthCount(Schema):
    month: int
    count: int


class YearCount(Schema):
    year: int
    count: int
    months: list[MonthCount]


class ArchiveCalendar(Schema):
    site: int
    count: int
    years: list[YearCount] = Field(description="Newest first; by first publication.")


def _filters(site_id: int, query, archived: str):
    """The selectors' filters, or an error response."""
    if getattr(query, "month", None) is not None and getattr(query, "year", None) is None:
        fields = {"month": str(MONTH_NEEDS_YEAR)}
        return error_response(_("Invalid request parameters."), 400, fields)
    column_path, refusal = column_path_or_refusal(site_id, query.column)
    if refusal is not None:
        return refusal
    if not public_selectors.site_exists(site_id):
        return not_found_site()
    return selectors.Filters(
        site_id=site_id,
        column_path=column_path,
        item_type=query.type,
        year=getattr(query, "year", None),
        month=getattr(query, "month", None),
        query=query.q,
        archived=archived,
    )


@router.api_operation(
    READ,
    "/sites/{site_id}/archive",
    response={200: schemas.PageList, 400: schemas.Error, 404: schemas.Error},
)
def archive_list(request, site_id: int, query: Query[ArchiveQuery]):
    """The site's filed items, newest first; by column, type, year and month, and words."""
    listing, cursor, refusal = listing_cursor(
        query, site_id, "archive", query.column, query.type, query.year, query.month, query.q
    )
    if refusal is not None:
        return refusal
    filters = _filters(site_id, query, "only")
    if not isinstance(filters, selectors.Filters):
        return filters
    page = cursor.page if cursor is not None else query.page
    found = selectors.page_slice(
        filters,
        (page - 1) * query.page_size,
        query.page_size,
        after=cursor.position if cursor is not None else None,
    )
    return page_list_response(found, page, query.page_size, listing)


@router.api_operation(
    READ,
    "/sites/{site_id}/archive/calendar",
    response={200: ArchiveCalendar, 400: schemas.Error, 404: schemas.Error},
)
def archive_calendar(request, site_id: int, query: Query[ArchiveFilters]):
    """How many filed items each year and month holds (the same filters as the list)."""
    return calendar_response(site_id, query)


def calendar_response(site_id: int, query: ArchiveFilters) -> HttpResponse:
    """The calendar's answer, rendered as django-ninja renders a returned schema; static
    publication (``publicapi.publication``) writes these same bytes."""
    filters = _filters(site_id, query, "only")
    if not isinstance(filters, selectors.Filters):
        return filters
    years = selectors.calendar(filters)
    calendar = ArchiveCalendar(
        site=site_id, count=sum(year["count"] for year in years), years=years
    )
    return json_response(api.renderer.render(None, calendar.model_dump(), response_status=200))


@router.api_operation(READ, "/sites/{site_id}/search", response=search.SEARCH_RESPONSES)
def site_search(request, site_id: int, query: Query[search.SiteSearchQuery]):
    """Search the site's public items, best match first; filed ones are included unless
    ``archived`` says not."""
    return search.search_response(request, query, site_id)
