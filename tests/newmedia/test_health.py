"""The flags of 运行监测 (:mod:`newmedia.health`): idle from a real delivery (webhook on
loopback) and from imported statistics, low use a year after opening, read through the admin."""

import datetime
import re

import pytest
from django.utils import timezone

from newmedia import activity, health
from newmedia.distribution import worker
from newmedia.models import (
    AccountActivity,
    AccountState,
    ActivityPeriod,
    LifecycleRequest,
    LifecycleStep,
    RequestKind,
    RequestStatus,
    StepKind,
)
from tests import factories
from tests.editorial.conftest import staffed_site  # noqa: F401
from tests.newmedia.distribution.conftest import (  # noqa: F401
    _quick_retries,
    receiver,
    webhook_channel,
)

from .conftest import make_account

pytestmark = pytest.mark.django_db
URL = "/admin/newmedia/monitoring/"


def flags(client, account) -> set[str]:
    page = client.get(URL).content.decode()
    row = re.search(rf'<tr data-account="{account.pk}">(.*?)</tr>', page, re.S)
    assert row, f"{account} is not listed"
    return set(re.findall(r'data-flag="(\w+)"', row.group(1)))


def imported(account, period, start, posts, *, followers=None, last_post_on=None):
    return AccountActivity.objects.create(
        account=account,
        period=period,
        period_start=start,
        posts=posts,
        followers=followers,
        last_post_on=last_post_on,
        imported_at=timezone.now(),
    )


def test_a_delivery_keeps_an_account_from_idling(client, staffed_site, receiver):  # noqa: F811
    account = make_account(staffed_site.office, site=staffed_site.site, registered_on="2025-01-01")
    factories.login(client, staffed_site.people.webmaster)
    assert flags(client, account) == {"idle"}  # opened long ago, never published

    channel = webhook_channel(staffed_site, "/ok", receiver)
    channel.account = account
    channel.save()
    factories.news(staffed_site.column, "今日要闻")
    assert worker.deliver_due()["delivered"] == 1
    assert activity.last_publications([account.pk]) == {account.pk: timezone.localdate()}
    assert "idle" not in flags(client, account)


def test_a_channel_naming_another_account_does_not_count(staffed_site, receiver):  # noqa: F811
    account = make_account(staffed_site.office, site=staffed_site.site, registered_on="2025-01-01")
    webhook_channel(staffed_site, "/ok", receiver)  # names no account
    factories.news(staffed_site.column)
    assert worker.deliver_due()["delivered"] == 1
    assert activity.last_publications([account.pk]) == {}


def test_idle_from_imports(client, county):
    today = timezone.localdate()
    account = make_account(county.bureau, registered_on="2025-01-01")
    factories.login(client, county.people.bureau_admin)

    # A day with posts 13 days ago: not idle; 14 days ago: idle.
    row = imported(account, ActivityPeriod.DAY, today - datetime.timedelta(days=13), 2)
    assert "idle" not in flags(client, account)
    row.period_start = today - datetime.timedelta(days=14)
    row.save()
    assert "idle" in flags(client, account)
    # A day without posts is no publication.
    imported(account, ActivityPeriod.DAY, today - datetime.timedelta(days=1), 0)
    assert "idle" in flags(client, account)


def test_a_month_counts_its_last_post_or_else_its_last_day():
    month = datetime.date(2026, 10, 1)
    imported_at = timezone.make_aware(datetime.datetime(2026, 11, 3, 9))
    given = AccountActivity(
        period=ActivityPeriod.MONTH,
        period_start=month,
        posts=4,
        last_post_on=datetime.date(2026, 10, 9),
        imported_at=imported_at,
    )
    assert activity.activity_day(given) == datetime.date(2026, 10, 9)
    not_given = AccountActivity(
        period=ActivityPeriod.MONTH, period_start=month, posts=4, imported_at=imported_at
    )
    assert activity.activity_day(not_given) == datetime.date(2026, 10, 31)
    # Imported before the month ended: up to the import's day.
    early = AccountActivity(
        period=ActivityPeriod.MONTH,
        period_start=month,
        posts=4,
        imported_at=timezone.make_aware(datetime.datetime(2026, 10, 20, 9)),
    )
    assert activity.activity_day(early) == datetime.date(2026, 10, 20)
    none = AccountActivity(period=ActivityPeriod.MONTH, period_start=month, posts=0)
    assert activity.activity_day(none) is None


def test_low_followers_after_a_year(client, county):
    today = timezone.localdate()
    old = make_account(county.bureau, registered_on=today.replace(year=today.year - 1))
    young = make_account(
        county.other,
        registered_on=today.replace(year=today.year - 1) + datetime.timedelta(days=1),
    )
    for account in (old, young):
        imported(account, ActivityPeriod.DAY, today, 1, followers=4999)
    factories.login(client, county.people.office_admin)
    assert flags(client, old) == {"low_use"}
    assert flags(client, young) == set()

    # The latest figure counts: 5,000 followers is enough.
    imported(old, ActivityPeriod.DAY, today - datetime.timedelta(days=40), 1, followers=100)
    imported(old, ActivityPeriod.MONTH, today.replace(day=1), 1, followers=5000)
    assert activity.latest_followers([old.pk])[old.pk] == 4999  # the day is later
    AccountActivity.objects.filter(account=old, period=ActivityPeriod.DAY).delete()
    imported(old, ActivityPeriod.DAY, today, 1, followers=5000)
    assert flags(client, old) == set()


def test_only_running_accounts_are_watched(county):
    make_account(county.bureau, state=AccountState.SUSPENDED, registered_on="2025-01-01")
    assert health.health_of(health.running_accounts(), today=timezone.localdate()) == []


def test_idle_counts_from_the_filed_opening(county):
    account = make_account(county.bureau, registered_on="2020-01-01")
    (listed,) = health.health_of(health.running_accounts(), today=timezone.localdate())
    assert listed.opened == datetime.date(2020, 1, 1)  # registered without a request
    assert listed.idle and listed.idle_on == datetime.date(2020, 1, 15)

    opening = LifecycleRequest.objects.create(
        account=account,
        kind=RequestKind.OPEN,
        reason="开设",
        requested_by=county.people.bureau_admin,
        status=RequestStatus.DONE,
    )
    LifecycleStep.objects.create(
        request=opening, step=StepKind.FILING, approved=True, decided_by=county.people.office_admin
    )
    (listed,) = health.health_of(health.running_accounts(), today=timezone.localdate())
    assert listed.opened == timezone.localdate()
    assert not listed.idle
