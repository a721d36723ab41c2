"""Which accounts the platform flags — the one place that decides it.

- **Idle** (national veto item, "政务新媒体…超过2周未更新"): a running account is idle on the
  ``idle_days``-th day (14 by default) after its last publication (:mod:`newmedia.activity`),
  or after it opened when it never published. The monitoring's verdict reads the same rule with
  the administrator's threshold.
- **Low use** (R33, 003 第十三条): a running account one year after it opened with fewer than
  5,000 followers by its latest imported figure, to be integrated or closed. An account without
  any imported figure is not flagged (nothing says it is low) but shows "no figures".
"""

import datetime
from dataclasses import dataclass

from . import activity
from .models import Account, AccountState

IDLE_DAYS = 14
LOW_FOLLOWERS = 5000


def idle_on(
    last_publication: datetime.date | None, opened: datetime.date, idle_days: int = IDLE_DAYS
) -> datetime.date:
    """The day a running account is idle if it publishes nothing more."""
    return (last_publication or opened) + datetime.timedelta(days=idle_days)


def one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def low_use(followers: int | None, opened: datetime.date, today: datetime.date) -> bool:
    return followers is not None and followers < LOW_FOLLOWERS and one_year_after(opened) <= today


@dataclass(frozen=True)
class AccountHealth:
    account: Account
    opened: datetime.date
    last_publication: datetime.date | None
    idle_on: datetime.date
    idle: bool
    followers: int | None
    low_use: bool


def running_accounts(queryset=None):
    queryset = Account.objects.all() if queryset is None else queryset
    return activity.with_opening(
        queryset.filter(state=AccountState.RUNNING).select_related("sponsor_unit")
    )


def health_of(accounts, *, today: datetime.date, idle_days: int = IDLE_DAYS):
    """The flags of ``accounts`` (running ones, from :func:`running_accounts`) on ``today``."""
    accounts = list(accounts)
    ids = [account.pk for account in accounts]
    last = activity.last_publications(ids)
    followers = activity.latest_followers(ids)
    found = []
    for account in accounts:
        opened = activity.opened_on(account)
        day = idle_on(last.get(account.pk), opened, idle_days)
        found.append(
            AccountHealth(
                account=account,
                opened=opened,
                last_publication=last.get(account.pk),
                idle_on=day,
                idle=day <= today,
                followers=followers.get(account.pk),
                low_use=low_use(followers.get(account.pk), opened, today),
            )
        )
    return found
