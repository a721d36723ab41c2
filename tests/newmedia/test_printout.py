"""The registration form (seed 002's annex) printed with the account's data (R32)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document

from newmedia.models import AccountAdministrator, AccountDocument, DocumentKind, Platform
from tests import factories

from .conftest import make_account

pytestmark = pytest.mark.django_db


def _cell(html: str, field: str) -> str:
    match = re.search(rf'data-field="{field}"[^>]*>(.*?)</td>', html, re.S)
    assert match, field
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_the_form_prints_every_field(client, county):
    account = make_account(
        county.bureau,
        account_id="gh_qx",
        name="某县气象",
        platform=Platform.WECHAT_SERVICE,
        news_licence=True,
        news_licence_number="53120170001",
        supervising_unit=county.government,
        operator_unit="某县融媒体中心",
        operator_contact="赵六",
        operator_email="rmt@example.gov.cn",
        qr_code=factories.image("二维码"),
        menu=[
            {
                "name": "天气服务",
                "note": "",
                "children": [
                    {"name": "今日天气", "note": "", "children": []},
                    {
                        "name": "预警信息",
                        "note": "",
                        "children": [{"name": "暴雨预警", "note": "实时推送", "children": []}],
                    },
                ],
            },
            {"name": "政务公开", "note": "", "children": []},
        ],
    )
    AccountAdministrator.objects.create(
        account=account,
        name="孙七",
        unit_and_post="气象局办公室科员",
        office_phone="0877-6033333",
        mobile="13933333333",
        qq="123456",
        wechat="sunqi_qx",
    )
    AccountDocument.objects.create(
        account=account,
        kind=DocumentKind.MINUTES,
        document=Document.objects.create(
            title="党组会议纪要", file=SimpleUploadedFile("m.pdf", b"%PDF-1.4")
        ),
    )
    factories.login(client, county.people.bureau_admin)
    response = client.get(f"/admin/newmedia/accounts/{account.pk}/print/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "某县气象局新媒体备案登记表" in html and "@page { size: A4" in html
    assert "单位名称（盖章）： 某县气象局" in html
    assert _cell(html, "account") == "gh_qx 某县气象"
    assert _cell(html, "registered_on") == "2026年3月1日"
    assert _cell(html, "platform") == "微信服务号"
    assert 'class="box ticked">是' in html.split('data-field="verified"')[1].split("</td>")[0]
    assert _cell(html, "supervising_unit") == "某县人民政府"
    licence = html.split('data-field="news_licence"')[1].split("</td>")[0]
    assert 'class="box ticked">是' in licence and "53120170001" in licence
    assert _cell(html, "sponsor_unit") == "某县气象局"
    assert _cell(html, "sponsor_leader") == "王某 副局长"
    assert _cell(html, "sponsor_contact") == ("李某 0877-6000001 13900000001 office@example.gov.cn")
    assert _cell(html, "operator_unit") == "某县融媒体中心"
    assert _cell(html, "operator_leader") == "赵某 办公室主任"
    assert _cell(html, "operator_contact") == "赵六 0877-6000002 13900000002 rmt@example.gov.cn"
    boxes = html.split('data-field="platform_boxes"')[1].split("</td>")[0]
    assert re.findall(r'class="box ticked">([^<]+)<', boxes) == ["微信（服务号/订阅号/小程序）"]
    assert "<img" in html.split('data-field="qr_code"')[1].split("</td>")[0]
    assert _cell(html, "introduction") == "基本情况简介： 发布本单位政务信息。"
    assert _cell(html, "link") == "https://mp.weixin.qq.com/example"
    menu_rows = [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r'<tr class="menu-row">(.*?)</tr>', html, re.S)
    ]
    assert menu_rows == [
        ["天气服务", "今日天气", "", ""],
        ["", "预警信息", "暴雨预警", "实时推送"],
        ["政务公开", "", "", ""],
        ["", "", "", ""],
    ]
    (admin_row,) = re.findall(r'<tr class="administrator">(.*?)</tr>', html, re.S)
    assert re.findall(r"<td>(.*?)</td>", admin_row) == [
        "孙七",
        "气象局办公室科员",
        "0877-6033333",
        "13933333333",
        "123456",
        "sunqi_qx",
    ]
    assert "单位集体研究的会议纪要（经主要领导签批）：党组会议纪要" in html


def test_another_platform_is_written_on_the_other_line(client, county):
    account = make_account(county.bureau, platform=Platform.OTHER, platform_other="美篇")
    factories.login(client, county.people.bureau_admin)
    html = client.get(f"/admin/newmedia/accounts/{account.pk}/print/").content.decode()
    boxes = html.split('data-field="platform_boxes"')[1].split("</td>")[0]
    assert re.findall(r'class="box ticked">([^<]+)<', boxes)[0].startswith("其他类型")
    assert "<u>美篇</u>" in boxes
