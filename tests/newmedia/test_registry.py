"""The registry (R32, R33) through the admin: every field of the registration form saved, the
menu's three levels, one account per unit per platform with its recorded exception, the QR
code's image check, and the scope of a unit's website administrator."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document

from newmedia import registry
from newmedia.models import Account, AccountException, AccountState, DocumentKind, Platform
from tests import factories

from .conftest import ADD_URL, edit_url, make_account

pytestmark = pytest.mark.django_db


def registration(county, **changes) -> dict:
    """What a unit's administrator fills in: every field of the form."""
    data = {
        "account_id": "gh_qxj2026",
        "name": "某县气象",
        "registered_on": "2026-03-02",
        "platform": Platform.WECHAT_SERVICE,
        "platform_other": "",
        "verified": "on",
        "supervising_unit": str(county.government.pk),
        "news_licence": "on",
        "news_licence_number": "53120170001",
        "site": str(county.site.pk),
        "sponsor_unit": str(county.bureau.pk),
        "sponsor_leader": "张三",
        "sponsor_leader_post": "副局长",
        "sponsor_contact": "李四",
        "sponsor_phone": "0877-6011111",
        "sponsor_mobile": "13911111111",
        "sponsor_email": "qxj@example.gov.cn",
        "operator_unit": "某县融媒体中心",
        "operator_leader": "王五",
        "operator_leader_post": "主任",
        "operator_contact": "赵六",
        "operator_phone": "0877-6022222",
        "operator_mobile": "13922222222",
        "operator_email": "rmt@example.gov.cn",
        "qr_code": str(factories.image("某县气象二维码").pk),
        "introduction": "发布天气预报、预警信息和气象科普。",
        "link": "https://mp.weixin.qq.com/qxj",
        "menu_text": "天气服务\n  今日天气\n  预警信息 | 实时推送\n    暴雨预警\n政务公开",
        "administrators-TOTAL_FORMS": "1",
        "administrators-INITIAL_FORMS": "0",
        "administrators-MIN_NUM_FORMS": "0",
        "administrators-MAX_NUM_FORMS": "1000",
        "administrators-0-name": "孙七",
        "administrators-0-unit_and_post": "某县气象局办公室科员",
        "administrators-0-office_phone": "0877-6033333",
        "administrators-0-mobile": "13933333333",
        "administrators-0-qq": "123456",
        "administrators-0-wechat": "sunqi_qx",
        "administrators-0-user": str(county.people.bureau_admin.pk),
        "administrators-0-ORDER": "1",
        "documents-TOTAL_FORMS": "2",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-kind": DocumentKind.MINUTES,
        "documents-0-document": str(_document("党组会议纪要").pk),
        "documents-0-ORDER": "1",
        "documents-1-kind": DocumentKind.OUTSOURCING,
        "documents-1-document": str(_document("委托运维保密协议").pk),
        "documents-1-ORDER": "2",
    }
    data.update(changes)
    return data


def _errors(response):
    form = response.context["form"]
    return form.errors, [f.errors for f in form.formsets.values()]


def _document(title: str) -> Document:
    return Document.objects.create(
        title=title, file=SimpleUploadedFile(f"{title}.pdf", b"%PDF-1.4 test")
    )


def test_every_field_of_the_form_is_saved(client, county):
    factories.login(client, county.people.bureau_admin)
    assert client.get(ADD_URL).status_code == 200
    response = client.post(ADD_URL, registration(county))
    assert response.status_code == 302, _errors(response)
    account = Account.objects.get()
    assert (account.account_id, account.name, str(account.registered_on)) == (
        "gh_qxj2026",
        "某县气象",
        "2026-03-02",
    )
    assert account.platform == Platform.WECHAT_SERVICE and account.verified
    assert account.supervising_unit == county.government
    assert account.news_licence and account.news_licence_number == "53120170001"
    assert account.sponsor_unit == county.bureau and account.site == county.site
    assert (account.sponsor_leader, account.sponsor_leader_post, account.sponsor_contact) == (
        "张三",
        "副局长",
        "李四",
    )
    assert (account.sponsor_phone, account.sponsor_mobile, account.sponsor_email) == (
        "0877-6011111",
        "13911111111",
        "qxj@example.gov.cn",
    )
    assert (account.operator_unit, account.operator_leader, account.operator_leader_post) == (
        "某县融媒体中心",
        "王五",
        "主任",
    )
    assert (account.operator_contact, account.operator_phone, account.operator_mobile) == (
        "赵六",
        "0877-6022222",
        "13922222222",
    )
    assert account.operator_email == "rmt@example.gov.cn"
    assert account.qr_code.title == "某县气象二维码"
    assert account.introduction.startswith("发布天气预报")
    assert account.link == "https://mp.weixin.qq.com/qxj"
    assert account.menu == [
        {
            "name": "天气服务",
            "note": "",
            "children": [
                {"name": "今日天气", "note": "", "children": []},
                {
                    "name": "预警信息",
                    "note": "实时推送",
                    "children": [{"name": "暴雨预警", "note": "", "children": []}],
                },
            ],
        },
        {"name": "政务公开", "note": "", "children": []},
    ]
    (person,) = account.administrators.all()
    assert (person.name, person.unit_and_post, person.office_phone, person.mobile) == (
        "孙七",
        "某县气象局办公室科员",
        "0877-6033333",
        "13933333333",
    )
    assert (person.qq, person.wechat, person.user) == (
        "123456",
        "sunqi_qx",
        county.people.bureau_admin,
    )
    assert [(d.kind, d.document.title) for d in account.documents.all()] == [
        (DocumentKind.MINUTES, "党组会议纪要"),
        (DocumentKind.OUTSOURCING, "委托运维保密协议"),
    ]
    # A new account applies to open: only an approved and filed request opens it.
    assert account.state == AccountState.PREPARING
    # What was filed shows again in the editor, the menu as it was written.
    page = client.get(edit_url(account)).content.decode()
    assert "  预警信息 | 实时推送" in page and "某县融媒体中心" in page


def test_a_fourth_menu_level_is_refused_in_chinese(client, county):
    factories.login(client, county.people.bureau_admin)
    menu = "一级\n  二级\n    三级\n      四级"
    response = client.post(ADD_URL, registration(county, menu_text=menu))
    assert response.status_code == 200
    assert "第 4 行：菜单最多三级（一级、二级、三级菜单）。" in response.content.decode()
    assert not Account.objects.exists()


def test_other_platform_needs_its_name(client, county):
    factories.login(client, county.people.bureau_admin)
    response = client.post(ADD_URL, registration(county, platform=Platform.OTHER))
    assert response.status_code == 200
    assert "平台选“其他”时，请填写平台名称。" in response.content.decode()
    response = client.post(
        ADD_URL, registration(county, platform=Platform.OTHER, platform_other="美篇")
    )
    assert response.status_code == 302
    assert Account.objects.get().platform_label == "美篇"


def test_a_second_account_on_the_same_platform_is_refused(client, county):
    make_account(county.bureau, name="某县气象发布", platform=Platform.WECHAT_SERVICE)
    factories.login(client, county.people.bureau_admin)
    response = client.post(ADD_URL, registration(county))
    assert response.status_code == 200
    assert (
        "某县气象局在微信服务号上已有政务新媒体账号“某县气象发布”：一个单位在同一平台只开设一个账号"
        in response.content.decode()
    )
    assert Account.objects.count() == 1
    # Another platform is another account.
    response = client.post(ADD_URL, registration(county, platform=Platform.DOUYIN))
    assert response.status_code == 302


def test_a_closed_account_leaves_its_place(client, county):
    make_account(county.bureau, platform=Platform.WECHAT_SERVICE, state=AccountState.CLOSED)
    factories.login(client, county.people.bureau_admin)
    assert client.post(ADD_URL, registration(county)).status_code == 302


def test_a_recorded_exception_lets_one_second_account(client, county):
    first = make_account(county.bureau, platform=Platform.WECHAT_SERVICE)
    platform_admin = factories.superuser()
    factories.login(client, platform_admin)
    response = client.post(
        "/admin/snippets/newmedia/accountexception/add/",
        {
            "unit": str(county.bureau.pk),
            "platform": Platform.WECHAT_SERVICE,
            "reason": "气象预警需独立服务号推送",
            "approved_by": "县政府办公室主任 周某",
            "approved_on": "2026-03-01",
        },
    )
    assert response.status_code == 302
    exception = AccountException.objects.get()
    assert exception.recorded_by == platform_admin
    factories.login(client, county.people.bureau_admin)
    assert client.post(ADD_URL, registration(county)).status_code == 302
    second = Account.objects.exclude(pk=first.pk).get()
    assert second.exception == exception
    # The exception is used up: a third account is refused.
    response = client.post(ADD_URL, registration(county, name="某县气象三"))
    assert response.status_code == 200
    assert Account.objects.count() == 2


def test_a_unit_administrator_cannot_record_an_exception(client, county):
    factories.login(client, county.people.bureau_admin)
    response = client.get("/admin/snippets/newmedia/accountexception/add/")
    factories.assert_admin_denied(response)


def test_the_database_refuses_a_duplicate_below_the_admin(county):
    from django.db import IntegrityError, transaction

    make_account(county.bureau, platform=Platform.DOUYIN)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_account(county.bureau, platform=Platform.DOUYIN, name="另一个")
    duplicate = Account(
        sponsor_unit=county.bureau, platform=Platform.DOUYIN, platform_other="", name="x"
    )
    assert registry.refusal(duplicate)


def test_a_qr_code_that_is_not_an_image_is_refused_in_chinese(client, county):
    """The QR code is chosen from the image library; uploading a file that is not an image
    there (the chooser's upload) is refused with Wagtail's form message, in Chinese."""
    factories.login(client, county.people.bureau_admin)
    response = client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "二维码",
            "image-chooser-upload-file": SimpleUploadedFile("qr.txt", b"not an image at all"),
        },
    )
    answer = response.json()
    assert answer["step"] == "reshow_creation_form"
    errors = re.findall(r"error-message[^>]*>(.*?)</", answer["htmlFragment"], re.S)
    assert errors and "图片" in " ".join(errors), errors


def test_a_unit_administrator_sees_only_their_units_accounts(client, county):
    mine = make_account(county.bureau, name="气象发布")
    theirs = make_account(county.other, name="财政发布")
    factories.login(client, county.people.bureau_admin)
    listing = client.get("/admin/snippets/newmedia/account/").content.decode()
    assert "气象发布" in listing and "财政发布" not in listing
    assert client.get(edit_url(mine)).status_code == 200
    factories.assert_admin_denied(client.get(edit_url(theirs)))
    factories.assert_admin_denied(client.get(f"/admin/newmedia/accounts/{theirs.pk}/print/"))
    # Nor file an account for another unit.
    response = client.post(ADD_URL, registration(county, sponsor_unit=str(county.other.pk)))
    assert response.status_code == 200
    assert not Account.objects.filter(name="某县气象").exists()
    # The platform office above both sees both.
    factories.login(client, county.people.office_admin)
    listing = client.get("/admin/snippets/newmedia/account/").content.decode()
    assert "气象发布" in listing and "财政发布" in listing


def test_people_without_the_administrator_role_see_no_registry(client, county):
    factories.login(client, county.people.bureau_deputy)
    factories.assert_admin_denied(client.get("/admin/snippets/newmedia/account/"))


def test_an_open_account_changes_its_name_only_through_a_request(client, county):
    account = make_account(county.bureau, site=county.site)
    factories.login(client, county.people.bureau_admin)
    data = factories.form_data(client.get(edit_url(account)).content, containing="name")
    data["name"] = "新名称"
    response = client.post(edit_url(account), data)
    assert response.status_code == 200
    assert "须经变更申请" in response.content.decode()
    data["name"] = account.name
    data["sponsor_contact"] = "新联系人"
    assert client.post(edit_url(account), data).status_code == 302
    account.refresh_from_db()
    assert (account.name, account.sponsor_contact) == ("某县气象局发布", "新联系人")
