"""``scan_page``: every text of an item, its links and images, its reprint source."""

from types import SimpleNamespace

import pytest
from wagtail.models import Page

from cms.content.models import NewsPage, ReprintSource, ResponsePage
from editorial.prechecks.choices import FindingKind, Severity
from editorial.prechecks.models import SensitiveTerm
from editorial.prechecks.scan import has_blocking, page_texts, scan_page
from editorial.prechecks.text import html_to_text
from tests import factories

from .helpers import english, with_id_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(db):
    owner = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", hostname="www.weibin.example", sponsor=owner)
    column = factories.column(site.root_page, "政务要闻", owner=owner, slug="zwyw")
    SensitiveTerm.objects.create(
        term="党中央国务院", correction="党中央、国务院", category="non_standard"
    )
    SensitiveTerm.objects.create(term="做为", correction="作为", category="wrong")
    SensitiveTerm.objects.create(term="全网最低价", category="sensitive", severity="blocking")
    return SimpleNamespace(owner=owner, site=site, column=column)


def located(page, findings):
    """``(kind, field, the text the finding points at)``."""
    texts = {
        field: (html_to_text(value).text if rich else value)
        for field, value, rich in page_texts(page)
    }
    return [(f.kind, f.field, texts.get(f.field, "")[f.start : f.end]) for f in findings]


def test_a_clean_item_has_no_findings(newsroom):
    page = factories.news(
        newsroom.column, "区政府召开常务会议", body="<p>会议研究部署近期工作。</p>"
    )
    assert scan_page(page) == []


def test_every_field_is_scanned_with_offsets_in_its_own_text(newsroom):
    number = with_id_check("61030219800101123")
    page = factories.news(
        newsroom.column,
        "党中央国务院部署春耕",
        summary="做为试点，咨询13800138000。",
        body=(
            "<h2>工作要求</h2>"
            f"<p>申请人身份证号{number}，<b>全网最低价</b>。</p>"
            '<p>详见<a href="https://www.gov.cn/">中国政府网</a>、'
            '<a href="https://www.example.com/">某网站</a>与'
            '<a href="https://www.weibin.example/zwgk/">本站</a>。</p>'
        ),
        source="渭滨区农业农村局做为牵头单位",
        publish=False,
    )
    findings = scan_page(page)
    assert located(page, findings) == [
        (FindingKind.SENSITIVE_TERM, "title", "党中央国务院"),
        (FindingKind.SENSITIVE_TERM, "summary", "做为"),
        (FindingKind.MOBILE_NUMBER, "summary", "13800138000"),
        (FindingKind.ID_NUMBER, "body", number),
        (FindingKind.SENSITIVE_TERM, "body", "全网最低价"),
        (FindingKind.FOREIGN_LINK, "body", "某网站"),
        (FindingKind.SENSITIVE_TERM, "source", "做为"),
    ]
    assert has_blocking(findings)
    severities = {(f.kind, f.field): f.severity for f in findings}
    assert severities[(FindingKind.SENSITIVE_TERM, "title")] == Severity.WARNING
    assert severities[(FindingKind.SENSITIVE_TERM, "body")] == Severity.BLOCKING
    assert severities[(FindingKind.MOBILE_NUMBER, "summary")] == Severity.BLOCKING
    assert severities[(FindingKind.FOREIGN_LINK, "body")] == Severity.WARNING


def test_a_generic_page_is_scanned_as_its_type(newsroom):
    page = factories.news(newsroom.column, "标题", summary="做为示范", body="<p>正文。</p>")
    generic = Page.objects.get(pk=page.pk)
    assert [(f.kind, f.field) for f in scan_page(generic)] == [
        (FindingKind.SENSITIVE_TERM, "summary")
    ]


def test_the_latest_revision_can_be_scanned(newsroom):
    page = factories.news(newsroom.column, "标题", body="<p>正文。</p>")
    page.body = "<p>做为示范。</p>"
    revision = page.save_revision()
    draft = revision.as_object()
    assert located(draft, scan_page(draft)) == [(FindingKind.SENSITIVE_TERM, "body", "做为")]


def test_the_other_text_fields_of_a_type_are_scanned(newsroom):
    page = ResponsePage(
        title="回应关切",
        concern="网传做为补贴对象需缴费",
        source="区政府办",
        seo_title="全网最低价",
        search_description="联系13800138000",
    )
    assert sorted(located(page, scan_page(page))) == sorted(
        [
            (FindingKind.SENSITIVE_TERM, "concern", "做为"),
            (FindingKind.SENSITIVE_TERM, "seo_title", "全网最低价"),
            (FindingKind.MOBILE_NUMBER, "search_description", "13800138000"),
        ]
    )


def test_attachment_titles_are_scanned(newsroom):
    page = NewsPage(
        title="公示",
        source="区政府办",
        attachments=[("attachment", {"document": None, "title": "做为附件"})],
    )
    findings = scan_page(page)
    assert [(f.kind, f.field, f.start, f.end) for f in findings] == [
        (FindingKind.SENSITIVE_TERM, "attachments.0.title", 0, 2)
    ]


def test_a_reprint_needs_an_active_whitelisted_source(newsroom):
    page = NewsPage(title="转载", is_reprint=True, reprint_source=None)
    (finding,) = scan_page(page)
    assert (finding.kind, finding.field, finding.severity) == (
        FindingKind.REPRINT_SOURCE,
        "reprint_source",
        Severity.BLOCKING,
    )

    retired = ReprintSource.objects.create(name="某停刊报社", kind="media", is_active=False)
    page.reprint_source = retired
    (finding,) = scan_page(page)
    assert finding.kind == FindingKind.REPRINT_SOURCE
    assert "某停刊报社" in english(finding.message)

    page.reprint_source = factories.reprint_source("新华社")
    assert scan_page(page) == []


def test_a_map_without_approval_number_is_blocking(newsroom):
    good_map = factories.image("行政区划图", is_map=True, map_approval_number="GS(2019)1822号")
    bad_map = factories.image("示意地图", is_map=True, map_approval_number="")
    photo = factories.image("会议现场")
    page = NewsPage(
        title="图片",
        source="区政府办",
        cover_image=bad_map,
        body=(
            f'<p>见下图</p><embed embedtype="image" id="{good_map.pk}" format="fullwidth" alt=""/>'
            f'<p>以及</p><embed embedtype="image" id="{bad_map.pk}" format="fullwidth" alt=""/>'
            f'<embed embedtype="image" id="{photo.pk}" format="fullwidth" alt=""/>'
        ),
    )
    findings = scan_page(page)
    assert [(f.kind, f.field, f.severity) for f in findings] == [
        (FindingKind.MAP_WITHOUT_APPROVAL, "body", Severity.BLOCKING),
        (FindingKind.MAP_WITHOUT_APPROVAL, "cover_image", Severity.BLOCKING),
    ]
    in_body = findings[0]
    text = html_to_text(page.body).text
    assert text[: in_body.start].rstrip().endswith("以及")
    assert "示意地图" in english(in_body.message)

    page.cover_image = good_map
    page.body = ""
    assert scan_page(page) == []


def test_a_map_with_a_malformed_approval_number_is_blocking(newsroom):
    page = NewsPage(
        title="图片",
        source="区政府办",
        cover_image=factories.image("地图", is_map=True, map_approval_number="审图号待补"),
    )
    (finding,) = scan_page(page)
    assert finding.kind == FindingKind.MAP_WITHOUT_APPROVAL
    assert "审图号待补" in english(finding.message)


def test_findings_render_in_the_active_language_and_as_data(newsroom):
    page = NewsPage(title="做为", source="区政府办")
    (finding,) = scan_page(page)
    data = finding.as_dict()
    assert data["kind"] == "sensitive_term"
    assert data["severity"] == "warning"
    assert data["suggestion"] == "作为"
    assert data["message"] == str(finding.message)
