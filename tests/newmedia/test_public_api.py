"""The 政务新媒体矩阵 in the public API (R32): running accounts only, per site and platform-wide,
with name, platform, QR code, unit and link — never the registration form's private fields."""

import pytest

from newmedia import lifecycle
from newmedia.models import AccountAdministrator, AccountState, Platform
from publicapi.services import public_site_refresh
from tests import factories

from .conftest import make_account

pytestmark = pytest.mark.django_db

PUBLIC_KEYS = {"id", "name", "platform", "platform_label", "qr_code_url", "unit", "link", "site_id"}


@pytest.fixture
def matrix(county):
    public_site_refresh(county.site)
    running = make_account(
        county.bureau, name="某县气象", site=county.site, qr_code=factories.image("二维码")
    )
    lifecycle.file_public_part(running)  # as the filing of its opening did
    running.save()
    AccountAdministrator.objects.create(
        account=running, name="孙七", unit_and_post="科员", mobile="13933333333", qq="987654"
    )
    make_account(
        county.bureau,
        name="某县气象抖音",
        platform=Platform.DOUYIN,
        site=county.site,
        state=AccountState.SUSPENDED,
    )
    make_account(
        county.bureau,
        name="某县气象快手",
        platform=Platform.KUAISHOU,
        site=county.site,
        state=AccountState.PREPARING,
    )
    make_account(county.other, name="某县财政", site=None)
    return running


def test_the_platforms_matrix_lists_running_accounts_only(client, county, matrix):
    response = client.get("/api/v1/newmedia")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["name"] for item in items] == ["某县气象", "某县财政"]
    (weather, _finance) = items
    assert set(weather) == PUBLIC_KEYS
    assert weather["platform"] == Platform.WECHAT_SUBSCRIPTION
    assert weather["platform_label"] == "微信订阅号"
    assert weather["unit"] == "某县气象局"
    assert weather["link"] == "https://mp.weixin.qq.com/example"
    assert weather["site_id"] == county.site.pk
    # A rendition of the QR code frozen at the filing, never the original upload.
    assert weather["qr_code_url"].startswith("/media/released/")
    assert weather["qr_code_url"] != matrix.qr_code.file.url
    assert _finance["qr_code_url"] is None


def test_a_sites_matrix(client, county, matrix):
    response = client.get(f"/api/v1/sites/{county.site.pk}/newmedia")
    assert response.status_code == 200
    assert [item["name"] for item in response.json()["items"]] == ["某县气象"]
    missing = client.get("/api/v1/sites/999999/newmedia")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "站点不存在。"


def test_private_fields_never_leave(client, county, matrix):
    body = client.get("/api/v1/newmedia").content.decode()
    for private in (
        "13900000001",  # the sponsor's mobile
        "0877-6000001",  # the sponsor's phone
        "office@example.gov.cn",
        "王某",  # the leader in charge
        "赵某",
        "13933333333",  # an administrator's mobile
        "987654",
        "孙七",
        "gh_0001",  # the account ID the platform office files
        "发布本单位政务信息",  # the introduction is part of the form, not the matrix
    ):
        assert private not in body, private


def test_the_matrix_answers_conditional_requests(client, county, matrix):
    first = client.get("/api/v1/newmedia")
    etag = first["ETag"]
    assert client.get("/api/v1/newmedia", HTTP_IF_NONE_MATCH=etag).status_code == 304
    matrix.name = "某县气象服务"
    matrix.save()
    again = client.get("/api/v1/newmedia", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and "某县气象服务" in again.content.decode()


def _qr(colour: str):
    """A QR code image of its own bytes (the factory's images are all alike)."""
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image

    from cms.content.models import PlatformImage

    buffer = BytesIO()
    Image.new("RGB", (300, 300), colour).save(buffer, "PNG")
    return PlatformImage.objects.create(
        title=f"二维码{colour}", file=ImageFile(buffer, name=f"qr-{colour}.png")
    )


def _served_qr(client, county) -> bytes | None:
    [item] = client.get(f"/api/v1/sites/{county.site.pk}/newmedia").json()["items"]
    url = item["qr_code_url"]
    if url is None:
        return None
    from django.core.files.storage import default_storage

    with default_storage.open(url.removeprefix("/media/"), "rb") as handle:
        return handle.read()


def test_the_public_sees_only_the_qr_code_a_filing_cleared(client, county):
    """Nothing reaches the matrix unfiled: a QR code swapped or its file replaced after the
    opening was filed stays private until a change request is approved and filed."""
    from .test_lifecycle import ask, decide

    people = county.people
    public_site_refresh(county.site)
    account = make_account(
        county.bureau, site=county.site, state=AccountState.PREPARING, qr_code=_qr("black")
    )
    ask(client, people.bureau_admin, account, "open")
    opening = account.requests.get()
    decide(client, people.bureau_head, opening)
    # Approved, not yet filed: not listed.
    assert client.get(f"/api/v1/sites/{county.site.pk}/newmedia").json()["items"] == []
    decide(client, people.office_admin, opening)
    filed = _served_qr(client, county)
    assert filed is not None

    # Swapped for another image, and the library file itself overwritten: the public copy holds.
    account.refresh_from_db()
    account.qr_code = _qr("red")
    account.save()
    assert _served_qr(client, county) == filed
    first = account.qr_code
    from django.core.files.storage import default_storage

    default_storage.delete(first.file.name)
    with default_storage.open(first.file.name, "wb") as handle:
        handle.write(_qr("green").file.read())
    assert _served_qr(client, county) == filed

    # A change request carrying only the new QR code, approved and filed, shows it.
    response = ask(client, people.bureau_admin, account, "change")
    assert response.status_code == 302
    change = account.requests.get(kind="change")
    decide(client, people.bureau_head, change)
    assert _served_qr(client, county) == filed  # approved, not yet filed
    decide(client, people.office_admin, change)
    assert _served_qr(client, county) not in (None, filed)
