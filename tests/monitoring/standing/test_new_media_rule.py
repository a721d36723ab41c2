"""The veto item "政务新媒体…超过2周未更新" in the daily inspection (``monitor_run``): a site
with an idle running account fails, naming the account and its unit; a new delivery or an
imported day clears it; within the warning window it is a risk; the threshold is the
administrator's; accounts not running, or of another site, do not count."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from monitoring.standing.models import Finding, Rule, SiteStanding, Standing, VetoThresholds
from newmedia.distribution.models import Action, Channel, Delivery, State
from newmedia.models import AccountActivity, AccountState, ActivityPeriod
from tests import factories
from tests.monitoring.conftest import add_column, at
from tests.newmedia.conftest import make_account

pytestmark = pytest.mark.django_db
DAY = "2026-06-22"  # a Monday; the warning window runs to Thursday 25 June


def inspect(site, day: str = DAY) -> SiteStanding:
    call_command("monitor_run", "--day", day, "--again")
    return SiteStanding.objects.get(inspection__day=day, site=site)


def idle_findings(standing):
    return standing.findings.filter(rule=Rule.NEW_MEDIA_IDLE)


@pytest.fixture
def fresh_site(monitored):
    """Every column updated the day before: nothing else trips."""
    for title, category in (("动态要闻", "news"), ("通知公告", "notice"), ("政策文件", "policy")):
        add_column(monitored, title, category, items=[at("2026-06-21")])
    return monitored


def delivered(account, when: datetime.datetime) -> Delivery:
    """A delivery the distribution made (its worker is tested in tests/newmedia/distribution)."""
    channel, _ = Channel.objects.get_or_create(
        unit=account.sponsor_unit, name="渭滨人社 微信公众号", adapter="webhook", account=account
    )
    return Delivery.objects.create(
        channel=channel,
        item_id=1,
        title="就业政策解读",
        action=Action.PUBLISH,
        state=State.DELIVERED,
        next_attempt_at=when,
        delivered_at=when,
    )


def test_a_site_without_accounts_is_unaffected(fresh_site):
    standing = inspect(fresh_site["site"])
    assert standing.standing == Standing.PASS
    assert not idle_findings(standing).exists()


def test_an_idle_account_fails_the_site_until_a_delivery(fresh_site):
    site, unit = fresh_site["site"], fresh_site["department"]
    account = make_account(unit, site=site, name="渭滨人社", registered_on="2026-01-01")

    standing = inspect(site)
    assert standing.standing == Standing.FAIL
    finding = idle_findings(standing).get()
    assert finding.tripped
    assert finding.account_id == account.pk
    assert finding.unit == unit
    assert finding.subject == "渭滨人社（渭滨区人力资源和社会保障局）"
    assert finding.trips_on == datetime.date(2026, 1, 15)  # never published: from opening
    assert finding.since is None

    delivered(account, at("2026-06-09"))  # 13 days before: trips on 23 June, in the window
    standing = inspect(site)
    assert standing.standing == Standing.AT_RISK
    finding = idle_findings(standing).get()
    assert not finding.tripped
    assert finding.trips_on == datetime.date(2026, 6, 23)
    assert finding.since == at("2026-06-09", 0)

    delivered(account, at("2026-06-08"))  # older: changes nothing
    assert inspect(site).standing == Standing.AT_RISK

    delivered(account, at("2026-06-20"))
    standing = inspect(site)
    assert standing.standing == Standing.PASS
    assert not idle_findings(standing).exists()


def test_an_imported_day_clears_it_and_a_failed_delivery_does_not(fresh_site):
    site, unit = fresh_site["site"], fresh_site["department"]
    account = make_account(unit, site=site, registered_on="2026-01-01")
    failed = delivered(account, at("2026-06-20"))
    Delivery.objects.filter(pk=failed.pk).update(state=State.FAILED)
    assert inspect(site).standing == Standing.FAIL

    AccountActivity.objects.create(
        account=account,
        period=ActivityPeriod.DAY,
        period_start=datetime.date(2026, 6, 19),
        posts=1,
        imported_at=timezone.now(),
    )
    assert inspect(site).standing == Standing.PASS


def test_the_line_is_the_administrators(fresh_site):
    site = fresh_site["site"]
    account = make_account(fresh_site["department"], site=site, registered_on="2026-01-01")
    delivered(account, at("2026-06-01"))
    assert inspect(site).standing == Standing.FAIL  # 21 days
    setting = VetoThresholds.load()
    setting.new_media_idle_days = 30
    setting.save()
    assert inspect(site).standing == Standing.PASS


def test_accounts_not_running_or_of_another_site_do_not_count(fresh_site):
    site, unit = fresh_site["site"], fresh_site["department"]
    make_account(unit, site=site, state=AccountState.SUSPENDED, registered_on="2026-01-01")
    other_site = factories.site("另一网站", sponsor=fresh_site["county"])
    make_account(
        unit,
        site=other_site,
        account_id="gh_2",
        name="另一账号",
        registered_on="2026-01-01",
        platform="weibo",
    )
    assert inspect(site).standing == Standing.PASS
    assert not Finding.objects.filter(rule=Rule.NEW_MEDIA_IDLE, standing__site=site).exists()
