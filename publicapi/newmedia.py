"""The 政务新媒体矩阵 for the public (R32): the running accounts of one site or of the whole
platform, as :mod:`newmedia.public` decides. Joined to the public API at start-up."""

import hashlib
import json
from typing import Literal

from ninja import Field, Router, Schema

from newmedia import public

from . import schemas, selectors
from .api import CONDITIONAL, READ, _conditional, json_response, not_found_site

router = Router(tags=["newmedia"])

PlatformCode = Literal[
    "weibo",
    "wechat_service",
    "wechat_subscription",
    "wechat_mini_program",
    "weishi",
    "app",
    "toutiao",
    "douyin",
    "kuaishou",
    "other",
]


class NewMediaAccount(Schema):
    id: int
    name: str = Field(description="The account's name (账号名称).")
    platform: PlatformCode = Field(description="The platform, as a code.")
    platform_label: str = Field(
        description="The platform's name to show: 微信订阅号, 抖音…, or the name of another one."
    )
    qr_code_url: str | None = Field(description="The QR code image (a rendition), if any.")
    unit: str = Field(description="The unit that runs the account (主办单位).")
    link: str | None = Field(description="The account's address (访问链接), if any.")
    site_id: int | None = Field(description="The site whose matrix lists the account.")


class NewMediaMatrix(Schema):
    items: list[NewMediaAccount]


def _respond(request, matrix: public.Matrix):
    body = json.dumps({"items": matrix.entries}, ensure_ascii=False, separators=(",", ":"))
    if matrix.updated_at is None:
        return json_response(body)
    etag = hashlib.sha1(body.encode(), usedforsecurity=False).hexdigest()
    return _conditional(request, body, etag, matrix.updated_at)


@router.api_operation(READ, "/newmedia", response={200: NewMediaMatrix, **CONDITIONAL})
def newmedia_matrix(request):
    """The platform's government new-media accounts in service (政务新媒体矩阵)."""
    return _respond(request, public.matrix())


@router.api_operation(
    READ,
    "/sites/{site_id}/newmedia",
    response={200: NewMediaMatrix, **CONDITIONAL, 404: schemas.Error},
)
def site_newmedia_matrix(request, site_id: int):
    """The government new-media accounts in service that a site lists."""
    if selectors.site_row(site_id) is None:
        return not_found_site()
    return _respond(request, public.matrix(site_id))
