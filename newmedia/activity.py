"""What is known of an account's publications — the one place that decides it.

- The account's **last publication day** is the newest of:

  * the day (Asia/Shanghai) a delivery of a publication or an update reached a channel that
    names the account (:mod:`newmedia.distribution`; a withdrawal is not a publication);
  * an imported period with posts > 0 (:class:`~newmedia.models.AccountActivity`): for a day,
    that day; for a month, the day of the last post when the platform's statistics give it,
    otherwise the month's last day — but never later than the day of the import (a month
    imported before it ends counts up to the import). The month's last day is the generous
    reading; platforms' monthly statistics that name the day of the last post are preferred,
    and importing daily figures avoids the question.

- The account's **followers** are the figure of the latest imported period that gives one.
- The day an account **opened** is the day its opening was filed (备案) by the platform office,
  or its registration date when it was registered without an opening request.
"""

import calendar
import datetime

from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from .distribution.models import Action, Delivery, State
from .models import (
    AccountActivity,
    AccountState,
    ActivityPeriod,
    LifecycleStep,
    RequestKind,
    StepKind,
)

PUBLISHING = [Action.PUBLISH, Action.UPDATE]


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def activity_day(activity: AccountActivity) -> datetime.date | None:
    """The publication day an imported period stands for; None when it had no posts."""
    if activity.posts <= 0:
        return None
    if activity.period == ActivityPeriod.DAY:
        return activity.period_start
    if activity.last_post_on is not None:
        return activity.last_post_on
    return min(month_end(activity.period_start), timezone.localdate(activity.imported_at))


def last_publications(account_ids) -> dict[int, datetime.date]:
    """Each account's last publication day (accounts never known to publish are absent)."""
    account_ids = list(account_ids)
    found: dict[int, datetime.date] = {}

    def keep(account_id, day):
        if day is not None and (account_id not in found or found[account_id] < day):
            found[account_id] = day

    delivered = (
        Delivery.objects.filter(
            channel__account_id__in=account_ids,
            state=State.DELIVERED,
            action__in=PUBLISHING,
            delivered_at__isnull=False,
        )
        .values("channel__account_id")
        .annotate(last=Max("delivered_at"))
    )
    for row in delivered:
        keep(row["channel__account_id"], timezone.localdate(row["last"]))
    imported = AccountActivity.objects.filter(account_id__in=account_ids, posts__gt=0)
    for activity in imported:
        keep(activity.account_id, activity_day(activity))
    return found


def latest_followers(account_ids) -> dict[int, int]:
    """Each account's followers as the latest imported period with a figure gives them."""
    found: dict[int, int] = {}
    rows = (
        AccountActivity.objects.filter(account_id__in=list(account_ids), followers__isnull=False)
        .order_by("account_id", "-period_start", "period")
        .values_list("account_id", "followers")
    )
    for account_id, followers in rows:
        found.setdefault(account_id, followers)
    return found


def _filed(kind: str) -> Subquery:
    """When the platform office last filed (备案) a request of ``kind`` for the outer account."""
    filings = LifecycleStep.objects.filter(
        Q(request__account_id=OuterRef("pk"))
        & Q(request__kind=kind)
        & Q(step=StepKind.FILING)
        & Q(approved=True)
    ).order_by("-decided_at")
    return Subquery(filings.values("decided_at")[:1])


def with_opening(queryset):
    """``queryset`` of accounts annotated with ``opened_at``: when the opening was filed."""
    return queryset.annotate(opened_at=_filed(RequestKind.OPEN))


def opened_on(account) -> datetime.date:
    """The day ``account`` (annotated by :func:`with_opening`) opened."""
    opened_at = getattr(account, "opened_at", None)
    if opened_at is not None:
        return timezone.localdate(opened_at)
    registered = account.registered_on
    if isinstance(registered, str):
        registered = datetime.date.fromisoformat(registered)
    return registered


def posts_between(account_ids, first: datetime.date, last: datetime.date) -> dict[int, int]:
    """Each account's imported posts in the periods starting from ``first`` to ``last``
    (accounts without any imported period there are absent). A month imported as a whole
    counts once: its daily figures are then not added to it."""
    rows = AccountActivity.objects.filter(
        account_id__in=list(account_ids), period_start__gte=first, period_start__lte=last
    ).values_list("account_id", "period", "period_start", "posts")
    whole_months = {
        (account_id, start.year, start.month)
        for account_id, period, start, _posts in rows
        if period == ActivityPeriod.MONTH
    }
    found: dict[int, int] = {}
    for account_id, period, start, posts in rows:
        if period == ActivityPeriod.DAY and (account_id, start.year, start.month) in whole_months:
            continue
        found[account_id] = found.get(account_id, 0) + posts
    return found


def followers_on(account_ids, day: datetime.date) -> dict[int, int]:
    """Each account's followers as the latest imported period starting by ``day`` gives them."""
    found: dict[int, int] = {}
    rows = (
        AccountActivity.objects.filter(
            account_id__in=list(account_ids), followers__isnull=False, period_start__lte=day
        )
        .order_by("account_id", "-period_start", "period")
        .values_list("account_id", "followers")
    )
    for account_id, followers in rows:
        found.setdefault(account_id, followers)
    return found


def ran_between(queryset, first: datetime.date, last: datetime.date) -> list:
    """The accounts of ``queryset`` that were open at some time from ``first`` to ``last``:
    opened (:func:`opened_on`) by ``last``, and not closed before ``first`` — an account stops
    on the day the platform office filed its closure. Accounts that never opened (still
    applying, or cancelled before opening) are not among them."""
    accounts = with_opening(
        queryset.exclude(state=AccountState.PREPARING).annotate(closed_at=_filed(RequestKind.CLOSE))
    )
    found = []
    for account in accounts:
        closed = account.closed_at and timezone.localdate(account.closed_at)
        if account.state == AccountState.CANCELLED and not closed:
            continue  # cancelled before it ever opened
        if opened_on(account) <= last and (not closed or closed >= first):
            found.append(account)
    return found
