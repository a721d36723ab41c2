"""The quarterly circular and the monthly reminder (R31), from the daily inspections: what was
late, what was fixed, sent to each person once."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from monitoring.reports.circulars import Period, circulars
from monitoring.reports.dispatch import send_monthly, send_quarterly
from monitoring.reports.models import ReportDispatch
from monitoring.standing.inspection import run_inspection
from monitoring.standing.models import Rule
from tests import factories
from tests.monitoring.conftest import add_column, at, dated

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def quarter(monitored, django_capture_on_commit_callbacks):
    """Q3 2026 inspected on five days: a monthly column late from 08-01 and fixed on 08-20; a
    news column late from 09-08 and still late at the end; a notice column never late."""
    add_column(monitored, "通知公告", "notice", items=[at("2026-06-01")])
    monthly = add_column(monitored, "月度统计", "monthly", items=[at("2026-07-01")])  # late 08-01
    news = add_column(monitored, "动态要闻", "news", items=[at("2026-09-01")])  # late 09-08
    with django_capture_on_commit_callbacks(execute=True):
        for day in ("2026-07-15", "2026-08-10", "2026-08-19"):
            run_inspection(day=D.fromisoformat(day))
        dated(factories.news(monthly, "七月统计"), at("2026-08-20"))
        for day in ("2026-08-21", "2026-09-15"):
            run_inspection(day=D.fromisoformat(day))
    return {"monthly": monthly, "news": news}


def test_the_circular_tells_what_was_late_and_what_was_fixed(monitored, quarter):
    (circular,) = circulars(Period.quarter(2026, 3))
    assert circular.unit == monitored["department"]
    assert circular.inspections == 5
    by_title = {column.title: column for column in circular.columns}
    assert set(by_title) == {"月度统计", "动态要闻"}
    assert by_title["月度统计"].first_late == D(2026, 8, 10)
    assert by_title["月度统计"].days_late == 2
    assert by_title["月度统计"].fixed_on == D(2026, 8, 21)
    assert by_title["动态要闻"].fixed_on is None
    assert [column.title for column in circular.still_late] == ["动态要闻"]
    tripped = {(item.rule, item.cleared) for item in circular.vetoes}
    assert (Rule.NEWS_STALE, False) in tripped  # 09-01 + 14 days: tripped on 09-15
    assert circulars(Period.quarter(2026, 2)) == []


def test_the_circular_is_sent_once_after_the_quarter(
    monitored, quarter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_quarterly(D(2026, 9, 30)) == 0  # Q2 had nothing late
        sent = send_quarterly(D(2026, 10, 9))
    recipients = set(
        ReportDispatch.objects.filter(kind="quarterly", period="2026Q3").values_list(
            "recipient__username", flat=True
        )
    )
    assert recipients == {"rsj_gly", "bgs_fg"}  # the unit's 网站管理员, the nearest 分管负责人
    assert sent == 2
    bodies = [message.body for message in mail.outbox if "2026Q3" in message.subject]
    assert bodies and "动态要闻" in bodies[0] and "月度统计" in bodies[0]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_quarterly(D(2026, 10, 10)) == 0


def test_the_monthly_reminder_names_what_is_due_and_overdue(
    monitored, quarter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("monitor_reports", day="2026-10-01")
    mine = [message for message in mail.outbox if monitored["editor"].email in message.to]
    monthly = [message for message in mine if "2026-10" in message.subject]
    assert len(monthly) == 1
    assert "动态要闻" in monthly[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert send_monthly(D(2026, 10, 2)) == 0


def test_the_circular_page(client, monitored, quarter):
    factories.login(client, monitored["webmaster"])
    page = client.get("/admin/reports/circular/?year=2026&quarter=3")
    assert page.status_code == 200
    html = page.content.decode()
    assert "月度统计" in html and "动态要闻" in html and "仍未更新" in html
    bad = client.get("/admin/reports/circular/?year=2026&quarter=5")
    assert bad.status_code == 400
    assert "请选择" in bad.content.decode()
    stranger = factories.user(
        "zjj_gly", unit=factories.unit("渭滨区住房和城乡建设局"), role="site_admin"
    )
    factories.login(client, stranger)
    assert (
        "月度统计"
        not in client.get("/admin/reports/circular/?year=2026&quarter=3").content.decode()
    )
