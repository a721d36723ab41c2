"""Announcements with a minimum display (R7): how long a notice of each kind stays pinned.

One rule, :func:`pin_refusal`, decides whether a notice's ``pinned_until`` is long enough:

- a site opening (网站开办) or a closure or migration (关停/迁移) stays pinned at least 30 days;
- a new-media change or closure (新媒体变更/关停) at least 15 working days;
- a temporary offline notice (临时下线) is pinned, at least on the day it goes live (a draft:
  until today or later; a notice published before keeps the pin it went live with, so that
  moving or correcting it later is not refused because the site came back online since);
- an ordinary notice (普通通知公告) may be pinned or not, for as long as the editor likes.

A period runs from the first publication of the notice (for a draft never published, from
today, its earliest possible publication) and, as periods are counted in Chinese law (民法典
第二百零一条), starts the day after: ``pinned_until`` is the last day shown pinned, so a notice
first published on 1 March keeps its pin for 30 days with ``pinned_until`` 31 March.

Working days are counted by the platform's official calendar, which lives above this layer
(:mod:`interpretation.workdays`, with the administrators' 放假安排): that app hands it down at
start-up through :func:`use_working_calendar`, as other apps hand down their rules
(:func:`cms.content.holds.register`).
"""

from collections.abc import Callable
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class AnnouncementKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary notice (普通通知公告)")
    SITE_OPENING = "opening", _("Site opening (网站开办)")
    TEMPORARY_OFFLINE = "offline", _("Temporary offline (临时下线)")
    CLOSURE = "closure", _("Closure or migration (关停/迁移)")
    NEW_MEDIA = "new_media", _("New-media change or closure (新媒体变更/关停)")


# The minimum pin of each kind: calendar days, or working days.
MINIMUM_DAYS = {AnnouncementKind.SITE_OPENING: 30, AnnouncementKind.CLOSURE: 30}
MINIMUM_WORKDAYS = {AnnouncementKind.NEW_MEDIA: 15}

MUST_BE_PINNED = _(
    "A notice of this kind (%(kind)s) must be pinned: give the last day it is pinned."
)
PIN_TOO_SHORT_DAYS = _(
    "A notice of this kind (%(kind)s) stays pinned at least %(days)s days after it is first "
    "published: until %(earliest)s or later."
)
PIN_TOO_SHORT_WORKDAYS = _(
    "A notice of this kind (%(kind)s) stays pinned at least %(days)s working days after it is "
    "first published: until %(earliest)s or later."
)
OFFLINE_PIN_TOO_EARLY = _(
    "A temporary offline notice is pinned at the top from the day it is published: until "
    "%(earliest)s or later."
)
NO_WORKING_CALENDAR = "No working calendar: the app that owns it calls use_working_calendar()."


class WorkingDaysUnknown(Exception):
    """The working calendar cannot count that far (a year whose official schedule is not known
    yet); ``str()`` says so to the editor."""


# ``(start, count)`` -> the ``count``-th working day after ``start``; may raise WorkingDaysUnknown.
WorkingCalendar = Callable[[date, int], date]
_calendar: list[WorkingCalendar] = []


def use_working_calendar(add_workdays: WorkingCalendar) -> None:
    _calendar[:] = [add_workdays]


def _add_workdays(start: date, count: int) -> date:
    if not _calendar:
        raise RuntimeError(NO_WORKING_CALENDAR)
    return _calendar[0](start, count)


def display_starts_on(first_published_on: date | None, today: date) -> date:
    """The day a notice's display is counted from: its first publication, or today for a
    draft not published yet."""
    return first_published_on or today


def earliest_pin_end(kind: str, starts_on: date) -> date | None:
    """The earliest ``pinned_until`` a notice of ``kind`` displayed from ``starts_on`` may
    have, or None when its kind sets no minimum length."""
    if kind in MINIMUM_DAYS:
        return starts_on + timedelta(days=MINIMUM_DAYS[kind])
    if kind in MINIMUM_WORKDAYS:
        return _add_workdays(starts_on, MINIMUM_WORKDAYS[kind])
    return None


def pin_refusal(
    kind: str, pinned_until: date | None, *, first_published_on: date | None, today: date
) -> str | None:
    """Why ``pinned_until`` is not a pin a notice of ``kind`` may have, or None.

    ``first_published_on`` is the day (Asia/Shanghai) it first went live, None for a draft
    never published; ``today`` is today's date there.
    """
    if kind == AnnouncementKind.ORDINARY:
        return None
    label = AnnouncementKind(kind).label
    starts_on = display_starts_on(first_published_on, today)
    if kind == AnnouncementKind.TEMPORARY_OFFLINE:
        if pinned_until is None:
            return str(MUST_BE_PINNED) % {"kind": label}
        if pinned_until < starts_on:
            return str(OFFLINE_PIN_TOO_EARLY) % {"earliest": starts_on.isoformat()}
        return None
    try:
        earliest = earliest_pin_end(kind, starts_on)
    except WorkingDaysUnknown as unknown:
        return str(unknown)
    if earliest is None:
        return None
    if pinned_until is None or pinned_until < earliest:
        message = PIN_TOO_SHORT_DAYS if kind in MINIMUM_DAYS else PIN_TOO_SHORT_WORKDAYS
        days = MINIMUM_DAYS.get(kind) or MINIMUM_WORKDAYS[kind]
        return str(message) % {"kind": label, "days": days, "earliest": earliest.isoformat()}
    return None
