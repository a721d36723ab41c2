"""A reply is due on the 5th working day after the day of receipt, on the official calendar:
holidays skipped, 调休 make-up workdays counted (R23)."""

import datetime
from unittest import mock

import pytest

from interpretation.models import DayKind, OfficialDay
from knowledgebase.mailbox.deadlines import reply_due_on
from knowledgebase.mailbox.models import Message

from .conftest import at, submit

pytestmark = pytest.mark.django_db
D = datetime.date


def test_before_national_day_2026_the_make_up_saturday_counts():
    # 10-01…10-07 off; Saturday 10-10 is a make-up workday: 10-08, 09, 10, 12, 13.
    assert reply_due_on(D(2026, 9, 30)) == D(2026, 10, 13)


def test_a_message_received_on_a_holiday_counts_from_the_next_working_day():
    # add_workdays(10-03, 5) would give 10-13, counting 10-08 itself as one of the five;
    # received on 10-03, it counts from 10-08: 10-09, 10, 12, 13, 14.
    assert reply_due_on(D(2026, 10, 3)) == D(2026, 10, 14)
    assert reply_due_on(D(2026, 10, 8)) == D(2026, 10, 14)


def test_an_ordinary_week():
    assert reply_due_on(D(2026, 11, 2)) == D(2026, 11, 9)  # Monday → next Monday
    assert reply_due_on(D(2026, 11, 7)) == D(2026, 11, 16)  # Saturday: from Monday 11-09


def test_spring_festival_2027_from_the_schedule_an_administrator_entered():
    # chinesecalendar 1.11 does not know 2027: the schedule is entered as OfficialDay rows.
    # (A schedule of the usual shape for the test, not the State Council's.)
    for day in range(6, 15):
        OfficialDay.objects.create(date=D(2027, 2, day), kind=DayKind.HOLIDAY, name="春节")
    OfficialDay.objects.create(date=D(2027, 2, 20), kind=DayKind.WORKDAY, name="春节")
    # Received Thursday 02-04: 02-05, then 02-15, 16, 17, 18.
    assert reply_due_on(D(2027, 2, 4)) == D(2027, 2, 18)
    # Received Wednesday 02-17: 02-18, 19, 20 (make-up Saturday), 22, 23.
    assert reply_due_on(D(2027, 2, 17)) == D(2027, 2, 23)


def test_a_year_nobody_entered_yet_still_takes_messages():
    # 2028 is neither in the package nor entered: Monday to Friday, never a refusal.
    assert reply_due_on(D(2028, 3, 1)) == D(2028, 3, 8)


def test_the_api_answers_with_the_due_day(client, platform):
    with mock.patch("django.utils.timezone.now", return_value=at("2026-09-30", 16)):
        answer = submit(client, platform).json()
    assert answer["due_on"] == "2026-10-13"
    assert answer["received_at"] == "2026-09-30T16:00:00+08:00"
    assert Message.objects.get().due_on == D(2026, 10, 13)
