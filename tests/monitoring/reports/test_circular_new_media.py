"""The quarterly circular names each unit's government new-media accounts that stand flagged
on the quarter's last day: idle (nothing published beyond the threshold) and open a year with
fewer than 5,000 followers (R33), with their unit (issue 16)."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from monitoring.reports.circulars import Period, circulars
from monitoring.reports.dispatch import send_quarterly
from monitoring.standing.models import VetoThresholds
from newmedia.models import AccountActivity, AccountState, Platform
from tests import factories
from tests.newmedia.conftest import make_account

from .test_circulars import quarter  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
D = datetime.date
Q3 = Period.quarter(2026, 3)


def figures(account, day, posts, followers):
    AccountActivity.objects.create(
        account=account,
        period="day",
        period_start=day,
        posts=posts,
        followers=followers,
        imported_at=timezone.now(),
    )


@pytest.fixture
def accounts(monitored):
    department, county = monitored["department"], monitored["county"]
    site = monitored["site"]
    low = make_account(
        department, site=site, name="渭滨人社", platform=Platform.WEIBO, registered_on="2025-01-01"
    )
    figures(low, D(2026, 9, 28), 3, 1200)  # busy, but few followers after a year
    idle = make_account(
        county, site=site, name="渭滨发布", platform=Platform.WEIBO, registered_on="2026-06-01"
    )
    figures(idle, D(2026, 8, 1), 5, 300)  # silent since 08-01; open less than a year
    healthy = make_account(department, site=site, name="渭滨就业", registered_on="2025-01-01")
    figures(healthy, D(2026, 9, 29), 2, 9000)
    make_account(
        county,
        site=site,
        name="暂停的账号",
        state=AccountState.SUSPENDED,
        registered_on="2020-01-01",
    )
    return {"low": low, "idle": idle, "healthy": healthy}


def test_flagged_accounts_are_new_media_findings_of_their_unit(monitored, accounts):
    by_unit = {circular.unit: circular for circular in circulars(Q3)}
    assert set(by_unit) == {monitored["county"], monitored["department"]}
    (low,) = by_unit[monitored["department"]].new_media
    assert (low.name, low.unit_name, low.low_use, low.idle) == (
        "渭滨人社",
        "渭滨区人力资源和社会保障局",
        True,
        False,
    )
    assert low.followers == 1200
    (idle,) = by_unit[monitored["county"]].new_media
    assert (idle.name, idle.unit_name, idle.idle, idle.low_use) == (
        "渭滨发布",
        "渭滨区人民政府办公室",
        True,
        False,
    )
    assert idle.last_publication == D(2026, 8, 1)
    # Judged on the quarter's last day: at the end of Q2 the idle one was not yet idle; the low
    # one already was (its figures count as they stand when the circular is made).
    assert {c.unit for c in circulars(Period.quarter(2026, 2))} == {monitored["department"]}


def test_the_administrators_threshold_decides_idle(monitored, accounts):
    setting = VetoThresholds.load()
    setting.new_media_idle_days = 90
    setting.save()
    units = {circular.unit for circular in circulars(Q3)}
    assert units == {monitored["department"]}  # 08-01 + 90 days is after 09-30


def test_the_circular_page_and_mail_name_them(
    client,
    monitored,
    accounts,
    quarter,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    factories.login(client, monitored["county_webmaster"])
    html = client.get("/admin/reports/circular/?year=2026&quarter=3").content.decode()
    assert "渭滨发布" in html and "渭滨人社" in html
    assert "超过2周未更新" in html and "开设满一年粉丝不足5000" in html
    assert "渭滨就业" not in html and "暂停的账号" not in html
    # The department's own administrator sees its account, not the county's.
    factories.login(client, monitored["webmaster"])
    html = client.get("/admin/reports/circular/?year=2026&quarter=3").content.decode()
    assert "渭滨人社" in html and "渭滨发布" not in html

    with django_capture_on_commit_callbacks(execute=True):
        send_quarterly(D(2026, 10, 9))
    to_county = [
        message
        for message in mail.outbox
        if "2026Q3" in message.subject and monitored["county_webmaster"].email in message.to
    ]
    assert len(to_county) == 1
    assert "渭滨发布" in to_county[0].body and "超过2周未更新" in to_county[0].body
