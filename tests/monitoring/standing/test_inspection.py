"""The daily inspection against the veto items (R5, 004 第十四条): each rule tripping and not
tripping at its boundary, the warning window on the official calendar, and the run itself
(idempotent, one at a time, resumable)."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from archive.filing import file_pages
from cms.jobs.models import JobRun
from knowledgebase.mailbox import services as mailbox_services
from knowledgebase.mailbox.models import Message
from monitoring.standing.inspection import InspectionRefused, run_inspection
from monitoring.standing.models import (
    ColumnState,
    Finding,
    Inspection,
    Rule,
    SiteStanding,
    Standing,
    VetoThresholds,
)
from tests import factories
from tests.monitoring.conftest import add_column, at, dated

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def _site(monitored):
    global SITE
    SITE = monitored["site"]


def inspect(day: str, **kwargs):
    run_inspection(day=D.fromisoformat(day), again=True, **kwargs)
    return SiteStanding.objects.get(inspection__day=day, site=SITE)


def rules(standing, *, tripped=True) -> set[str]:
    return set(standing.findings.filter(tripped=tripped).values_list("rule", flat=True))


def quiet_site(monitored, day="2026-06-01"):
    """Fresh home page, a notice column and a policy column updated on ``day``."""
    add_column(monitored, "通知公告", "notice", items=[at(day)])
    add_column(monitored, "政策文件", "policy", items=[at(day)])


def test_news_column_trips_on_the_fourteenth_day(monitored):
    quiet_site(monitored, "2026-03-10")
    news = add_column(monitored, "动态要闻", "news", items=[at("2026-03-01")])
    add_column(monitored, "部门动态", "news", items=[at("2026-03-10")])  # the home page stays fresh

    before = inspect("2026-03-14")
    assert Rule.NEWS_STALE not in rules(before)

    after = inspect("2026-03-15")
    assert after.standing == Standing.FAIL
    finding = after.findings.get(rule=Rule.NEWS_STALE, tripped=True)
    assert finding.column_id == news.pk
    assert finding.subject == "动态要闻"
    assert finding.unit == monitored["department"]
    assert finding.person == monitored["editor"]
    assert finding.since == at("2026-03-01")
    assert finding.trips_on == D(2026, 3, 15)


def test_the_home_page_trips_when_nothing_on_the_site_is_new(monitored):
    add_column(monitored, "通知公告", "notice", items=[at("2026-03-01")])
    assert Rule.HOME_STALE not in rules(inspect("2026-03-14"))
    assert Rule.HOME_STALE in rules(inspect("2026-03-15"))


def test_a_filed_item_does_not_keep_a_column_fresh(monitored):
    column = add_column(monitored, "动态要闻", "news", items=[at("2026-03-01")])
    add_column(monitored, "通知公告", "notice", items=[at("2026-03-10")])
    item = column.get_children().get()
    file_pages([item.pk], reason="manual")
    inspect("2026-03-11")
    state = ColumnState.objects.get(column=column)
    assert state.empty


def test_notice_and_policy_columns_trip_after_six_months(monitored):
    add_column(monitored, "动态要闻", "news", items=[at("2026-08-30")])
    notice = add_column(monitored, "通知公告", "notice", items=[at("2026-02-28")])
    policy = add_column(monitored, "政策文件", "policy", items=[at("2026-03-31")])

    day = inspect("2026-08-27")
    assert Rule.NOTICE_POLICY_STALE not in rules(day)
    day = inspect("2026-08-28")  # 2-28 + 6 months
    assert set(
        day.findings.filter(rule=Rule.NOTICE_POLICY_STALE, tripped=True).values_list(
            "column_id", flat=True
        )
    ) == {notice.pk}
    day = inspect("2026-09-30")  # 3-31 + 6 months = 9-30
    assert set(
        day.findings.filter(rule=Rule.NOTICE_POLICY_STALE, tripped=True).values_list(
            "column_id", flat=True
        )
    ) == {notice.pk, policy.pk}


def test_ten_overdue_columns_fail_a_site_nine_do_not(monitored):
    quiet_site(monitored, "2026-05-20")
    add_column(monitored, "动态要闻", "news", items=[at("2026-05-20")])
    for number in range(9):
        add_column(monitored, f"月度栏目{number}", "monthly", items=[at("2026-03-01")])
    nine = inspect("2026-05-21")
    assert nine.overdue_columns == 9
    assert Rule.OVERDUE_COLUMNS not in rules(nine)

    add_column(monitored, "月度栏目9", "monthly", items=[at("2026-03-01")])
    ten = inspect("2026-05-21")
    assert ten.overdue_columns == 10
    finding = ten.findings.get(rule=Rule.OVERDUE_COLUMNS)
    assert finding.tripped and finding.count == 10


def test_five_empty_columns_fail_a_site_four_are_a_risk(monitored):
    quiet_site(monitored, "2026-05-20")
    add_column(monitored, "动态要闻", "news", items=[at("2026-05-20")])
    for number in range(4):
        add_column(monitored, f"空栏目{number}", "irregular")
    four = inspect("2026-05-21")
    assert four.empty_columns == 4
    assert four.standing == Standing.AT_RISK
    assert Rule.EMPTY_COLUMNS in rules(four, tripped=False)

    add_column(monitored, "空栏目4", "irregular")
    five = inspect("2026-05-21")
    assert five.standing == Standing.FAIL
    assert Rule.EMPTY_COLUMNS in rules(five)


def test_a_parent_column_is_as_fresh_as_its_sub_columns(monitored):
    parent = add_column(monitored, "政务公开", "news")
    child = factories.column(
        parent, "部门文件", owner=monitored["department"], update_category="notice"
    )
    dated(child, at("2026-01-05"))
    dated(factories.news(child, "文件"), at("2026-05-20"))
    inspect("2026-05-21")
    assert not ColumnState.objects.get(column=parent).empty


def received(monitored, when) -> Message:
    submission = mailbox_services.Submission(
        subject="咨询社保",
        content=f"留言 {when}",
        name="王强",
        mobile="13900000001",
        category="其他",
    )
    return mailbox_services.message_submit(
        mailbox=monitored["mailbox"], submission=submission, now=when
    ).message


def test_a_message_unanswered_for_three_months_trips(monitored):
    quiet_site(monitored, "2026-09-10")
    add_column(monitored, "动态要闻", "news", items=[at("2026-09-10")])
    message = received(monitored, at("2026-06-16"))
    assert Rule.UNANSWERED not in rules(inspect("2026-09-15"))
    standing = inspect("2026-09-16")
    finding = standing.findings.get(rule=Rule.UNANSWERED, tripped=True)
    assert finding.message_id == message.pk
    assert finding.unit == monitored["department"]


def test_a_site_without_an_open_mailbox_trips(monitored):
    quiet_site(monitored, "2026-09-10")
    add_column(monitored, "动态要闻", "news", items=[at("2026-09-10")])
    assert Rule.NO_CHANNEL not in rules(inspect("2026-09-11"))
    monitored["mailbox"].is_open = False
    monitored["mailbox"].save()
    assert Rule.NO_CHANNEL in rules(inspect("2026-09-11"))


def test_the_warning_window_counts_official_working_days(monitored):
    """On 2026-09-30, three working days on are 10-08, 10-09 and 10-10 (a Saturday worked in
    exchange for the National Day holiday): a news column that trips on 10-10 is a risk, one
    that trips on 10-11 is not yet. Plain weekdays would end the window on 10-05."""
    quiet_site(monitored, "2026-09-29")
    add_column(monitored, "部门动态", "news", items=[at("2026-09-29")])
    within = add_column(monitored, "动态要闻", "news", items=[at("2026-09-26")])  # trips 10-10
    beyond = add_column(monitored, "要闻", "news", items=[at("2026-09-27")])  # trips 10-11
    standing = inspect("2026-09-30")
    risks = set(
        standing.findings.filter(rule=Rule.NEWS_STALE, tripped=False).values_list(
            "column_id", flat=True
        )
    )
    assert within.pk in risks
    assert beyond.pk not in risks
    assert standing.standing == Standing.AT_RISK


def test_thresholds_are_the_administrators(monitored):
    quiet_site(monitored, "2026-03-10")
    add_column(monitored, "动态要闻", "news", items=[at("2026-03-05")])
    assert Rule.NEWS_STALE not in rules(inspect("2026-03-12"))
    limits = VetoThresholds.load()
    limits.home_stale_days = 7
    limits.save()
    assert Rule.NEWS_STALE in rules(inspect("2026-03-12"))


def test_the_run_is_idempotent_and_one_at_a_time(monitored):
    quiet_site(monitored, "2026-03-10")
    run_inspection(day=D(2026, 3, 11))
    with pytest.raises(InspectionRefused, match="已完成"):
        run_inspection(day=D(2026, 3, 11))
    sites = SiteStanding.objects.count()
    run_inspection(day=D(2026, 3, 11), again=True)
    assert SiteStanding.objects.count() == sites
    assert Finding.objects.filter(standing__inspection__day="2026-03-11").exists()

    # Another run going (its row in the job lock, not expired): refused, nothing changed.
    JobRun.objects.create(
        name="monitoring_inspection",
        holder="cms-2:4711",
        started_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    with pytest.raises(CommandError, match="另一个巡检.*cms-2:4711"):
        call_command("monitor_run", day="2026-03-11", again=True)


def test_a_stopped_run_is_resumed(monitored):
    quiet_site(monitored, "2026-03-10")
    other = factories.site("渭滨区人力资源和社会保障局", sponsor=monitored["department"])
    run_inspection(day=D(2026, 3, 11))
    # As if the run had stopped after the first site, long ago.
    inspection = Inspection.objects.get(day="2026-03-11")
    SiteStanding.objects.filter(inspection=inspection, site=other).delete()
    Inspection.objects.filter(pk=inspection.pk).update(state=Inspection.State.RUNNING)
    first = SiteStanding.objects.get(inspection=inspection, site=monitored["site"])
    result = run_inspection(day=D(2026, 3, 11))
    assert result.sites == 1 and result.skipped >= 1
    assert SiteStanding.objects.get(inspection=inspection, site=monitored["site"]).pk == first.pk
    assert SiteStanding.objects.filter(inspection=inspection, site=other).exists()


def test_the_command_refuses_a_bad_day(monitored):
    with pytest.raises(CommandError, match="不是日期"):
        call_command("monitor_run", day="2026-13-01")
