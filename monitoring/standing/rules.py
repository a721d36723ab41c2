"""The veto items (单项否决, 004 第十四条) as rules: from a site's facts and the thresholds, what
trips, on which day, and whether the site passes, is at risk or fails. No database here.

A rule gives the day it trips *if nothing changes* (``trips_on``): on or before the inspection's
day it has tripped; within the warning window it is a risk. The window is counted in working
days on the official calendar (R4 warnings go out before the trip, not after).

Days are Asia/Shanghai days. "Not updated for N days" trips on the N-th day after the last
update (a news column last updated on 1 March trips on 15 March with the 14-day line); "N months"
counts calendar months (1 March + 6 months = 1 September; 31 August + 6 months = 28 February).
A column's own category (R4, :mod:`cms.content.update_rules`) makes it late the same way; an
empty column counts as not updated (R4) and is late its category's interval after the column
itself went live.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from cms.content.update_rules import UpdateCategory, max_update_interval
from newmedia.health import idle_on

from .models import STANDING_RANK, Rule, Standing

VETO_NEWS = {UpdateCategory.NEWS}
VETO_NOTICE_POLICY = {UpdateCategory.NOTICE, UpdateCategory.POLICY}


@dataclass(frozen=True)
class Thresholds:
    home_stale_days: int = 14
    notice_policy_stale_months: int = 6
    overdue_columns_limit: int = 10
    empty_columns_limit: int = 5
    unanswered_months: int = 3
    warning_workdays: int = 3
    new_media_idle_days: int = 14


@dataclass(frozen=True)
class ColumnFacts:
    column_id: int
    title: str
    unit_id: int | None
    person_id: int | None
    category: str
    live_since: datetime.date  # the day the column itself went live
    last_update: datetime.datetime | None  # newest current item in its subtree, None: empty

    @property
    def empty(self) -> bool:
        return self.last_update is None

    def last_update_day(self) -> datetime.date | None:
        return None if self.last_update is None else local_day(self.last_update)


@dataclass(frozen=True)
class MessageFacts:
    message_id: int
    subject: str
    unit_id: int | None
    received_at: datetime.datetime
    trips_on: datetime.date  # the mailbox's own reckoning (its veto_day)


@dataclass(frozen=True)
class AccountFacts:
    """A running government new-media account of the site (:mod:`newmedia.activity`)."""

    account_id: int
    name: str
    unit_id: int | None
    unit_name: str
    opened: datetime.date
    last_publication: datetime.date | None  # None: never known to publish

    @property
    def label(self) -> str:
        return f"{self.name}（{self.unit_name}）"


@dataclass(frozen=True)
class SiteFacts:
    site_id: int
    newest_item: datetime.datetime | None
    live_since: datetime.date
    columns: list[ColumnFacts]
    open_channels: int
    messages: list[MessageFacts]  # valid messages still unanswered
    accounts: list[AccountFacts] = field(default_factory=list)  # running new-media accounts


@dataclass(frozen=True)
class Trip:
    rule: str
    trips_on: datetime.date
    subject: str
    column: ColumnFacts | None = None
    message: MessageFacts | None = None
    account: AccountFacts | None = None
    since: datetime.datetime | None = None
    count: int | None = None


@dataclass(frozen=True)
class Verdict:
    standing: str
    trips: list[Trip]  # tripped or within the window, most urgent first
    columns: list[tuple[ColumnFacts, datetime.date, bool]] = field(default_factory=list)
    # each column with the day it is late by its category, and whether it is late today
    overdue_columns: int = 0
    empty_columns: int = 0
    unanswered: int = 0


def local_day(moment: datetime.datetime) -> datetime.date:
    """The platform's day (Asia/Shanghai, ``TIME_ZONE``) of an aware moment."""
    return timezone.localdate(moment)


def day_start(day: datetime.date | None) -> datetime.datetime | None:
    """The first moment of a platform day, for a finding's ``since``."""
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def late_on(column: ColumnFacts) -> datetime.date:
    """The day ``column`` is late by its own update category (R4)."""
    start = column.last_update_day() or column.live_since
    return start + max_update_interval(column.category)


def column_state(column: ColumnFacts, today: datetime.date) -> str:
    """ "empty", "overdue" (late by its own category on or before ``today``) or "fresh"."""
    if column.empty:
        return "empty"
    return "overdue" if late_on(column) <= today else "fresh"


def nth_smallest(days: Iterable[datetime.date], n: int) -> datetime.date | None:
    ordered = sorted(days)
    return ordered[n - 1] if len(ordered) >= n else None


def verdict(
    facts: SiteFacts,
    thresholds: Thresholds,
    *,
    today: datetime.date,
    warn_until: datetime.date,
) -> Verdict:
    """The site's standing on ``today``; ``warn_until`` is the last day of the warning window
    (``today`` plus the warning working days)."""
    trips: list[Trip] = []
    stale = datetime.timedelta(days=thresholds.home_stale_days)

    # 首页信息: the newest item anywhere on the site.
    home_from = local_day(facts.newest_item) if facts.newest_item else facts.live_since
    trips.append(Trip(Rule.HOME_STALE, home_from + stale, "", since=facts.newest_item))
    for column in facts.columns:
        start = column.last_update_day() or column.live_since
        if column.category in VETO_NEWS:
            trips.append(
                Trip(Rule.NEWS_STALE, start + stale, column.title, column, since=column.last_update)
            )
        elif column.category in VETO_NOTICE_POLICY:
            trips.append(
                Trip(
                    Rule.NOTICE_POLICY_STALE,
                    add_months(start, thresholds.notice_policy_stale_months),
                    column.title,
                    column,
                    since=column.last_update,
                )
            )

    lateness = [(column, late_on(column)) for column in facts.columns]
    overdue_day = nth_smallest((day for _, day in lateness), thresholds.overdue_columns_limit)
    overdue_now = sum(1 for _, day in lateness if day <= today)
    if overdue_day is not None:
        trips.append(Trip(Rule.OVERDUE_COLUMNS, overdue_day, "", count=overdue_now))
    empty = sum(1 for column in facts.columns if column.empty)
    if empty >= thresholds.empty_columns_limit:
        trips.append(Trip(Rule.EMPTY_COLUMNS, today, "", count=empty))
    elif empty == thresholds.empty_columns_limit - 1 and empty > 0:
        # One more empty column fails the site: a risk, dated the end of the window.
        trips.append(Trip(Rule.EMPTY_COLUMNS, warn_until, "", count=empty))
    if facts.open_channels == 0:
        trips.append(Trip(Rule.NO_CHANNEL, today, ""))
    unanswered = 0
    for message in facts.messages:
        unanswered += message.trips_on <= today
        trips.append(
            Trip(
                Rule.UNANSWERED,
                message.trips_on,
                message.subject,
                message=message,
                since=message.received_at,
            )
        )

    # 政务新媒体…超过2周未更新: each running account of the site, by newmedia's own rule.
    for account in facts.accounts:
        trips.append(
            Trip(
                Rule.NEW_MEDIA_IDLE,
                idle_on(account.last_publication, account.opened, thresholds.new_media_idle_days),
                account.label,
                account=account,
                since=day_start(account.last_publication),
            )
        )

    kept = sorted(
        (trip for trip in trips if trip.trips_on <= warn_until),
        key=lambda trip: (trip.trips_on, trip.rule, trip.subject),
    )
    if any(trip.trips_on <= today for trip in kept):
        standing = Standing.FAIL
    elif kept:
        standing = Standing.AT_RISK
    else:
        standing = Standing.PASS
    return Verdict(
        standing=standing,
        trips=kept,
        columns=[(column, day, day <= today) for column, day in lateness],
        overdue_columns=overdue_now,
        empty_columns=empty,
        unanswered=unanswered,
    )


def worse(standing: str, than: str | None) -> bool:
    return than is None or STANDING_RANK[standing] > STANDING_RANK[than]
