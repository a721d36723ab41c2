"""Announcements with a minimum display (R7): the one rule of cms/content/announcements.py for
each kind and at its boundary days, working days over a holiday and a 调休 make-up day by the
official calendar, and the rule as the notice editor and the model apply it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.content.announcements import (
    MUST_BE_PINNED,
    OFFLINE_PIN_TOO_EARLY,
    PIN_TOO_SHORT_DAYS,
    PIN_TOO_SHORT_WORKDAYS,
    AnnouncementKind,
    earliest_pin_end,
    pin_refusal,
)
from cms.content.models import NoticePage
from cms.organisation.models import Role
from interpretation.models import DayKind, OfficialDay
from interpretation.workdays import SCHEDULE_UNKNOWN
from tests import factories

Kind = AnnouncementKind
# First published on a Sunday in March 2026, no holiday near.
MARCH_1 = date(2026, 3, 1)
# The Monday before National Day 2026: 1–7 October off, Saturday 10 October worked (调休).
SEPT_28 = date(2026, 9, 28)


def refusal(kind, pinned_until, *, published=MARCH_1, today=None):
    return pin_refusal(
        kind, pinned_until, first_published_on=published, today=today or published + timedelta(3)
    )


def too_short(kind, earliest: date, message=PIN_TOO_SHORT_DAYS, days=30) -> str:
    label = Kind(kind).label
    return str(message) % {"kind": label, "days": days, "earliest": earliest.isoformat()}


# --- The rule, kind by kind ------------------------------------------------------------------


@pytest.mark.parametrize("pinned_until", [None, date(2020, 1, 1), MARCH_1, date(2030, 1, 1)])
def test_an_ordinary_notice_may_be_pinned_or_not_for_any_time(pinned_until):
    assert refusal(Kind.ORDINARY, pinned_until) is None


@pytest.mark.parametrize("kind", [Kind.SITE_OPENING, Kind.CLOSURE])
def test_opening_and_closure_stay_pinned_30_days_after_the_first_publication(kind):
    # Counted from the day after publication (民法典 第二百零一条): 2 to 31 March are 30 days.
    assert refusal(kind, date(2026, 3, 31)) is None
    assert refusal(kind, date(2026, 4, 30)) is None
    assert refusal(kind, date(2026, 3, 30)) == too_short(kind, date(2026, 3, 31))
    assert refusal(kind, MARCH_1) == too_short(kind, date(2026, 3, 31))


@pytest.mark.parametrize("kind", [Kind.SITE_OPENING, Kind.CLOSURE])
def test_opening_and_closure_must_be_pinned_at_all(kind):
    assert refusal(kind, None) == too_short(kind, date(2026, 3, 31))


@pytest.mark.parametrize("kind", [Kind.SITE_OPENING, Kind.CLOSURE])
def test_a_draft_counts_its_30_days_from_today(kind):
    today = date(2026, 5, 10)
    assert pin_refusal(kind, date(2026, 6, 9), first_published_on=None, today=today) is None
    assert pin_refusal(kind, date(2026, 6, 8), first_published_on=None, today=today) == (
        too_short(kind, date(2026, 6, 9))
    )


def test_a_published_notice_keeps_the_pin_it_went_live_with_however_late_it_is_edited():
    """Months later, its 30 days long over, a closure notice can still be corrected or moved."""
    later = date(2026, 9, 1)
    assert refusal(Kind.CLOSURE, date(2026, 3, 31), today=later) is None


@pytest.mark.django_db
def test_new_media_notices_stay_pinned_15_working_days_over_a_holiday():
    # 29, 30 Sept; 8, 9, 10 (调休 Saturday), 12–16, 19–23 October: the 15th is 23 October.
    # Weekdays alone would end on 19 October, and without the make-up Saturday on 26 October.
    earliest = date(2026, 10, 23)
    assert earliest_pin_end(Kind.NEW_MEDIA, SEPT_28) == earliest
    assert refusal(Kind.NEW_MEDIA, earliest, published=SEPT_28) is None
    for short in (date(2026, 10, 22), date(2026, 10, 19)):
        assert refusal(Kind.NEW_MEDIA, short, published=SEPT_28) == too_short(
            Kind.NEW_MEDIA, earliest, PIN_TOO_SHORT_WORKDAYS, days=15
        )
    assert refusal(Kind.NEW_MEDIA, None, published=SEPT_28) == too_short(
        Kind.NEW_MEDIA, earliest, PIN_TOO_SHORT_WORKDAYS, days=15
    )


@pytest.mark.django_db
def test_new_media_working_days_follow_the_administrators_schedule():
    """A day an administrator enters under 放假安排 counts as the calendar says it is."""
    OfficialDay.objects.create(date=date(2026, 10, 16), kind=DayKind.HOLIDAY, name="测试")
    assert earliest_pin_end(Kind.NEW_MEDIA, SEPT_28) == date(2026, 10, 26)


@pytest.mark.django_db
def test_new_media_in_a_year_without_a_known_schedule_is_refused_until_it_is_entered():
    published = date(2099, 3, 2)
    assert refusal(Kind.NEW_MEDIA, date(2099, 12, 31), published=published) == (
        str(SCHEDULE_UNKNOWN) % {"year": 2099}
    )
    OfficialDay.objects.create(date=date(2099, 3, 3), kind=DayKind.HOLIDAY, name="测试")
    # Entered: weekdays but that holiday; 4 March is the first of the 15 working days.
    assert earliest_pin_end(Kind.NEW_MEDIA, published) == date(2099, 3, 24)
    assert refusal(Kind.NEW_MEDIA, date(2099, 3, 24), published=published) is None


def test_a_temporary_offline_notice_must_be_pinned():
    assert refusal(Kind.TEMPORARY_OFFLINE, None) == str(MUST_BE_PINNED) % {
        "kind": Kind.TEMPORARY_OFFLINE.label
    }


def test_a_temporary_offline_draft_is_pinned_until_today_or_later():
    today = date(2026, 5, 10)
    for pinned_until in (today, today + timedelta(1)):
        assert (
            pin_refusal(Kind.TEMPORARY_OFFLINE, pinned_until, first_published_on=None, today=today)
            is None
        )
    assert pin_refusal(
        Kind.TEMPORARY_OFFLINE, today - timedelta(1), first_published_on=None, today=today
    ) == str(OFFLINE_PIN_TOO_EARLY) % {"earliest": "2026-05-10"}


def test_a_published_offline_notice_keeps_its_pin_once_the_site_is_back():
    assert refusal(Kind.TEMPORARY_OFFLINE, MARCH_1, today=date(2026, 6, 1)) is None
    assert refusal(Kind.TEMPORARY_OFFLINE, date(2026, 2, 28), today=date(2026, 6, 1)) == str(
        OFFLINE_PIN_TOO_EARLY
    ) % {"earliest": "2026-03-01"}


# --- The rule where editors meet it --------------------------------------------------------------


@pytest.fixture
def notices(db):
    owner = factories.unit("凤翔区人民政府办公室")
    site = factories.site("凤翔区人民政府", sponsor=owner)
    column = factories.column(site.root_page, "通知公告", owner=owner, slug="tzgg")
    officer = factories.user("xinxiyuan", unit=owner, role=Role.INFO_OFFICER)
    return column, officer


def _add_url(column) -> str:
    return f"/admin/pages/add/content/noticepage/{column.pk}/"


def _closure_form(client, column, pinned_until: date) -> dict:
    data = factories.page_form(client, _add_url(column))
    data.update(
        title="关于凤翔区人民政府门户网站迁移的公告",
        slug="qianyi",
        source="凤翔区人民政府办公室",
        announcement_kind=Kind.CLOSURE,
        pinned_until=pinned_until.isoformat(),
    )
    return data


def test_the_editor_refuses_a_closure_notice_pinned_29_days_in_chinese(client, notices):
    column, officer = notices
    factories.login(client, officer)
    today = timezone.localdate()
    data = _closure_form(client, column, today + timedelta(29))

    response = client.post(_add_url(column), data)

    assert response.status_code == 200
    expected = too_short(Kind.CLOSURE, today + timedelta(30))
    assert response.context["form"].errors["pinned_until"] == [expected]
    assert "关停/迁移公告须自首次发布之日起置顶不少于 30 天" in response.content.decode()
    assert not NoticePage.objects.filter(slug="qianyi").exists()


def test_the_editor_saves_a_closure_notice_pinned_30_days(client, notices):
    column, officer = notices
    factories.login(client, officer)
    today = timezone.localdate()

    response = client.post(_add_url(column), _closure_form(client, column, today + timedelta(30)))

    assert response.status_code == 302, response.context and response.context["form"].errors
    saved = NoticePage.objects.get(slug="qianyi")
    assert (saved.announcement_kind, saved.pinned_until) == (Kind.CLOSURE, today + timedelta(30))


def test_the_model_refuses_a_short_pin_without_the_admin(notices):
    column, _officer = notices
    with pytest.raises(ValidationError) as refused:
        factories.news(
            column,
            "网站临时下线公告",
            page_class=NoticePage,
            announcement_kind=Kind.TEMPORARY_OFFLINE,
        )
    assert refused.value.message_dict["pinned_until"] == [
        str(MUST_BE_PINNED) % {"kind": Kind.TEMPORARY_OFFLINE.label}
    ]


def test_publication_counts_from_the_first_publication_afterwards(notices):
    """Once live, the day it went live is the start: a later save keeps the pin valid."""
    column, _officer = notices
    today = timezone.localdate()
    notice = factories.news(
        column,
        "网站开办公告",
        page_class=NoticePage,
        announcement_kind=Kind.SITE_OPENING,
        pinned_until=today + timedelta(30),
    )
    assert notice.live and timezone.localdate(notice.first_published_at) == today
    # Published a year ago (an import): its pin ended long since, and it may still be saved.
    notice.first_published_at = notice.first_published_at - timedelta(days=365)
    notice.pinned_until = today - timedelta(days=335)
    notice.full_clean()
    notice.pinned_until = today - timedelta(days=336)
    with pytest.raises(ValidationError):
        notice.full_clean()
