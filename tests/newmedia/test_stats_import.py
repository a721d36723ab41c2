"""Import of a platform's statistics through the admin (运行监测): a good CSV and a good XLSX
written, a bad file refused row by row with nothing written, another unit's account refused,
a period imported again replaced."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from newmedia.models import AccountActivity, ActivityPeriod
from tests import factories

from .conftest import make_account

pytestmark = pytest.mark.django_db
URL = "/admin/newmedia/monitoring/"


def upload(client, name: str, content: bytes):
    data = {"file": io.BytesIO(content)}
    data["file"].name = name
    return client.post(URL, data)


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def last_month() -> str:
    first = timezone.localdate().replace(day=1)
    return (first - datetime.timedelta(days=1)).strftime("%Y-%m")


@pytest.fixture
def accounts(county):
    return (
        make_account(county.bureau, account_id="gh_qxj", name="某县气象"),
        make_account(county.other, account_id="gh_czj", name="某县财政"),
    )


def test_the_menu_and_the_page_are_there(client, county, accounts):
    factories.login(client, county.people.bureau_admin)
    response = client.get(reverse("newmedia_monitoring"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "某县气象" in page and "某县财政" not in page  # the registry's scope
    assert "导入" in page


def test_a_good_csv_is_imported(client, county, accounts):
    factories.login(client, county.people.bureau_admin)
    month = last_month()
    response = upload(
        client,
        "stats.csv",
        csv_bytes(
            "账号ID,统计期,发文数,粉丝数,阅读量,最后发文日期",
            f"gh_qxj,{month},12,4800,10500,{month}-20",
            f"gh_qxj,{month}-05,2,,300,",
        ),
    )
    assert response.status_code == 302
    monthly = AccountActivity.objects.get(account=accounts[0], period=ActivityPeriod.MONTH)
    assert (monthly.posts, monthly.followers, monthly.reads) == (12, 4800, 10500)
    assert monthly.last_post_on == datetime.date.fromisoformat(f"{month}-20")
    assert monthly.imported_by == county.people.bureau_admin
    daily = AccountActivity.objects.get(account=accounts[0], period=ActivityPeriod.DAY)
    assert daily.followers is None

    # The same month again: replaced, not doubled.
    again = csv_bytes("账号名称,统计期,发文数,关注数", f"某县气象,{month},15,4900")
    upload(client, "again.csv", again)
    monthly.refresh_from_db()
    assert (monthly.posts, monthly.followers, monthly.last_post_on) == (15, 4900, None)
    assert AccountActivity.objects.count() == 2


def test_a_good_xlsx_is_imported(client, county, accounts):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["账号ID", "统计期", "发文数", "粉丝数", "阅读量"])
    day = timezone.localdate() - datetime.timedelta(days=2)
    sheet.append(["gh_qxj", datetime.datetime.combine(day, datetime.time()), 3, 5200, 900])
    out = io.BytesIO()
    workbook.save(out)
    factories.login(client, county.people.bureau_admin)
    assert upload(client, "stats.xlsx", out.getvalue()).status_code == 302
    row = AccountActivity.objects.get()
    assert (row.period, row.period_start, row.posts, row.followers) == (
        ActivityPeriod.DAY,
        day,
        3,
        5200,
    )


def test_bad_rows_are_named_and_nothing_is_imported(client, county, accounts):
    factories.login(client, county.people.bureau_admin)
    month = last_month()
    response = upload(
        client,
        "stats.csv",
        csv_bytes(
            "账号ID,统计期,发文数,粉丝数,阅读量",
            f"gh_qxj,{month},12,4800,10500",  # good, but not written
            f"gh_none,{month},1,1,1",
            "gh_qxj,十一月,1,1,1",
            f"gh_qxj,{month}-03,很多,1,1",
            f"gh_qxj,{month},3,1,1",
            "gh_qxj,2999-01,3,1,1",
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "未导入任何内容" in page
    assert "第 3 行" in page and "没有已登记的账号使用此 ID 或名称" in page
    assert "第 4 行" in page and "请填写月份" in page
    assert "第 5 行" in page and "请填写 0 或以上的整数" in page
    assert "第 6 行" in page and "已在第 2 行出现" in page
    assert "第 7 行" in page and "统计期尚未开始" in page
    assert not AccountActivity.objects.exists()


def test_another_units_account_is_refused(client, county, accounts):
    factories.login(client, county.people.bureau_admin)
    response = upload(
        client, "stats.csv", csv_bytes("账号ID,统计期,发文数", f"gh_czj,{last_month()},4")
    )
    assert response.status_code == 400
    assert "不归您管理的单位" in response.content.decode()
    assert not AccountActivity.objects.exists()

    # The platform office, above both units, imports it.
    factories.login(client, county.people.office_admin)
    response = upload(
        client, "stats.csv", csv_bytes("账号ID,统计期,发文数", f"gh_czj,{last_month()},4")
    )
    assert response.status_code == 302
    assert AccountActivity.objects.get().account == accounts[1]


def test_a_file_that_is_no_table_is_refused(client, county, accounts):
    factories.login(client, county.people.bureau_admin)
    response = upload(client, "stats.xlsx", b"not a workbook")
    assert response.status_code == 400
    assert "不是可读取的 XLSX" in response.content.decode()
    response = upload(client, "stats.csv", csv_bytes("统计期,发文数", f"{last_month()},4"))
    assert "账号ID" in response.content.decode()
    assert not AccountActivity.objects.exists()


def test_people_without_an_administrators_role_are_kept_out(client, county, accounts):
    factories.login(client, county.people.bureau_head)
    assert client.get(URL).status_code in (302, 403)  # Wagtail turns 403 into a redirect
    content = csv_bytes("账号ID,统计期,发文数", f"gh_qxj,{last_month()},4")
    assert upload(client, "stats.csv", content).status_code in (302, 403)
    assert not AccountActivity.objects.exists()


def test_the_operators_command_imports_for_every_unit(county, accounts, tmp_path):
    from django.core.management import CommandError, call_command

    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes("账号ID,统计期,发文数", f"gh_qxj,{last_month()},4", "gh_czj,x,1"))
    with pytest.raises(CommandError):
        call_command("newmedia_import_stats", str(bad))
    assert not AccountActivity.objects.exists()
    good = tmp_path / "good.csv"
    good.write_bytes(
        csv_bytes("账号ID,统计期,发文数", f"gh_qxj,{last_month()},4", f"gh_czj,{last_month()},1")
    )
    call_command("newmedia_import_stats", str(good))
    assert AccountActivity.objects.count() == 2
