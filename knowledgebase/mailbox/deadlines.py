"""When a reply is due (R23): the 5th working day after the day of receipt, on the official
calendar of :mod:`interpretation.workdays` (holidays and 调休 make-up workdays)."""

import datetime

from interpretation.workdays import ScheduleUnknown, WorkingCalendar

REPLY_WORKDAYS = 5


def _weekdays_after(start: datetime.date, count: int) -> datetime.date:
    day = start
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def reply_due_on(received_on: datetime.date, *, calendar: WorkingCalendar | None = None):
    """The day a reply is due for a message received on ``received_on``.

    A message received on a holiday or a weekend counts from the next working day, as if it had
    arrived then: ``add_workdays`` alone would count that first working day as one of the five.
    A message must never be refused because a year's schedule is not entered yet (the State
    Council publishes it each November): Monday to Friday is counted then.
    """
    calendar = calendar or WorkingCalendar()
    try:
        start = received_on
        while not calendar.is_workday(start):
            start += datetime.timedelta(days=1)
        return calendar.add_workdays(start, REPLY_WORKDAYS)
    except ScheduleUnknown:
        start = received_on
        while start.weekday() >= 5:
            start += datetime.timedelta(days=1)
        return _weekdays_after(start, REPLY_WORKDAYS)


def workdays_from(start: datetime.date, end: datetime.date, *, calendar: WorkingCalendar) -> int:
    """Working days after ``start`` up to ``end`` (negative when ``end`` is before), or the
    weekdays when a year's schedule is unknown."""
    try:
        return calendar.workdays_between(start, end)
    except ScheduleUnknown:
        sign, low, high = (1, start, end) if start <= end else (-1, end, start)
        count, day = 0, low
        while day < high:
            day += datetime.timedelta(days=1)
            count += day.weekday() < 5
        return sign * count
