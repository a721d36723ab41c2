"""The yearly report's 移动新媒体 rows come from the new-media registry and its imported
statistics: the accounts of the site open at some time in the year, posts summed over the
year's periods, followers the latest figure of the year (R31, issue 16)."""

import datetime
import re

import pytest
from django.utils import timezone

from cms.organisation.models import Role, UnitKind
from monitoring.reports.yearly import yearly_report
from newmedia.models import (
    AccountActivity,
    AccountState,
    LifecycleRequest,
    LifecycleStep,
    Platform,
    RequestKind,
    RequestStatus,
    StepKind,
)
from tests import factories
from tests.newmedia.conftest import make_account

pytestmark = pytest.mark.django_db
YEAR = 2025
URL = "/admin/reports/yearly/"


def figures(account, period, start, posts, followers=None):
    AccountActivity.objects.create(
        account=account,
        period=period,
        period_start=start,
        posts=posts,
        followers=followers,
        imported_at=timezone.now(),
    )


def filed(account, kind, when, person):
    """A request of ``kind`` filed by the platform office at ``when``."""
    request = LifecycleRequest.objects.create(
        account=account, kind=kind, reason="按规定", requested_by=person, status=RequestStatus.DONE
    )
    step = LifecycleStep.objects.create(
        request=request, step=StepKind.FILING, approved=True, decided_by=person
    )
    LifecycleStep.objects.filter(pk=step.pk).update(decided_at=when)


@pytest.fixture
def county():
    government = factories.unit("渭川区人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("渭川区人民政府办公室", parent=government, kind=UnitKind.OFFICE)
    bureau = factories.unit("渭川区气象局", parent=government)
    police = factories.unit("渭川区公安分局", parent=government)
    site = factories.site("渭川区人民政府", "www.weichuan.gov.cn", sponsor=office)
    other_site = factories.site("渭滨区人民政府", "www.weibin.gov.cn", sponsor=office)
    admin = factories.user("webmaster", unit=government, role=Role.SITE_ADMIN)
    return site, other_site, office, bureau, police, admin


def test_the_new_media_rows_are_the_registry_and_its_statistics(county, client):
    site, other_site, office, bureau, police, admin = county
    shanghai = timezone.get_default_timezone()

    def account(unit, name, platform, **fields):
        return make_account(
            unit, site=site, name=name, platform=platform, registered_on="2024-03-01", **fields
        )

    weibo_office = account(office, "渭川发布", Platform.WEIBO)
    weibo_police = account(police, "渭川公安", Platform.WEIBO)
    wechat = account(bureau, "渭川气象", Platform.WECHAT_SUBSCRIPTION)
    douyin = account(office, "渭川政务", Platform.DOUYIN)
    app = account(bureau, "渭川天气", Platform.OTHER, platform_other="美篇")
    # Not in the 2025 report: opened in 2026, closed in 2024, still applying, another site's.
    late = account(police, "渭川交警", Platform.WECHAT_SERVICE)
    filed(late, RequestKind.OPEN, datetime.datetime(2026, 1, 1, 0, 0, tzinfo=shanghai), admin)
    gone = account(police, "旧账号", Platform.DOUYIN, state=AccountState.CLOSED)
    filed(gone, RequestKind.CLOSE, datetime.datetime(2024, 12, 31, 23, 0, tzinfo=shanghai), admin)
    account(police, "筹建中", Platform.TOUTIAO, state=AccountState.PREPARING)
    make_account(bureau, site=other_site, name="渭滨发布", platform=Platform.WEIBO)
    # Closed in 2025: it ran in the year, and counts.
    closed = account(bureau, "渭川气象服务", Platform.WECHAT_SERVICE, state=AccountState.CLOSED)
    filed(closed, RequestKind.CLOSE, datetime.datetime(2025, 1, 1, 0, 0, tzinfo=shanghai), admin)

    # Weibo: months and days of 2025 (a month imported whole counts once), not 2024's or 2026's.
    figures(weibo_office, "month", datetime.date(2025, 1, 1), 40, 9000)
    figures(weibo_office, "day", datetime.date(2025, 1, 5), 3, 9100)  # inside January: once
    figures(weibo_office, "day", datetime.date(2025, 12, 31), 2, 12000)
    figures(weibo_office, "month", datetime.date(2024, 12, 1), 100, 8000)
    figures(weibo_office, "month", datetime.date(2026, 1, 1), 100, 50000)
    figures(weibo_police, "month", datetime.date(2025, 6, 1), 10, 3000)
    figures(wechat, "month", datetime.date(2025, 3, 1), 7, 1500)
    # The closed WeChat account has posts but no follower figure: subscribers are left to enter.
    figures(closed, "month", datetime.date(2025, 1, 1), 1)

    report = yearly_report(site=site, year=YEAR)
    values = {
        key: report.line(key).value
        for key in (
            "has_new_media",
            "weibo_name",
            "weibo_posts",
            "weibo_followers",
            "wechat_name",
            "wechat_posts",
            "wechat_subscribers",
            "new_media_other",
        )
    }
    assert values == {
        "has_new_media": True,
        "weibo_name": "渭川发布、渭川公安",
        "weibo_posts": 40 + 2 + 10,
        "weibo_followers": 12000 + 3000,
        "wechat_name": "渭川气象、渭川气象服务",
        "wechat_posts": 7 + 1,
        "wechat_subscribers": None,
        "new_media_other": "渭川政务（抖音）、渭川天气（美篇）",
    }
    assert report.line("weibo_posts").computed
    assert report.line("wechat_subscribers").missing

    # The admin's report page shows the same figures.
    factories.login(client, admin)
    page = client.get(URL, {"site": site.pk, "year": YEAR}).content.decode()
    assert "渭川发布、渭川公安" in page
    assert re.search(r"渭川政务（抖音）、渭川天气（美篇）", page)
    assert douyin.pk and app.pk


def test_a_site_without_registered_accounts_leaves_the_rows_to_its_administrators(county):
    site, *_rest = county
    report = yearly_report(site=site, year=YEAR)
    assert report.line("has_new_media").missing
    assert report.line("weibo_name").missing


def test_an_account_registered_after_the_year_is_not_in_it(county):
    site, _other, office, *_rest = county
    make_account(office, site=site, platform=Platform.WEIBO, registered_on="2026-02-01")
    assert yearly_report(site=site, year=YEAR).line("has_new_media").missing
    assert (
        yearly_report(site=site, year=2026).line("weibo_name").value == "渭川区人民政府办公室发布"
    )
