"""Who gets the monthly reminder and the quarterly circular, once each (R31).

* The monthly reminder, on the first days of a month, to each unit with columns overdue or due
  that month: the unit's 网站管理员 (nearest holders) and the people responsible for those
  columns.
* The quarterly circular, after a quarter has ended, to each unit that had something late or
  a new-media account flagged: its 网站管理员, 分管负责人 and 主要负责人 (nearest holders).

Each (kind, period, unit, person) is a :class:`ReportDispatch` row, unique, so running the
command again sends nothing twice. The monitoring mail preference is respected; mail goes out
after commit and a failed mail is logged, never fatal.
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cms.organisation.models import Role
from monitoring.standing.mailing import mail_people, quiet_people
from monitoring.standing.warnings import nearest_holders

from .circulars import Period, circulars, reminders
from .models import ReportDispatch


def previous_quarter(today: datetime.date) -> Period:
    quarter = (today.month - 1) // 3  # the current one, 0-based; the previous is this 1-based
    if quarter == 0:
        return Period.quarter(today.year - 1, 4)
    return Period.quarter(today.year, quarter)


def _record(kind: str, period: Period, unit_id: int, people: set[int], now) -> list[int]:
    """Record the dispatches not yet made; return the people to mail."""
    already = set(
        ReportDispatch.objects.filter(
            kind=kind, period=period.label, unit_id=unit_id, recipient_id__in=people
        ).values_list("recipient_id", flat=True)
    )
    new = sorted(people - already)
    quiet = quiet_people(new)
    ReportDispatch.objects.bulk_create(
        [
            ReportDispatch(
                kind=kind,
                period=period.label,
                unit_id=unit_id,
                recipient_id=person,
                sent_at=now,
                mailed=person not in quiet,
            )
            for person in new
        ],
        ignore_conflicts=True,
    )
    return [person for person in new if person not in quiet]


def send_monthly(today: datetime.date) -> int:
    period = Period.month(today.year, today.month)
    now, sent = timezone.now(), 0
    for reminder in reminders(until=period.end):
        if reminder.empty:
            continue
        people = set(nearest_holders([reminder.unit.pk], Role.SITE_ADMIN))
        people |= {
            state.person_id
            for state in reminder.overdue + reminder.due
            if state.person_id is not None
        }
        with transaction.atomic():
            to_mail = _record(ReportDispatch.Kind.MONTHLY, period, reminder.unit.pk, people, now)
            context = {
                "reminder": reminder,
                "period": period,
                "path": reverse("monitoring_dashboard"),
            }
            transaction.on_commit(
                lambda to_mail=to_mail, context=context: mail_people(
                    dict.fromkeys(to_mail, context), "monitoring/reports/monthly"
                )
            )
        sent += len(to_mail)
    return sent


def send_quarterly(today: datetime.date) -> int:
    period = previous_quarter(today)
    now, sent = timezone.now(), 0
    for circular in circulars(period):
        if circular.empty:
            continue
        people: set[int] = set()
        for role in (Role.SITE_ADMIN, Role.DEPUTY_HEAD, Role.PRINCIPAL_HEAD):
            people |= set(nearest_holders([circular.unit.pk], role))
        with transaction.atomic():
            to_mail = _record(ReportDispatch.Kind.QUARTERLY, period, circular.unit.pk, people, now)
            context = {
                "circular": circular,
                "period": period,
                "path": reverse("monitoring_circular")
                + f"?year={period.start.year}&quarter={(period.start.month + 2) // 3}",
            }
            transaction.on_commit(
                lambda to_mail=to_mail, context=context: mail_people(
                    dict.fromkeys(to_mail, context), "monitoring/reports/quarterly"
                )
            )
        sent += len(to_mail)
    return sent
