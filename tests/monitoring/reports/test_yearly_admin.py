"""The yearly report in the admin, through real requests: who reads it, who fills it in, bad
input refused in Chinese with nothing changed, and the XLSX the same as the HTML, cell by
cell."""

import io
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.reports.models import YearlyReportEntry
from monitoring.reports.yearly import rows
from monitoring.reports.yearly.xlsx import FIRST_LINE_ROW
from tests import factories
from tests.test_admin_chinese import english

from .conftest import EXPECTED_2025, YEAR

pytestmark = pytest.mark.django_db
URL = "/admin/reports/yearly/"
PRINT_URL = "/admin/reports/yearly/print/"
XLSX_URL = "/admin/reports/yearly/xlsx/"


class ReportRows(HTMLParser):
    """The report table's rows: key → (the indicator's text, the figure's text)."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, tuple[str, str]] = {}
        self.inputs: list[str] = []
        self._key = None
        self._cell = 0
        self._in_figure = False
        self._label = ""
        self._figure = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "data-key" in attrs:
            self._key, self._cell, self._label, self._figure = attrs["data-key"], 0, "", ""
        elif tag == "td" and self._key:
            self._cell += 1
        elif tag == "span" and "yearly-figure" in (attrs.get("class") or ""):
            self._in_figure = True
        elif tag in {"input", "select"} and (attrs.get("name") or "").startswith("entry-"):
            self.inputs.append(attrs["name"].removeprefix("entry-"))

    def handle_endtag(self, tag):
        if tag == "span":
            self._in_figure = False
        elif tag == "tr" and self._key:
            self.rows[self._key] = (self._label.strip(), self._figure.strip())
            self._key = None

    def handle_data(self, data):
        if self._key and self._cell == 1:
            self._label += data
        if self._in_figure:
            self._figure += data


def parsed(response) -> ReportRows:
    parser = ReportRows()
    parser.feed(response.content.decode())
    return parser


def query(platform, **extra):
    return {"site": platform.site.pk, "year": YEAR, **extra}


def test_the_report_is_under_reports_in_the_menu(client, platform):
    factories.login(client, platform.people.webmaster)
    home = client.get("/admin/")
    assert reverse("monitoring_yearly") == URL
    content = home.content.decode()
    assert URL in content
    # The sidebar's items are JSON for its script: the label may be written escaped.
    assert "年度报表" in content or "年度报表".encode("unicode_escape").decode() in content


def test_the_site_administrator_sees_the_report_and_fills_it_in(client, platform):
    factories.login(client, platform.people.webmaster)
    choice = client.get(URL)
    assert choice.status_code == 200
    # Only the sites one may read are offered.
    assert "渭川区人民政府" in choice.content.decode()
    assert "渭滨区人民政府" not in choice.content.decode()
    page = client.get(URL, query(platform))
    assert page.status_code == 200
    found = parsed(page)
    assert found.rows["published_news"][1] == str(EXPECTED_2025["published_news"])
    assert found.rows["published_news"][0] == "政务动态信息更新量"
    # Manual rows are fields; computed ones are not.
    assert "unique_visitors" in found.inputs and "published_news" not in found.inputs
    assert "不能手工填报" in page.content.decode()
    saved = client.post(
        URL,
        query(platform, **{"entry-unique_visitors": "8800", "entry-security_officer": "yes"}),
    )
    assert saved.status_code == 302
    after = parsed(client.get(saved["Location"]))
    assert YearlyReportEntry.objects.get(key="unique_visitors").value == "8800"
    assert YearlyReportEntry.objects.get(key="security_officer").value == "yes"
    # The field holds what was entered.
    page = client.get(URL, query(platform)).content.decode()
    assert 'name="entry-unique_visitors" value="8800"' in page
    assert after.rows["published_news"][1] == "3"


def test_a_wrong_figure_is_refused_in_chinese_and_nothing_is_saved(client, platform):
    factories.login(client, platform.people.webmaster)
    response = client.post(
        URL,
        query(
            platform,
            **{"entry-unique_visitors": "很多", "entry-page_views": "100"},
        ),
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "请填写不小于0的整数。" in content
    assert "未保存任何内容" in content
    # What was typed stays in the form to be corrected.
    assert 'name="entry-unique_visitors" value="很多"' in content
    assert not YearlyReportEntry.objects.exists()


def test_a_computed_figure_posted_by_hand_is_refused(client, platform):
    factories.login(client, platform.people.webmaster)
    response = client.post(URL, query(platform, **{"entry-published_news": "999"}))
    assert response.status_code == 400
    assert "此项数据由平台数据计算得出，不能手工填报。" in response.content.decode()
    assert not YearlyReportEntry.objects.exists()


@pytest.mark.parametrize("year", ["二〇二五", "25", "2025.0", "1999", "2100", ""])
def test_a_year_that_is_not_a_year_is_refused(client, platform, year):
    factories.login(client, platform.people.webmaster)
    response = client.get(URL, {"site": platform.site.pk, "year": year})
    assert response.status_code == 400
    assert "年度须为2000至" in response.content.decode()
    posted = client.post(URL, {"site": platform.site.pk, "year": year, "entry-page_views": "1"})
    assert posted.status_code == 400
    assert not YearlyReportEntry.objects.exists()


@pytest.mark.parametrize("site", ["other", "abc", "999999", ""])
def test_a_site_not_ones_own_is_refused(client, platform, site):
    factories.login(client, platform.people.webmaster)
    site_id = {"other": platform.other_site.pk}.get(site, site)
    for url in (URL, PRINT_URL, XLSX_URL):
        response = client.get(url, {"site": site_id, "year": YEAR})
        assert response.status_code == 403, url
        assert "请选择您有权查看年度报表的网站。" in response.content.decode()
    posted = client.post(URL, {"site": site_id, "year": YEAR, "entry-page_views": "1"})
    assert posted.status_code == 403
    assert not YearlyReportEntry.objects.exists()


@pytest.mark.parametrize("who", ["author", "county_reader", "superuser"])
def test_other_roles_of_the_sites_units_read_only(client, platform, who):
    """Staff of the unit running the site and of the units above it read the report; they
    enter nothing, by the form or by a request made by hand."""
    factories.login(client, getattr(platform.people, who))
    page = client.get(URL, query(platform))
    assert page.status_code == 200
    found = parsed(page)
    assert found.inputs == []
    assert found.rows["published_total"][1] == "18"
    assert "只有本网站的网站管理员可以填报数据" in page.content.decode()
    assert client.get(XLSX_URL, query(platform)).status_code == 200
    posted = client.post(URL, query(platform, **{"entry-page_views": "1"}))
    assert posted.status_code == 403
    assert "只有本网站的网站管理员可以填报其年度报表。" in posted.content.decode()
    assert not YearlyReportEntry.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "department_admin", "chief"])
def test_people_of_other_units_are_refused(client, platform, who):
    """A 网站管理员 of another site, or of a department below the unit running this one, does
    not read this site's report."""
    factories.login(client, getattr(platform.people, who))
    assert client.get(URL, query(platform)).status_code == 403
    assert client.get(XLSX_URL, query(platform)).status_code == 403
    assert client.get(PRINT_URL, query(platform)).status_code == 403


def test_the_xlsx_has_the_figures_of_the_html_cell_by_cell(client, platform):
    factories.login(client, platform.people.webmaster)
    client.post(
        URL,
        query(
            platform,
            **{
                "entry-unique_visitors": "120345",
                "entry-wechat_name": "渭川发布",
                "entry-filled_on": "2026-01-15",
                "entry-accessibility": "no",
            },
        ),
    )
    printed = client.get(PRINT_URL, query(platform))
    assert printed.status_code == 200
    html = parsed(printed).rows
    assert list(html) == [row.key for row in rows.ROWS]
    download = client.get(XLSX_URL, query(platform))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(download.content))
    assert len(book.worksheets) == 1
    sheet = book.worksheets[0]
    assert sheet.title == f"渭川区人民政府 {YEAR}"
    assert sheet["A1"].value == f"政府网站工作年度报表（{YEAR}年度）"
    assert [cell.value for cell in sheet[2]] == ["项目", "分项", "指标", "数值", "来源"]
    lines = list(sheet.iter_rows(min_row=FIRST_LINE_ROW, values_only=True))
    assert len(lines) == len(html)
    for (key, (label, figure)), (section, group, indicator, value, source) in zip(
        html.items(), lines, strict=True
    ):
        row = rows.ROWS_BY_KEY[key]
        assert section == str(row.section.label)
        assert (f"{group}：" if group else "") + indicator == label, key
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        assert shown == figure, key
        assert source
    by_key = dict(zip(html, lines, strict=True))
    # Numbers are numbers in the workbook; the rest as the page shows it.
    assert by_key["published_total"][3] == 18
    assert by_key["unique_visitors"][3] == 120345
    assert by_key["wechat_name"][3] == "渭川发布"
    assert by_key["accessibility"][3] == "否"
    assert by_key["page_views"][3] == "待填报"
    assert by_key["filled_on"][3] == "2026-01-15"


def test_the_print_page_is_for_a4_and_marks_what_is_missing(client, platform):
    factories.login(client, platform.people.author)
    printed = client.get(PRINT_URL, query(platform))
    content = printed.content.decode()
    assert "size: A4" in content
    assert "<h1>政府网站工作年度报表</h1>" in content
    assert parsed(printed).rows["security_checks"] == ("安全检测评估次数（单位：次）", "待填报")
    assert parsed(printed).rows["cases_total"] == ("办件量（单位：件）：总数", "待填报")


def test_one_sheet_per_site(client, platform):
    """A reader of both sites downloads both reports of the year in one workbook."""
    factories.login(client, platform.people.superuser)
    download = client.get(
        XLSX_URL, {"site": [platform.site.pk, platform.other_site.pk], "year": YEAR}
    )
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames == [f"渭川区人民政府 {YEAR}", f"渭滨区人民政府 {YEAR}"]
    first, second = (list(sheet.iter_rows(min_row=FIRST_LINE_ROW, max_col=4)) for sheet in book)
    totals = [
        next(row[3].value for row in sheet if row[2].value == "政务动态信息更新量")
        for sheet in (first, second)
    ]
    assert totals == [3, 0]


def test_the_report_pages_speak_chinese(client, platform):
    """No English on the report, its answers and its print page (tests/test_admin_chinese.py's
    reader; the site's own data — names, filing numbers, the home page's address — aside)."""
    allowed = {"https", "www", "weichuan", "gov", "cn", "XLSX", "webmaster", "author"}
    factories.login(client, platform.people.webmaster)
    pages = {
        "report": client.get(URL, query(platform)),
        "refused value": client.post(URL, query(platform, **{"entry-page_views": "x"})),
        "refused year": client.get(URL, {"site": platform.site.pk, "year": "x"}),
        "print": client.get(PRINT_URL, query(platform)),
    }
    factories.login(client, platform.people.author)
    pages["read only"] = client.get(URL, query(platform))
    found = {name: english(page.content.decode(), allowed) for name, page in pages.items()}
    assert found == {name: set() for name in pages}
