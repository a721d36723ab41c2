"""The public read API: anonymous, read-only, served from pre-rendered JSON.

Each handler reads stored text and joins it; nothing is serialised per request. The schemas in
:mod:`publicapi.schemas` document the responses for the OpenAPI document.
"""

import hashlib
import math
import re
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.http import http_date, parse_etags, parse_http_date_safe, quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Query, Schema
from ninja.errors import Throttled
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field
from pydantic import ValidationError as PydanticValidationError

from knowledgebase import services as knowledge_services

from . import cursors, schemas, selectors, throttling
from .errors import field_messages

READ = ["GET", "HEAD"]
PRECONDITION_FAILED = gettext_lazy(
    "The resource is not in the state the request's If-Match or If-Unmodified-Since names."
)
JSON = "application/json; charset=utf-8"

NO_SUCH_ROUTE = gettext_lazy(
    "This API has no such address (addresses end without a slash); its addresses are listed in "
    "its OpenAPI document, %(document)s."
)
METHOD_NOT_ALLOWED = gettext_lazy(
    "This address does not accept %(method)s; it accepts %(allowed)s."
)
REFUSED = gettext_lazy("The request was refused.")
SERVER_ERROR = gettext_lazy(
    "The server failed to answer this request; the error has been logged. Try again later."
)

# The routes that send ETag and Last-Modified answer conditional requests: 304 (no body) for
# If-None-Match / If-Modified-Since, 412 (an Error) for If-Match / If-Unmodified-Since.
CONDITIONAL = {304: None, 412: schemas.Error}


class JsonErrorsAPI(NinjaAPI):
    """An API whose OpenAPI document lists, on every operation, the errors it can answer
    whatever the operation: the 405 that :func:`json_errors` gives a method the address does not
    accept, and the 400 of a parameter or body that does not validate (``abc`` for an id).

    And the 500 of :func:`server_error`: any operation can meet a fault it does not foresee.

    An operation's id is the module its view was first written in, then the view's name:
    clients generated from the document keep their names wherever the code moves since
    (``operation_ids``: today's module → the prefix it keeps)."""

    def __init__(self, *args, operation_ids: dict[str, str] | None = None, **kwargs):
        self.operation_ids = operation_ids or {}
        super().__init__(*args, **kwargs)

    def get_openapi_operation_id(self, operation) -> str:
        module = operation.view_func.__module__
        prefix = self.operation_ids.get(module, module.replace(".", "_"))
        return f"{prefix}_{operation.view_func.__name__}"

    def get_openapi_schema(self, *args, **kwargs):
        document = super().get_openapi_schema(*args, **kwargs)
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in document["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                if operation.get("parameters") or operation.get("requestBody"):
                    responses.setdefault(400, {"description": "Bad Request", "content": error})
                responses.setdefault(405, {"description": "Method Not Allowed", "content": error})
                responses.setdefault(
                    500, {"description": "Internal Server Error", "content": error}
                )
        return document


api = JsonErrorsAPI(
    title="政府网站集约化平台 · 公开接口",
    version="1.0.0",
    description=(
        "平台各站点已发布的公开内容。匿名客户端仅可使用 GET 和 HEAD，"
        "唯有政民互动的提交留言、查询码查询和征集调查的提交答卷使用 POST"
        "（按来源地址限制频率，超出答 429）。"
        "带 ETag 和 Last-Modified 的接口支持条件请求：If-None-Match、If-Modified-Since"
        "（未修改时答 304），If-Match、If-Unmodified-Since（条件不成立时答 412）。"
        "查询参数按本文档读取：整数只接受十进制数字（如 1_0、+1、1.0 均答 400），"
        "日期只接受 YYYY-MM-DD（带时间的答 400）。"
    ),
    urls_namespace="publicapi",
    operation_ids={"publicapi.api": "cms_publicapi_api", "publicapi.archive": "archive_api"},
    docs_url="/docs" if settings.PUBLICAPI_DOCS_ENABLED else None,
    # The OpenAPI document and the docs page are read-only too (405 for anything but GET/HEAD).
    docs_decorator=require_safe,
)


def json_response(body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(body, content_type=JSON, status=status)


@dataclass(frozen=True)
class Answer:
    """A route's representation: the body it answers with, and its validators when it sends
    them. The views answer it (:func:`answered`) and static publication (``publicapi.publication``)
    writes it to files: one place makes the bytes of both."""

    body: str
    etag: str | None = None
    updated_at: datetime | None = None


def answered(request: HttpRequest, answer: Answer) -> HttpResponse:
    if answer.etag is None or answer.updated_at is None:
        return json_response(answer.body)
    return _conditional(request, answer.body, answer.etag, answer.updated_at)


def error_response(message: str, status: int, fields: dict[str, str] | None = None) -> HttpResponse:
    payload = {"detail": message}
    if fields:
        payload["fields"] = fields
    return JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})


def _document_of(path: str) -> str:
    prefix = "/api/editorial/v1/" if path.startswith("/api/editorial/") else "/api/v1/"
    return prefix + "openapi.json"


def route_not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """The answer under ``/api/`` to an address no route serves, whatever the method."""
    return error_response(str(NO_SUCH_ROUTE) % {"document": _document_of(request.path)}, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """The project's ``handler500``: under ``/api/`` a JSON answer in the Error shape, in
    Chinese, as every other answer there; Django's own page anywhere else."""
    if request.path == "/api" or request.path.startswith("/api/"):
        return error_response(str(SERVER_ERROR), 500)
    return defaults.server_error(request)


def method_not_allowed(request: HttpRequest, allowed: str) -> HttpResponse:
    allowed = ", ".join(sorted(method.strip() for method in allowed.split(",")))
    message = str(METHOD_NOT_ALLOWED) % {"method": request.method, "allowed": allowed}
    response = error_response(message, 405)
    response["Allow"] = allowed
    return response


def json_errors(view):
    """``view``, answering in the APIs' JSON error shape, in Chinese, where Django or
    django-ninja would answer in HTML or English text (404, 405); and exempt from CSRF: the APIs
    use no cookie, so a write to a read route is a 405, not a CSRF page."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return route_not_found(request)
        if response.status_code < 400 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        if response.status_code == 405:
            return method_not_allowed(request, response["Allow"])
        if response.status_code == 404:
            return route_not_found(request)
        return error_response(str(REFUSED), response.status_code)

    return csrf_exempt(answer)


def not_found_site() -> HttpResponse:
    return error_response(_("No such site."), 404, {"site_id": _("No such site.")})


def _listed(header: str, quoted: str, *, weak: bool) -> bool:
    """Whether an If-None-Match or If-Match ``header`` names ``quoted``: a list of tags, or ``*``
    (RFC 9110, 13.1.1-2); If-None-Match compares weakly, If-Match strongly."""
    tags = parse_etags(header)
    if "*" in tags:
        return True
    if weak:
        return any(tag.removeprefix("W/") == quoted for tag in tags)
    return quoted in tags


def _not_after(header: str | None, modified: int) -> bool | None:
    """Whether a resource last modified at ``modified`` was not modified after the HTTP date in
    ``header``; None when there is no valid date (the header is then ignored, RFC 9110)."""
    when = parse_http_date_safe(header) if header else None
    return None if when is None else modified <= when


# A knowledge entry's or guide's detail starts so (publicapi.representation writes the id and
# the type first): its views make its popularity (R25).
_COUNTED = re.compile(r'\{"id":(\d+),"type":"(?:knowledge|guide)"')


def _count_view(detail_json: str) -> None:
    """Count a read of an entry or guide; any other type costs a look at its first bytes."""
    counted = _COUNTED.match(detail_json)
    if counted:
        knowledge_services.entry_record_view(page_id=int(counted.group(1)))


def _conditional(request: HttpRequest, body: str, etag: str, updated_at) -> HttpResponse:
    """The representation, or 304 / 412 as the request's preconditions decide, evaluated in the
    order of RFC 9110, 13.2.2: If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since.
    Last-Modified has whole seconds; the dates are compared at that precision."""
    quoted = quote_etag(etag)
    modified = int(updated_at.timestamp())
    headers = request.headers
    if "If-Match" in headers:
        failed = not _listed(headers["If-Match"], quoted, weak=False)
    else:
        failed = _not_after(headers.get("If-Unmodified-Since"), modified) is False
    if failed:
        response = error_response(str(PRECONDITION_FAILED), 412)
    elif "If-None-Match" in headers:
        unchanged = _listed(headers["If-None-Match"], quoted, weak=True)
        response = HttpResponseNotModified() if unchanged else json_response(body)
    elif _not_after(headers.get("If-Modified-Since"), modified):
        response = HttpResponseNotModified()
    else:
        response = json_response(body)
    response["ETag"] = quoted
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


# A write refused by its per-address limit (publicapi/throttling.py): 429 in Chinese.
api.add_exception_handler(Throttled, throttling.refusal)


@api.exception_handler(NinjaValidationError)
def invalid_parameters(request, exc):
    return error_response(_("Invalid request parameters."), 400, field_messages(exc.errors))


class ListingQuery(Schema):
    column: schemas.ColumnId | None = Field(None, description=schemas.COLUMN_DESCRIPTION)
    type: schemas.ItemType | None = Field(None, description="Content type.")
    published_from: schemas.QueryDate | None = Field(
        None, description="First day, inclusive (Asia/Shanghai); YYYY-MM-DD."
    )
    published_to: schemas.QueryDate | None = Field(
        None,
        description="Last day, inclusive (Asia/Shanghai); YYYY-MM-DD, not before published_from.",
    )
    pinned: schemas.QueryBool | None = Field(
        None,
        description=(
            "true: only the notices pinned today or later (Asia/Shanghai), the pinned "
            "announcements a home page shows; false: everything else. true or false only."
        ),
    )
    page: schemas.PageNumber = 1
    page_size: schemas.query_int(1, settings.PUBLICAPI_MAX_PAGE_SIZE) = 20
    cursor: schemas.Cursor | None = Field(None, description=schemas.CURSOR_DESCRIPTION)


@api.api_operation(READ, "/", response={200: schemas.ApiIndex}, tags=["index"])
def api_index(request):
    """What this API is, and where its OpenAPI document and documentation page are."""
    payload = {
        "name": api.title,
        "version": api.version,
        "openapi": "/api/v1/openapi.json",
        "docs": "/api/v1/docs" if settings.PUBLICAPI_DOCS_ENABLED else None,
    }
    return JsonResponse(payload, json_dumps_params={"ensure_ascii": False})


@api.api_operation(READ, "/sites", response={200: schemas.SiteList, **CONDITIONAL}, tags=["sites"])
def site_list(request):
    """Every site; with an ETag (of the list's text) so a frontend revalidates it for a 304."""
    return answered(request, site_list_answer())


def site_list_answer() -> Answer:
    listing = selectors.site_listing()
    body = '{"items":[' + ",".join(listing.rows) + "]}"
    if listing.updated_at is None:
        return Answer(body)
    etag = hashlib.sha1(body.encode(), usedforsecurity=False).hexdigest()
    return Answer(body, etag, listing.updated_at)


def site_detail_answer(site_id: int) -> Answer | None:
    row = selectors.site_row(site_id)
    return None if row is None else Answer(row.detail_json, row.etag, row.updated_at)


def site_map_answer(site_id: int) -> Answer | None:
    row = selectors.site_row(site_id)
    return None if row is None else Answer(row.sitemap_json, row.etag, row.updated_at)


def page_detail_answer(site_id: int, page_id: int) -> Answer | None:
    found = selectors.page_detail(site_id, page_id)
    return None if found is None else Answer(*found)


@api.api_operation(
    READ,
    "/sites/{site_id}",
    response={200: schemas.SiteDetail, **CONDITIONAL, 404: schemas.Error},
    tags=["sites"],
)
def site_detail(request, site_id: int):
    answer = site_detail_answer(site_id)
    return not_found_site() if answer is None else answered(request, answer)


@api.api_operation(
    READ,
    "/sites/{site_id}/sitemap",
    response={200: schemas.Sitemap, **CONDITIONAL, 404: schemas.Error},
    tags=["sites"],
)
def site_map(request, site_id: int):
    answer = site_map_answer(site_id)
    return not_found_site() if answer is None else answered(request, answer)


@api.api_operation(
    READ,
    "/sites/{site_id}/pages",
    response={200: schemas.PageList, 400: schemas.Error, 404: schemas.Error},
    tags=["pages"],
)
def page_list(request, site_id: int, query: Query[ListingQuery]):
    return listing_response(site_id, query)


def listing_response(site_id: int, query: ListingQuery) -> HttpResponse:
    if query.published_from and query.published_to and query.published_from > query.published_to:
        message = _("The start date is after the end date.")
        return error_response(_("Invalid request parameters."), 400, {"published_from": message})
    listing, cursor, refusal = listing_cursor(
        query,
        site_id,
        query.column,
        query.type,
        query.published_from,
        query.published_to,
        query.pinned,
    )
    if refusal is not None:
        return refusal
    page = cursor.page if cursor is not None else query.page
    after = cursor.position if cursor is not None else None
    if query.column is not None and selectors.plain(
        query.published_from, query.published_to, query.pinned
    ):
        found = selectors.remembered_column_listing(
            site_id, query.column, query.type, (page - 1) * query.page_size, query.page_size, after
        )
        if found is not None:
            return page_list_response(found, page, query.page_size, listing)
    column, refusal = column_or_refusal(site_id, query.column)
    if refusal is not None:
        return refusal
    found = selectors.page_listing(
        site_id=site_id,
        column_ids=column.column_ids if column is not None else None,
        item_type=query.type,
        published_from=query.published_from,
        published_to=query.published_to,
        pinned=query.pinned,
        offset=(page - 1) * query.page_size,
        limit=query.page_size,
        after=after,
    )
    # An empty answer is the only one that needs to know whether the site exists.
    if found.count == 0 and not selectors.site_exists(site_id):
        return not_found_site()
    return page_list_response(found, page, query.page_size, listing)


# A cursor is refused with these: rules the OpenAPI document states in words.
CURSOR_WITH_PAGE = gettext_lazy("Give either page or cursor, not both.")
CURSOR_NOT_THIS_LISTING = gettext_lazy(
    "This cursor was not given by this listing (the same filters and page size): "
    "start again from the first page."
)


def listing_cursor(
    query, site_id: int, *filters
) -> tuple[str, cursors.Cursor | None, HttpResponse | None]:
    """The listing's cursor scope (its site, ``filters`` and the query's page size), and the
    cursor the query gives (None without one) or the answer refusing it."""
    listing = cursors.scope(site_id, *filters, query.page_size)
    cursor, refusal = cursor_or_refusal(query, listing)
    return listing, cursor, refusal


def cursor_or_refusal(
    query: ListingQuery, listing: str
) -> tuple[cursors.Cursor | None, HttpResponse | None]:
    """The cursor the query gives (None without one), or the answer refusing it."""
    if query.cursor is None:
        return None, None
    if "page" in query.model_fields_set:
        message = str(CURSOR_WITH_PAGE)
        return None, error_response(_("Invalid request parameters."), 400, {"cursor": message})
    try:
        return cursors.decode(query.cursor, listing), None
    except cursors.BadCursor:
        message = str(CURSOR_NOT_THIS_LISTING)
        return None, error_response(_("Invalid request parameters."), 400, {"cursor": message})


def column_path_or_refusal(
    site_id: int, column_id: int | None
) -> tuple[str | None, HttpResponse | None]:
    """The url path of the public column ``column_id`` asks for (None when it asks for none),
    or the answer refusing it (:func:`column_or_refusal`)."""
    column, refusal = column_or_refusal(site_id, column_id)
    return (column.url_path if column is not None else None), refusal


def column_or_refusal(
    site_id: int, column_id: int | None
) -> tuple[selectors.ColumnScope | None, HttpResponse | None]:
    """The public column ``column_id`` asks for, with the columns below it (None when it asks
    for none), or the answer refusing it: no such site, or no such column on it."""
    if column_id is None:
        return None, None
    column = selectors.column_scope(site_id, column_id)
    if column is not None:
        return column, None
    if not selectors.site_exists(site_id):
        return None, not_found_site()
    return None, error_response(
        _("Invalid request parameters."),
        400,
        {"column": _("No public column with this id on this site.")},
    )


def page_list_response(
    found: selectors.PageSlice, page: int, page_size: int, listing: str | None = None
) -> HttpResponse:
    """A ``PageList`` joined from stored listing text; with ``listing`` (the scope of its
    cursors), the cursor of the next page when there is one."""
    num_pages = max(1, math.ceil(found.count / page_size))
    next_cursor = "null"
    if listing is not None and found.last is not None and page < num_pages:
        next_cursor = f'"{cursors.encode(page + 1, found.last, listing)}"'
    return json_response(
        f'{{"count":{found.count},"page":{page},"page_size":{page_size},'
        f'"num_pages":{num_pages},"next_cursor":{next_cursor},"items":[{",".join(found.rows)}]}}'
    )


@api.api_operation(
    READ,
    "/sites/{site_id}/pages/{page_id}",
    response={200: schemas.PageDetail, **CONDITIONAL, 404: schemas.Error},
    tags=["pages"],
)
def page_detail(request, site_id: int, page_id: int):
    answer = page_detail_answer(site_id, page_id)
    if answer is None:
        return error_response(_("No such page, or it is not public."), 404)
    _count_view(answer.body)
    return answered(request, answer)


@api.api_operation(
    READ,
    "/sites/{site_id}/find",
    response={200: schemas.PageDetail, **CONDITIONAL, 400: schemas.Error, 404: schemas.Error},
    tags=["pages"],
)
def page_find(request, site_id: int, path: schemas.QueryText):
    """Look a page up by its path below the site root, as a frontend router does."""
    url_path = "/" + path.strip("/") + "/" if path.strip("/") else "/"
    found = selectors.page_detail_by_path(site_id, url_path)
    if found is None:
        return error_response(_("No such page, or it is not public."), 404)
    _count_view(found[0])
    return _conditional(request, *found)


# The two hottest routes are also served without django-ninja's dispatch, which costs about a
# third of a request here (bench/): the same handlers, the same parameter schema and messages.
# ``cms/urls.py`` mounts these ahead of the API, whose operations above keep documenting them.


@json_errors
@require_safe
def page_list_view(request, site_id: int):
    try:
        query = ListingQuery.model_validate(request.GET.dict())
    except PydanticValidationError as exc:
        return error_response(_("Invalid request parameters."), 400, field_messages(exc.errors()))
    return listing_response(site_id, query)


@json_errors
@require_safe
def page_detail_view(request, site_id: int, page_id: int):
    return page_detail(request, site_id, page_id)
