"""The contract of the public API, for its OpenAPI document and for the tests that check
every response against it. Responses are rendered ahead of time by
:mod:`publicapi.representation`; these models describe them, they do not produce them."""

import re
from datetime import date, datetime
from typing import Annotated, Literal

from annotated_types import Interval
from ninja import Field, Schema
from pydantic import BeforeValidator, StringConstraints
from pydantic_core import PydanticCustomError

# What a content item's ``type`` can be; a page is also a site's root or a column.
ITEM_TYPES = (
    "news",
    "notice",
    "topic",
    "response",
    "policy",
    "interpretation",
    "survey",
    "knowledge",
    "guide",
)
ItemType = Literal[ITEM_TYPES]
PageType = Literal[("site_root", "column", *ITEM_TYPES)]


# Query parameters are read as their schema documents them, and nothing looser: pydantic alone
# reads "1_0" as 10 and "2024-01-01T00:00:00" as a date.
MAX_ID = 2**63 - 1
_DIGITS = re.compile(r"-?[0-9]+")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _plain_integer(value):
    if isinstance(value, str) and not _DIGITS.fullmatch(value):
        raise PydanticCustomError("int_parsing", "Input should be a whole number in digits")
    return value


def _plain_date(value):
    if isinstance(value, str) and not _DAY.fullmatch(value):
        raise PydanticCustomError("date_parsing", "Input should be a date YYYY-MM-DD")
    return value


def _plain_boolean(value):
    if isinstance(value, str) and value not in ("true", "false"):
        raise PydanticCustomError("bool_parsing", "Input should be true or false")
    return value


def query_int(ge: int, le: int):
    """An integer query parameter from ``ge`` to ``le``, written in decimal digits."""
    return Annotated[int, Interval(ge=ge, le=le), BeforeValidator(_plain_integer)]


QueryDate = Annotated[date, BeforeValidator(_plain_date)]
# ``true`` or ``false``, nothing else: pydantic alone reads "1", "yes", "on" and "t" as true.
QueryBool = Annotated[bool, BeforeValidator(_plain_boolean)]
# Text to look up (a path, words to search): never a NUL character, which no page path or text
# holds and PostgreSQL cannot compare (the fuzz met a 500). errors.py words the refusal.
NO_NUL = r"^[^\x00]*$"
QueryText = Annotated[str, StringConstraints(pattern=NO_NUL)]
ColumnId = query_int(1, MAX_ID)
PageNumber = query_int(1, 10_000)
# A listing's cursor (publicapi.cursors): Django's signing writes URL-safe base64 and colons.
Cursor = Annotated[str, StringConstraints(max_length=200, pattern=r"^[A-Za-z0-9_:\-]+$")]
CURSOR_DESCRIPTION = (
    "Opaque: the next_cursor of the previous page of the same listing (the same filters and "
    "page size). It reads the next page from where that one ended, as fast at page 5,000 as at "
    "page 2; not together with page. A cursor of another listing, or altered, is refused (400)."
)
COLUMN_DESCRIPTION = (
    "Column id; includes its sub-columns. A number that is not a public column of the site is "
    "refused (400)."
)


class ColumnRef(Schema):
    id: int
    title: str


class Cover(Schema):
    url: str
    width: int
    height: int
    alt: str


class Labelled(Schema):
    code: str
    label: str = Field(description="In Chinese, for display.")


class Validity(Schema):
    code: Literal["valid", "revised", "expired", "repealed"]
    label: str = Field(description="有效 / 已修订 / 失效 / 废止: show it prominently.")
    in_force: bool = Field(description="False once expired (失效) or repealed (废止).")
    changed_on: str | None
    replaced_by: "LinkedPage | None" = Field(
        None, description="The replacing document, when it is public."
    )


class ArchiveState(Schema):
    label: str = Field(description="已归档: show it prominently, with the time.")
    archived_at: datetime
    reason: Labelled = Field(description="改版/迁移, 失效/废止, 到期, 栏目撤销 or 手工.")


class PageSummary(Schema):
    id: int
    type: PageType
    title: str
    url_path: str = Field(description="Path below the site's root, e.g. /xinwen/dongtai/item/")
    column: ColumnRef | None
    published_at: datetime = Field(description="Recorded by the system when first published.")
    updated_at: datetime
    summary: str | None = None
    cover: Cover | None = None
    source: str | None = None
    is_reprint: bool | None = None
    description: str | None = Field(None, description="Columns only.")
    update_category: str | None = Field(None, description="Columns only.")
    responsible_unit: str | None = Field(None, description="Columns only.")
    starts_on: str | None = Field(None, description="Special topics only.")
    ends_on: str | None = Field(None, description="Special topics only.")
    response_kind: Literal["concern", "rumour"] | None = Field(None, description="Responses only.")
    index_number: str | None = Field(None, description="索引号; policy documents only.")
    issuing_office: str | None = Field(None, description="发文机关; policy documents only.")
    document_number: str | None = Field(None, description="发文字号; policy documents only.")
    written_on: str | None = Field(None, description="成文日期; policy documents only.")
    validity: Validity | None = Field(None, description="有效性; policy documents only.")
    form: Labelled | None = Field(None, description="Form of an interpretation.")
    interpreter: str | None = Field(None, description="Who interprets; interpretations only.")
    survey_kind: Labelled | None = Field(
        None, description="Surveys only: survey (调查) or solicitation of opinions (意见征集)."
    )
    opens_at: datetime | None = Field(None, description="Surveys only: responses accepted from.")
    closes_at: datetime | None = Field(None, description="Surveys only: the announced close.")
    closed_early_at: datetime | None = Field(
        None, description="Surveys only: when it was closed before its announced close."
    )
    result_published: bool | None = Field(
        None, description="Surveys only: the result summary is published (R24)."
    )
    topic: Labelled | None = Field(
        None, description="Knowledge entries and service guides: the service topic."
    )
    valid_until: str | None = Field(
        None, description="Notices and knowledge entries: the last day it holds."
    )
    pinned_until: str | None = Field(
        None,
        description=(
            "Notices only: the last day (YYYY-MM-DD, Asia/Shanghai) it is shown pinned on the "
            "site's home page; null when it is not pinned. Once the day has passed it is no "
            "longer pinned, and the listing's pinned=true leaves it out."
        ),
    )
    announcement_kind: Labelled | None = Field(
        None,
        description=(
            "Notices only: 普通通知公告, 网站开办, 临时下线, 关停/迁移 or 新媒体变更/关停 "
            "(codes ordinary, opening, offline, closure, new_media)."
        ),
    )
    implementing_body: str | None = Field(None, description="实施主体; service guides only.")
    online_url: str | None = Field(None, description="在线办理链接; service guides only.")
    archived: bool = Field(description="Filed (已归档): still public, out of the default listings.")
    archive: ArchiveState | None = Field(description="When and why it was filed.")


class LinkedPage(PageSummary):
    site_id: int


Validity.model_rebuild()


class Breadcrumb(Schema):
    id: int
    title: str
    url_path: str


class Attachment(Schema):
    title: str
    url: str
    file_extension: str
    file_size: int | None


class Material(Schema):
    name: str
    requirement: str


class SiteRef(Schema):
    id: int
    name: str


class SurveyQuestion(Schema):
    id: str = Field(description="Names the question in a response's answers.")
    type: Literal["single_choice", "multiple_choice", "free_text"]
    text: str
    required: bool
    options: list[str] | None = Field(None, description="Choice questions: the options offered.")
    max_length: int | None = Field(None, description="Free text: the longest answer.")


class PageDetail(PageSummary):
    site: SiteRef
    breadcrumbs: list[Breadcrumb]
    search_description: str
    body: str | None = Field(None, description="Sanitised HTML.")
    attachments: list[Attachment] | None = None
    co_issuing_units: list[str] | None = None
    concern: str | None = Field(None, description="Responses only.")
    published_on: str | None = Field(None, description="发布日期; policy documents only.")
    formed_on: str | None = Field(None, description="When the information was formed or changed.")
    topic_category: str | None = Field(None, description="主题分类; policy documents only.")
    subject_words: list[str] | None = Field(None, description="主题词; policy documents only.")
    wide_impact: bool | None = Field(None, description="Policy documents only.")
    interpretations: list[LinkedPage] | None = Field(
        None, description="The public interpretations of a policy document."
    )
    interpreter_kind: Labelled | None = Field(None, description="Interpretations only.")
    interpreter_title: str | None = Field(None, description="Interpretations only.")
    media_url: str | None = Field(None, description="Video, audio or H5 interpretations.")
    documents: list[LinkedPage] | None = Field(
        None, description="The public policy documents an interpretation explains."
    )
    documents_in_force: bool | None = Field(
        None, description="False when a document it explains expired or was repealed."
    )
    questions: list[SurveyQuestion] | None = Field(None, description="Surveys only.")
    result_summary: str | None = Field(
        None, description="Surveys only: sanitised HTML, null until the result is published."
    )
    keywords: list[str] | None = Field(None, description="Knowledge entries only.")
    phrasings: list[str] | None = Field(
        None, description="相似问法: other ways the question is asked; knowledge entries only."
    )
    guide: LinkedPage | None = Field(
        None, description="The public service guide a knowledge entry points to."
    )
    legal_basis: str | None = Field(None, description="办理依据; service guides only.")
    conditions: str | None = Field(None, description="受理条件; service guides only.")
    materials: list[Material] | None = Field(None, description="申请材料; service guides only.")
    process: str | None = Field(None, description="办理流程, one step per line; guides only.")
    legal_time_limit: str | None = Field(None, description="法定时限; service guides only.")
    promised_time_limit: str | None = Field(None, description="承诺时限; service guides only.")
    fees: str | None = Field(None, description="收费标准; service guides only.")
    place_and_hours: str | None = Field(None, description="办理地点和时间; service guides only.")
    phone: str | None = Field(None, description="咨询电话; service guides only.")


class PageList(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    next_cursor: str | None = Field(
        description="Pass as cursor for the next page; null on the last page."
    )
    items: list[PageSummary]


class SiteSummary(Schema):
    id: int
    name: str
    hostname: str
    root_url: str
    kind: Literal["portal", "department", "township"] | None


class SiteList(Schema):
    items: list[SiteSummary]


class Footer(Schema):
    sponsor_unit: str | None
    operator_unit: str | None
    site_code: str
    icp_number: str
    psb_number: str
    conac_url: str | None
    english_domain: str
    chinese_domain: str | None
    contact_phone: str | None
    contact_email: str | None
    address: str | None


class SiteDetail(SiteSummary):
    footer: Footer | None


class SitemapNode(Schema):
    id: int
    title: str
    url_path: str
    update_category: str
    children: list["SitemapNode"]


class ArchiveColumn(Schema):
    id: int
    title: str
    url_path: str
    archived: bool = Field(description="The column itself is filed (栏目撤销).")
    count: int = Field(description="Filed items directly in this column.")


class SitemapArchive(Schema):
    count: int
    columns: list[ArchiveColumn]


class Sitemap(Schema):
    site: int
    columns: list[SitemapNode] = Field(description="The columns in use; filed ones are left out.")
    archive: SitemapArchive = Field(description="The site map's archive section.")


class Error(Schema):
    detail: str
    fields: dict[str, str] | None = None


class ApiIndex(Schema):
    name: str
    version: str
    openapi: str = Field(description="The address of this API's OpenAPI document.")
    docs: str | None = Field(description="The address of its documentation page, when served.")
