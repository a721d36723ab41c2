"""The public search (R27): across the whole platform (``/search``) and on one site (the
site's route, in :mod:`publicapi.archive`). Words found by the platform's index
(:mod:`search`), ranked, filtered, counted per facet, highlighted. Joined to the public API
(``publicapi.api``) at start-up."""

import math
from typing import Literal

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema

from interpretation.models import Validity
from search import services as search_services
from search.query import NEWEST, RELEVANCE

from . import ask, schemas, search_selectors
from . import selectors as public_selectors
from .api import READ, column_path_or_refusal, error_response, not_found_site
from .throttling import over_limit

router = Router(tags=["search"])

EMPTY_QUERY = gettext_lazy("Enter at least one word to search for.")
NO_WORDS = gettext_lazy(
    "The query holds no word that can be searched for; enter words of what you are looking for."
)
TOO_DEEP = gettext_lazy("Search results can be paged through up to result %(limit)d.")
COLUMN_NEEDS_SITE = gettext_lazy("A column can only be given together with its site.")
DATES_REVERSED = gettext_lazy("The start date is after the end date.")
# Nobody reads past this; a deeper page costs the engine all the results before it.
MAX_RESULTS = 1000


class SiteSearchQuery(Schema):
    q: str = Field(
        max_length=100,
        pattern=schemas.NO_NUL,
        description="What to look for, as a citizen types it: words, a question, a document "
        "number (发文字号) in any brackets. Blank is refused (400).",
    )
    archived: Literal["include", "exclude", "only"] = Field(
        "include", description="Filed pages: kept (default), left out, or alone."
    )
    column: schemas.ColumnId | None = Field(None, description=schemas.COLUMN_DESCRIPTION)
    type: schemas.ItemType | None = Field(None, description="Content type.")
    validity: Literal[tuple(Validity.values)] | None = Field(
        None, description="有效性 of policy documents."
    )
    published_from: schemas.QueryDate | None = Field(
        None, description="First day of publication, inclusive (Asia/Shanghai); YYYY-MM-DD."
    )
    published_to: schemas.QueryDate | None = Field(
        None, description="Last day of publication, inclusive (Asia/Shanghai); YYYY-MM-DD."
    )
    sort: Literal["relevance", "date"] = Field(
        RELEVANCE, description="Best match first (default), or newest first."
    )
    page: schemas.PageNumber = 1
    page_size: schemas.query_int(1, settings.PUBLICAPI_MAX_PAGE_SIZE) = 20


class SearchQuery(SiteSearchQuery):
    site: schemas.query_int(1, schemas.MAX_ID) | None = Field(
        None, description="Only this site; every site of the platform when absent."
    )
    column: schemas.ColumnId | None = Field(
        None, description="Column id, with its sub-columns; only together with site."
    )


class Highlight(Schema):
    title: str = Field(description="The title, HTML-escaped, the words found in <em>.")
    snippet: str = Field(description="Text around the first word found, escaped, <em> marked.")


class SearchHit(schemas.PageSummary):
    site_id: int
    score: float = Field(description="Relevance; higher is better. Compare within one answer.")
    highlight: Highlight


class FacetValue(Schema):
    value: str | int | bool
    count: int
    name: str | None = Field(None, description="Sites only: the site's name.")


class Facets(Schema):
    type: list[FacetValue]
    site: list[FacetValue]
    archived: list[FacetValue]
    validity: list[FacetValue]


class QueryUnderstood(Schema):
    q: str
    words: list[str] = Field(description="The words searched for, synonyms included.")
    relaxed: bool = Field(
        description="True when no item held every word and items holding some are shown."
    )


class SearchResults(Schema):
    direct_answer: ask.AskAnswer | None = Field(
        None,
        description="A knowledge-base answer confident enough to show above the results (first "
        "page of an unfiltered search only).",
    )
    count: int
    page: int
    page_size: int
    num_pages: int
    query: QueryUnderstood
    facets: Facets
    items: list[SearchHit]


SEARCH_RESPONSES = {200: SearchResults, 400: schemas.Error, 404: schemas.Error}


def _refusal(field: str, message) -> HttpResponse:
    return error_response(_("Invalid request parameters."), 400, {field: str(message)})


def search_response(request, query: SiteSearchQuery, site_id: int | None) -> HttpResponse:
    """The answer to ``query`` on ``site_id`` (None: the whole platform)."""
    if not query.q.strip():
        return _refusal("q", EMPTY_QUERY)
    if query.page * query.page_size > MAX_RESULTS:
        return _refusal("page", TOO_DEEP % {"limit": MAX_RESULTS})
    if query.published_from and query.published_to and query.published_from > query.published_to:
        return _refusal("published_from", DATES_REVERSED)
    column_path = None
    if query.column is not None:
        if site_id is None:
            return _refusal("column", COLUMN_NEEDS_SITE)
        _, refusal = column_path_or_refusal(site_id, query.column)
        if refusal is not None:
            return refusal
        column_path = search_selectors.column_tree_path(query.column)
    if site_id is not None and not public_selectors.site_exists(site_id):
        return not_found_site()
    found = search_services.search(
        query.q,
        search_selectors.filters(
            site_ids=[site_id] if site_id is not None else None,
            column_path=column_path,
            item_type=query.type,
            archived=query.archived,
            validity=query.validity,
            published_from=query.published_from,
            published_to=query.published_to,
        ),
        sort=NEWEST if query.sort == "date" else RELEVANCE,
        limit=query.page_size,
        offset=(query.page - 1) * query.page_size,
        site_id=site_id,
        count_miss=lambda: not over_limit(request, "search-miss", settings.SEARCH_MISS_RATE),
    )
    if not found.terms:
        return _refusal("q", NO_WORDS)
    hits = found.hits
    payload = {
        "direct_answer": _direct_answer(query, site_id),
        "count": hits.total,
        "page": query.page,
        "page_size": query.page_size,
        "num_pages": max(1, math.ceil(hits.total / query.page_size)),
        "query": {"q": query.q, "words": found.terms.words(), "relaxed": found.terms.relaxed},
        "facets": search_selectors.facet_lists(hits.facets),
        "items": search_selectors.hit_items(hits, found.terms),
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


def _direct_answer(query: SiteSearchQuery, site_id: int | None) -> dict | None:
    """The direct answer, when the citizen asked as a citizen asks: the first page of the
    results, best first, no narrowing to a column, a type, a state or a period."""
    narrowed = (
        query.column,
        query.type,
        query.validity,
        query.published_from,
        query.published_to,
    )
    if query.page != 1 or query.sort != RELEVANCE or query.archived == "only" or any(narrowed):
        return None
    return ask.direct_answer(query.q, site_id)


@router.api_operation(READ, "/search", response=SEARCH_RESPONSES)
def platform_search(request, query: Query[SearchQuery]):
    """Search every site of the platform (or one, with ``site``): best match first."""
    return search_response(request, query, query.site)
