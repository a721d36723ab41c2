"""Working days by China's official calendar: statutory holidays and 调休 make-up workdays.

The ``chinesecalendar`` package carries the State Council's schedule for the years it knows;
an administrator enters a year it does not know yet (the schedule is published each November)
as :class:`~interpretation.models.OfficialDay` rows, which also override the package.
"""

import datetime
from functools import lru_cache

import chinese_calendar
from django.utils.translation import gettext_lazy as _

from cms.content.announcements import WorkingDaysUnknown

from .models import DayKind, OfficialDay

SCHEDULE_UNKNOWN = _(
    "The official holiday schedule for %(year)s is not known yet; an administrator must enter "
    "it under 放假安排 before working days in %(year)s can be counted."
)


class ScheduleUnknown(Exception):
    def __init__(self, year: int):
        self.year = year
        super().__init__(str(SCHEDULE_UNKNOWN) % {"year": year})


def _entered(year: int) -> dict[datetime.date, bool]:
    """The administrator's entries for ``year``: date → is a working day."""
    return {
        day.date: day.kind == DayKind.WORKDAY for day in OfficialDay.objects.filter(date__year=year)
    }


@lru_cache(maxsize=16)
def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkingCalendar:
    """Answers "is this a working day?" for one computation, reading each year once."""

    def __init__(self):
        self._years: dict[int, dict[datetime.date, bool]] = {}

    def _year(self, year: int) -> dict[datetime.date, bool]:
        if year not in self._years:
            entered = _entered(year)
            if not entered and not _package_knows(year):
                raise ScheduleUnknown(year)
            self._years[year] = entered
        return self._years[year]

    def is_workday(self, day: datetime.date) -> bool:
        entered = self._year(day.year)
        if day in entered:
            return entered[day]
        if _package_knows(day.year):
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def add_workdays(self, start: datetime.date, count: int) -> datetime.date:
        """The ``count``-th working day after ``start``."""
        day = start
        while count > 0:
            day += datetime.timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day

    def workdays_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when before)."""
        if end < start:
            return -self.workdays_between(end, start)
        days, count = start, 0
        while days < end:
            days += datetime.timedelta(days=1)
            if self.is_workday(days):
                count += 1
        return count


def is_workday(day: datetime.date) -> bool:
    return WorkingCalendar().is_workday(day)


def add_workdays(start: datetime.date, count: int) -> datetime.date:
    return WorkingCalendar().add_workdays(start, count)


def add_workdays_for_announcements(start: datetime.date, count: int) -> datetime.date:
    """:func:`add_workdays` as the minimum display of announcements counts with it
    (:mod:`cms.content.announcements`, below this layer): an unknown year is its own refusal."""
    try:
        return add_workdays(start, count)
    except ScheduleUnknown as unknown:
        raise WorkingDaysUnknown(str(unknown)) from unknown
