"""Reads of the mailboxes: what is due, the veto list, the figures, what the public reads."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Site

from interpretation.workdays import WorkingCalendar

from ..masking import mask_personal_data
from .deadlines import workdays_from
from .models import Mailbox, Message, MessageState
from .models.messages import OPEN_STATES
from .services import code_hash

VETO_MONTHS = 3


def open_mailboxes(*, site_id: int) -> QuerySet[Mailbox]:
    return Mailbox.objects.filter(site_id=site_id, is_open=True).select_related("unit")


def message_by_code(*, code: str) -> Message | None:
    """The message a query code opens, or ``None``; the code is compared as its hash."""
    return (
        Message.objects.filter(code_hash=code_hash(code), purged_at__isnull=True)
        .select_related("mailbox", "unit", "reply", "contact")
        .first()
    )


def messages_in_reach(*, unit_ids) -> QuerySet[Message]:
    return Message.objects.filter(unit_id__in=unit_ids).select_related("mailbox", "unit")


@dataclass(frozen=True)
class DueMessage:
    message: Message
    days_left: int  # Working days until the due date; negative: overdue by that many.

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def messages_due(*, unit_ids, today: datetime.date) -> list[DueMessage]:
    """The open messages of ``unit_ids``, most urgent first, with the working days left
    (negative: overdue by so many working days)."""
    calendar = WorkingCalendar()
    rows = messages_in_reach(unit_ids=unit_ids).filter(state__in=OPEN_STATES).order_by("due_on")
    return [
        DueMessage(message, workdays_from(today, message.due_on, calendar=calendar))
        for message in rows
    ]


def _months_before(day: datetime.date, months: int) -> datetime.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def unanswered_for_veto(
    *, site: Site | int, today: datetime.date, months: int = VETO_MONTHS
) -> QuerySet[Message]:
    """The veto list (单项否决, R23): valid messages of ``site`` without an approved reply,
    received ``months`` (3) months or more before ``today`` (Asia/Shanghai days). A stable entry
    point for the monitoring, which sets ``months`` from its thresholds."""
    site_id = site.pk if isinstance(site, Site) else site
    cutoff = _months_before(today, months)
    start_of_next_day = timezone.make_aware(
        datetime.datetime.combine(cutoff + datetime.timedelta(days=1), datetime.time())
    )
    return (
        Message.objects.filter(
            mailbox__site_id=site_id,
            state__in=OPEN_STATES,
            received_at__lt=start_of_next_day,
        )
        .select_related("mailbox", "unit")
        .order_by("received_at", "pk")
    )


def veto_day(received_on: datetime.date, months: int = VETO_MONTHS) -> datetime.date:
    """The first day a valid message received on ``received_on`` and still unanswered is on
    :func:`unanswered_for_veto`'s list: the day the monitoring says it trips."""
    day = received_on + datetime.timedelta(days=28 * months)
    while _months_before(day, months) < received_on:
        day += datetime.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Figures:
    received: int
    invalid: int
    replied: int
    replied_on_time: int
    replied_same_day: int
    pending: int
    overdue: int
    average_workdays_to_reply: float | None


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _figures(rows: list[dict], today: datetime.date, calendar: WorkingCalendar) -> Figures:
    replied = [row for row in rows if row["answered_at"] is not None]
    open_rows = [row for row in rows if row["state"] in OPEN_STATES]
    days = []
    on_time = same_day = 0
    for row in replied:
        received_on = timezone.localdate(row["received_at"])
        answered_on = timezone.localdate(row["answered_at"])
        on_time += answered_on <= row["due_on"]
        same_day += answered_on == received_on
        days.append(max(0, workdays_from(received_on, answered_on, calendar=calendar)))
    return Figures(
        received=len(rows),
        invalid=sum(row["state"] == MessageState.INVALID for row in rows),
        replied=len(replied),
        replied_on_time=on_time,
        replied_same_day=same_day,
        pending=len(open_rows),
        overdue=sum(row["due_on"] < today for row in open_rows),
        average_workdays_to_reply=round(sum(days) / len(days), 1) if days else None,
    )


def mailbox_statistics(
    *,
    site_id: int,
    date_from: datetime.date,
    date_to: datetime.date,
    mailbox_id: int | None = None,
    today: datetime.date | None = None,
) -> tuple[Figures, list[tuple[Mailbox, Figures]]]:
    """The handling figures (R23, and the yearly report's, R31) of the messages received from
    ``date_from`` to ``date_to`` inclusive: for the site (or one mailbox) and per mailbox."""
    today = today or timezone.localdate()
    mailboxes = list(Mailbox.objects.filter(site_id=site_id).order_by("order", "pk"))
    if mailbox_id is not None:
        mailboxes = [box for box in mailboxes if box.pk == mailbox_id]
    rows = list(
        Message.objects.filter(
            mailbox__in=mailboxes,
            received_at__gte=_day_start(date_from),
            received_at__lt=_day_start(date_to + datetime.timedelta(days=1)),
        ).values("mailbox_id", "state", "received_at", "answered_at", "due_on")
    )
    calendar = WorkingCalendar()
    per_mailbox = [
        (box, _figures([row for row in rows if row["mailbox_id"] == box.pk], today, calendar))
        for box in mailboxes
    ]
    return _figures(rows, today, calendar), per_mailbox


def public_exchanges(*, site_id: int) -> QuerySet[Message]:
    """Exchanges the public reads: the sender allowed it, the message is valid and its reply
    approved; newest answer first."""
    return (
        Message.objects.filter(
            mailbox__site_id=site_id,
            may_publish=True,
            state=MessageState.ANSWERED,
            purged_at__isnull=True,
        )
        .select_related("mailbox", "unit", "reply", "contact")
        .order_by("-answered_at", "-pk")
    )


@dataclass(frozen=True)
class MaskedText:
    subject: str
    content: str
    reply: str | None


def masked_text(message: Message) -> MaskedText:
    """A message's text as anyone but its handlers reads it: personal data masked, the
    sender's own name included wherever it was typed."""
    contact = getattr(message, "contact", None)
    names = (contact.name,) if contact is not None else ()
    reply = getattr(message, "reply", None)
    approved = reply is not None and reply.approved_at is not None
    return MaskedText(
        subject=mask_personal_data(message.subject, names=names),
        content=mask_personal_data(message.content, names=names),
        reply=mask_personal_data(reply.text, names=names) if approved else None,
    )
