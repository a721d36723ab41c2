"""R24: the result is due one month after the close. The selectors the monitoring calls, the
dashboard panel and the editor's warning, on each side of the boundary ("today" a parameter)."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from knowledgebase.surveys import selectors
from knowledgebase.surveys.models import SurveyPage
from knowledgebase.surveys.selectors import one_month_after, surveys_awaiting_result
from knowledgebase.surveys.selectors import surveys_result_overdue as overdue
from knowledgebase.surveys.services import survey_close_now
from tests import factories

from .conftest import survey_draft

pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 18) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def live(column, title, *, opens, closes, **fields):
    survey = survey_draft(column, title, opens=opens, closes=closes, **fields)
    factories.publish_reviewed(survey.get_latest_revision())
    return survey


@pytest.mark.parametrize(
    "closed, due",
    [
        (date(2026, 3, 15), date(2026, 4, 15)),
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2026, 12, 20), date(2027, 1, 20)),
    ],
)
def test_one_month_after_the_close(closed, due):
    assert one_month_after(closed) == due


@pytest.fixture
def closed_in_march(staffed_site):
    """Closed 15 March 2026 at 18:00 Beijing time: the result is due by 15 April."""
    return live(
        staffed_site.column,
        "老旧小区改造意见征集",
        opens=at(date(2026, 3, 1)),
        closes=at(date(2026, 3, 15)),
        survey_kind="solicitation",
    )


def test_awaiting_from_the_close_on_and_overdue_after_the_month(closed_in_march):
    assert surveys_awaiting_result(today=date(2026, 3, 14)) == []
    on_close = surveys_awaiting_result(today=date(2026, 3, 15))
    assert [entry.survey.pk for entry in on_close] == [closed_in_march.pk]
    assert on_close[0].closed_on == date(2026, 3, 15)
    assert on_close[0].due_on == date(2026, 4, 15)
    assert on_close[0].days_left == 31
    last_day = surveys_awaiting_result(today=date(2026, 4, 15))[0]
    assert (last_day.days_left, last_day.overdue) == (0, False)
    assert overdue(today=date(2026, 4, 15)) == []
    late = overdue(today=date(2026, 4, 18))
    assert [(entry.survey.pk, entry.days_overdue) for entry in late] == [(closed_in_march.pk, 3)]
    # Still awaiting: an overdue result is still to be published.
    assert [e.survey.pk for e in surveys_awaiting_result(today=date(2026, 4, 18))] == [
        closed_in_march.pk
    ]


def test_a_published_result_ends_the_warning(closed_in_march):
    survey = SurveyPage.objects.get(pk=closed_in_march.pk)
    survey.result_summary = "<p>共收到意见 12 条，已采纳 5 条。</p>"
    revision = survey.save_revision()
    # Written, under review, not live: still overdue.
    assert len(overdue(today=date(2026, 5, 1))) == 1
    factories.publish_reviewed(revision)
    assert surveys_awaiting_result(today=date(2026, 5, 1)) == []
    assert overdue(today=date(2026, 5, 1)) == []


def test_an_early_close_starts_the_month(staffed_site):
    now = timezone.now()
    survey = live(
        staffed_site.column,
        "提前结束的调查",
        opens=now - timedelta(days=3),
        closes=now + timedelta(days=60),
    )
    today = timezone.localdate()
    assert surveys_awaiting_result(today=today) == []
    survey_close_now(survey=survey, user=staffed_site.people.deputy, reason="样本已足够")
    entry = surveys_awaiting_result(today=today)[0]
    assert entry.closed_on == today
    assert entry.due_on == one_month_after(today)


def test_drafts_and_open_surveys_are_not_listed(staffed_site):
    survey_draft(
        staffed_site.column, "草稿", opens=at(date(2026, 1, 1)), closes=at(date(2026, 1, 5))
    )
    live(staffed_site.column, "进行中", opens=at(date(2026, 1, 1)), closes=at(date(2026, 12, 1)))
    assert surveys_awaiting_result(today=date(2026, 6, 1)) == []


def test_a_user_sees_only_the_surveys_of_the_units_in_reach(staffed_site, closed_in_march):
    people = staffed_site.people
    today = date(2026, 4, 20)
    assert len(surveys_awaiting_result(today=today, user=people.author)) == 1
    assert surveys_awaiting_result(today=today, user=people.outsider_chief) == []
    assert selectors.may_see_results(people.author, closed_in_march)
    assert not selectors.may_see_results(people.outsider_chief, closed_in_march)


# --- The admin ---------------------------------------------------------------------------------


def test_the_dashboard_panel_warns_the_owning_unit_only(client, staffed_site):
    today = timezone.localdate()
    due_soon = live(
        staffed_site.column,
        "公交线路优化调查",
        opens=at(today - timedelta(days=20)),
        closes=at(today - timedelta(days=2), 9),
    )
    overdue_one = live(
        staffed_site.column,
        "全民阅读调查",
        opens=at(today - timedelta(days=90)),
        closes=at(one_month_back(today) - timedelta(days=4), 9),
    )
    factories.login(client, staffed_site.people.author)
    page = client.get("/admin/").content.decode()
    assert "征集调查结果待发布" in page
    assert "公交线路优化调查" in page and "全民阅读调查" in page
    entry = next(e for e in surveys_awaiting_result(today=today) if e.survey.pk == due_soon.pk)
    assert f"剩余 {entry.days_left} 天" in page
    assert "已超期 4 天" in page
    assert overdue_one.pk in [e.survey.pk for e in overdue(today=today)]

    factories.login(client, staffed_site.people.outsider_chief)
    assert "征集调查结果待发布" not in client.get("/admin/").content.decode()


def one_month_back(day: date) -> date:
    """The first day whose month ends on or after ``day`` (the inverse of one_month_after)."""
    candidate = day - timedelta(days=31)
    while one_month_after(candidate) < day:
        candidate += timedelta(days=1)
    return candidate


def test_the_editor_warns_of_a_result_overdue(client, staffed_site):
    today = timezone.localdate()
    survey = live(
        staffed_site.column,
        "超期未公布结果的调查",
        opens=at(today - timedelta(days=90)),
        closes=at(one_month_back(today) - timedelta(days=2), 9),
    )
    factories.login(client, staffed_site.people.author)
    page = client.get(f"/admin/pages/{survey.pk}/edit/").content.decode()
    assert "已超期 2 天" in page
