"""Proactive disclosure is due within 20 working days of the information being formed or
changed (R10; 001 第二十一条). This module says when, and which documents are near or late."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import DisclosureDeadline
from .workdays import ScheduleUnknown, WorkingCalendar

DISCLOSURE_WORKING_DAYS = 20
# "Near" the deadline: this many working days or fewer left.
NEAR_WORKING_DAYS = 5


class DeadlineState:
    ON_TIME = "on_time"
    NEAR = "near"
    OVERDUE = "overdue"
    UNKNOWN = "unknown"


STATE_LABELS = {
    DeadlineState.ON_TIME: _("On time"),
    DeadlineState.NEAR: _("Due soon"),
    DeadlineState.OVERDUE: _("Overdue"),
    DeadlineState.UNKNOWN: _("Due date unknown: holiday schedule missing"),
}


def disclosure_due(formed_on: datetime.date, calendar: WorkingCalendar | None = None):
    """The last day the information may be disclosed, or None when the calendar is unknown."""
    try:
        return (calendar or WorkingCalendar()).add_workdays(formed_on, DISCLOSURE_WORKING_DAYS)
    except ScheduleUnknown:
        return None


@transaction.atomic
def record_formation(page_id: int, formed_on: datetime.date | None) -> None:
    """A revision was saved: if it carries a new date of formation, a new deadline runs."""
    if formed_on is None:
        return
    record = DisclosureDeadline.objects.select_for_update().filter(page_id=page_id).first()
    if record is not None and record.formed_on == formed_on:
        return
    DisclosureDeadline.objects.update_or_create(
        page_id=page_id,
        defaults={
            "formed_on": formed_on,
            "due_on": disclosure_due(formed_on),
            "disclosed_at": None,
        },
    )


def record_disclosure(page_id: int, formed_on: datetime.date | None) -> None:
    """The information formed on ``formed_on`` went live."""
    DisclosureDeadline.objects.filter(
        page_id=page_id, formed_on=formed_on, disclosed_at__isnull=True
    ).update(disclosed_at=timezone.now())


@dataclass(frozen=True)
class DeadlineReport:
    record: DisclosureDeadline
    state: str
    workdays_left: int | None

    @property
    def label(self):
        return STATE_LABELS[self.state]


def open_deadlines(today: datetime.date | None = None, within: int = NEAR_WORKING_DAYS):
    """Undisclosed documents due within ``within`` working days, overdue, or with no known due
    date, most urgent first."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    try:
        horizon = calendar.add_workdays(today, within)
    except ScheduleUnknown:
        horizon = today + datetime.timedelta(days=within * 7 // 5 + 14)
    open_records = (
        DisclosureDeadline.objects.filter(disclosed_at__isnull=True)
        .filter(Q(due_on__lte=horizon) | Q(due_on__isnull=True))
        .select_related("page")
        .order_by("due_on", "page_id")
    )
    reports = []
    for record in open_records:
        if record.due_on is None:
            reports.append(DeadlineReport(record, DeadlineState.UNKNOWN, None))
            continue
        try:
            left = calendar.workdays_between(today, record.due_on)
        except ScheduleUnknown:
            left = None
        if record.due_on < today:
            state = DeadlineState.OVERDUE
        else:
            state = DeadlineState.NEAR
        reports.append(DeadlineReport(record, state, left))
    return reports
