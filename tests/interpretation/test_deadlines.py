"""Proactive disclosure within 20 working days (R10), by China's official calendar."""

import datetime

import pytest
from wagtail.models import APIToken

from interpretation.deadlines import disclosure_due, open_deadlines
from interpretation.models import DayKind, DisclosureDeadline, OfficialDay
from interpretation.workdays import SCHEDULE_UNKNOWN, ScheduleUnknown, add_workdays, is_workday
from tests import factories

from .conftest import document

pytestmark = pytest.mark.django_db
D = datetime.date


def test_statutory_holidays_and_make_up_days_follow_the_official_calendar():
    assert not is_workday(D(2026, 10, 1))  # 国庆节
    assert not is_workday(D(2026, 2, 17))  # 春节
    assert not is_workday(D(2026, 3, 7))  # an ordinary Saturday
    # 20 working days from the eve of the 2026 National Day holiday:
    # the week of 1–7 October is off, so the deadline moves past it.
    assert add_workdays(D(2026, 9, 30), 20) > D(2026, 9, 30) + datetime.timedelta(days=28)


def test_a_year_the_calendar_package_does_not_know_must_be_entered_first():
    with pytest.raises(ScheduleUnknown) as unknown:
        is_workday(D(2027, 1, 4))
    assert str(unknown.value) == str(SCHEDULE_UNKNOWN) % {"year": 2027}
    assert "2027年的放假安排尚未录入" in str(unknown.value)


def test_an_administrator_enters_the_official_schedule_of_a_new_year():
    OfficialDay.objects.create(date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    OfficialDay.objects.create(date=D(2027, 1, 4), kind=DayKind.HOLIDAY, name="元旦")
    OfficialDay.objects.create(date=D(2027, 1, 9), kind=DayKind.WORKDAY, name="元旦")
    assert not is_workday(D(2027, 1, 4))  # entered as a holiday, though a Monday
    assert is_workday(D(2027, 1, 9))  # a Saturday, entered as a make-up working day
    assert is_workday(D(2027, 1, 5))  # an ordinary Tuesday
    # Thursday 31 December 2026 + 2 working days: 1 Jan (holiday), 2–3 (weekend),
    # 4 (holiday), so Tuesday 5 and Wednesday 6.
    assert add_workdays(D(2026, 12, 31), 2) == D(2027, 1, 6)


def test_the_admin_can_correct_the_package(policy_site):
    OfficialDay.objects.create(date=D(2026, 3, 2), kind=DayKind.HOLIDAY, name="测试调整")
    assert not is_workday(D(2026, 3, 2))


def test_saving_a_document_starts_its_deadline_and_going_live_stops_it(policy_site):
    page = document(policy_site, publish=False, written_on=D(2026, 9, 25))
    record = DisclosureDeadline.objects.get(page_id=page.pk)
    assert record.formed_on == D(2026, 9, 25)
    assert record.due_on == disclosure_due(D(2026, 9, 25))
    assert record.disclosed_at is None
    factories.publish_reviewed(page.get_latest_revision())
    record.refresh_from_db()
    assert record.disclosed_at is not None


def test_changed_information_runs_a_new_deadline(policy_site):
    page = document(policy_site, written_on=D(2026, 9, 25))
    page.formed_on = D(2026, 11, 2)
    page.save_revision()
    record = DisclosureDeadline.objects.get(page_id=page.pk)
    assert record.formed_on == D(2026, 11, 2)
    assert record.disclosed_at is None


def test_documents_near_or_past_their_deadline_are_listed_most_urgent_first(policy_site):
    late = document(policy_site, "逾期文件", publish=False, written_on=D(2026, 9, 1))
    near = document(policy_site, "将到期文件", publish=False, written_on=D(2026, 10, 20))
    document(policy_site, "远期文件", publish=False, written_on=D(2026, 11, 20))
    document(policy_site, "已公开文件", written_on=D(2026, 9, 1))
    today = D(2026, 11, 13)
    listed = open_deadlines(today=today)
    assert [report.record.page_id for report in listed] == [late.pk, near.pk]
    assert listed[0].state == "overdue" and listed[1].state == "near"
    assert str(listed[0].label) == "已超期"


def test_the_deadline_report_in_the_admin_shows_only_ones_own_units(client, policy_site):
    document(policy_site, "本单位逾期文件", publish=False, written_on=D(2026, 1, 5))
    other_unit = factories.unit("另一单位")
    outsider = factories.user("outsider", unit=other_unit, role=factories.Role.INFO_OFFICER)
    factories.login(client, policy_site.people.chief)
    response = client.get("/admin/reports/deadlines/")
    assert response.status_code == 200
    assert "本单位逾期文件" in response.content.decode()
    client.logout()
    factories.login(client, outsider)
    response = client.get("/admin/reports/deadlines/")
    assert response.status_code == 200
    assert "本单位逾期文件" not in response.content.decode()
    export = client.get("/admin/reports/deadlines/?export=csv")
    assert export.status_code == 200


def test_the_monitoring_api_lists_the_callers_documents_near_or_past_their_deadline(
    client, policy_site
):
    late = document(policy_site, "本单位逾期文件", publish=False, written_on=D(2026, 1, 5))
    _instance, token = APIToken.create_token(user=policy_site.people.chief, name="监测")
    url = "/api/editorial/v1/disclosure/deadlines"
    response = client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.content
    rows = response.json()
    assert [row["page_id"] for row in rows] == [late.pk]
    assert rows[0]["state"] == "overdue" and rows[0]["label"] == "已超期"
    assert rows[0]["workdays_left"] < 0

    outsider = factories.user("outsider", unit=factories.unit("另一单位"), role="info_officer")
    _instance, other = APIToken.create_token(user=outsider, name="监测")
    assert client.get(url, headers={"Authorization": f"Bearer {other}"}).json() == []
    assert client.get(url).status_code == 401
    bad = client.get(f"{url}?within=-1", headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 400
