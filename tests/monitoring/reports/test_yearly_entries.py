"""Figures entered by hand: by the site's 网站管理员 only, checked row by row with Chinese
messages, all or nothing, never over a computed figure."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring.reports.models import YearlyReportEntry
from monitoring.reports.yearly import entries, rows, yearly_report

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def save(platform, values, user=None):
    return entries.yearly_entries_save(
        site=platform.site, year=YEAR, user=user or platform.people.webmaster, values=values
    )


def test_the_site_administrator_enters_figures(platform):
    changed = save(
        platform,
        {
            "unique_visitors": " 120345 ",
            "page_views": "0",
            "security_drills": "yes",
            "multilingual": "no",
            "weibo_name": "渭川发布",
            "filled_on": "2026-01-15",
        },
    )
    assert sorted(changed) == sorted(
        [
            "unique_visitors",
            "page_views",
            "security_drills",
            "multilingual",
            "weibo_name",
            "filled_on",
        ]
    )
    report = yearly_report(site=platform.site, year=YEAR)
    assert report.line("unique_visitors").value == 120345
    assert report.line("page_views").value == 0
    assert report.line("security_drills").text == "是"
    assert report.line("multilingual").text == "否"
    assert report.line("weibo_name").text == "渭川发布"
    assert report.line("filled_on").text == "2026-01-15"
    entry = YearlyReportEntry.objects.get(site=platform.site, year=YEAR, key="unique_visitors")
    assert entry.value == "120345" and entry.entered_by == platform.people.webmaster
    assert "手工填报" in str(report.line("unique_visitors").source)
    # The same value again changes nothing; an empty one clears the entry (待填报 again).
    assert save(platform, {"unique_visitors": "120345"}) == []
    assert save(platform, {"unique_visitors": ""}) == ["unique_visitors"]
    assert yearly_report(site=platform.site, year=YEAR).line("unique_visitors").missing
    # Another year of the same site is another report.
    assert yearly_report(site=platform.site, year=YEAR - 1).line("page_views").missing


@pytest.mark.parametrize(
    ("key", "typed", "message"),
    [
        ("unique_visitors", "12万", "请填写不小于0的整数。"),
        ("unique_visitors", "-3", "请填写不小于0的整数。"),
        ("unique_visitors", "1.5", "请填写不小于0的整数。"),
        ("unique_visitors", "１２", "请填写不小于0的整数。"),  # full-width digits
        ("unique_visitors", "1" + "0" * 15, "请填写不小于0的整数。"),
        ("unique_visitors", "9" * 5000, "请填写不小于0的整数。"),
        ("security_drills", "是的", "请选择是或否。"),
        ("filled_on", "2026年1月15日", "请按YYYY-MM-DD格式填写日期。"),
        ("filled_on", "2026-02-30", "请按YYYY-MM-DD格式填写日期。"),
        ("head", "长" * 201, "最多填写200个字。"),
        ("published_total", "99", "此项数据由平台数据计算得出，不能手工填报。"),
        ("messages_average_days", "3", "此项数据由平台数据计算得出，不能手工填报。"),
        ("no_such_row", "1", "年度报表没有此项目。"),
    ],
)
def test_a_wrong_value_keeps_nothing(platform, key, typed, message):
    with pytest.raises(ValidationError) as refused:
        save(platform, {"page_views": "100", key: typed})
    assert refused.value.message_dict == {key: [message]}
    assert not YearlyReportEntry.objects.exists()


def test_two_hundred_characters_are_accepted(platform):
    save(platform, {"head": "长" * 200})
    assert yearly_report(site=platform.site, year=YEAR).line("head").text == "长" * 200
    save(platform, {"page_views": "9" * 15})
    assert yearly_report(site=platform.site, year=YEAR).line("page_views").value == 10**15 - 1


def test_a_number_with_two_decimal_places_where_a_row_takes_one(platform, monkeypatch):
    """The only number row (the average handling time) is computed here; its rule still holds
    where a site has no mailbox."""
    row = rows.ROWS_BY_KEY["messages_average_days"]
    assert rows.stored_value(row, "3.25") == "3.25"
    assert rows.stored_value(row, "4.50") == "4.5"
    for wrong in ("3.255", "-1", "NaN", "Infinity", "三", "1e30", ""):
        with pytest.raises(ValidationError) as refused:
            rows.stored_value(row, wrong)
        assert refused.value.messages == ["请填写不小于0的数字，最多两位小数。"]


@pytest.mark.parametrize("who", ["author", "county_reader", "outsider", "department_admin"])
def test_only_the_sites_administrators_enter_figures(platform, who):
    with pytest.raises(PermissionDenied) as refused:
        save(platform, {"page_views": "100"}, user=getattr(platform.people, who))
    assert str(refused.value) == "只有本网站的网站管理员可以填报其年度报表。"
    assert not YearlyReportEntry.objects.exists()


def test_the_platforms_superuser_reads_but_does_not_fill_in(platform):
    with pytest.raises(PermissionDenied):
        save(platform, {"page_views": "100"}, user=platform.people.superuser)
