"""The contract of the public API, for its OpenAPI document and for the tests that check
every response against it. Responses are rendered ahead of time by
:mod:`cms.publicapi.representation`; these models describe them, they do not produce them."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

PageType = Literal["site_root", "column", "news", "notice", "topic", "response"]
ItemType = Literal["news", "notice", "topic", "response"]


class ColumnRef(Schema):
    id: int
    title: str


class Cover(Schema):
    url: str
    width: int
    height: int
    alt: str


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


class Breadcrumb(Schema):
    id: int
    title: str
    url_path: str


class Attachment(Schema):
    title: str
    url: str
    file_extension: str
    file_size: int | None


class SiteRef(Schema):
    id: int
    name: str


class PageDetail(PageSummary):
    site: SiteRef
    breadcrumbs: list[Breadcrumb]
    search_description: str
    body: str | None = Field(None, description="Sanitised HTML.")
    attachments: list[Attachment] | None = None
    co_issuing_units: list[str] | None = None
    valid_until: str | None = Field(None, description="Notices only.")
    concern: str | None = Field(None, description="Responses only.")


class PageList(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
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


class Sitemap(Schema):
    site: int
    columns: list[SitemapNode]


class Error(Schema):
    detail: str
    fields: dict[str, str] | None = None
