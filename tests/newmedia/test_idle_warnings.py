"""Who is warned when an account goes idle (Rule.NEW_MEDIA_IDLE): the idle account fails its
site's daily inspection, and the warnings module (``monitoring.standing.warnings``) warns the
分管负责人 nearest the site's sponsor and operating units (R2's 主办/承办单位) that the site
fails — once, by mail, active people only. The account's own unit hears through the quarterly
circular (``tests/monitoring/reports/test_circular_new_media.py``)."""

import pytest
from django.core import mail
from django.core.management import call_command

from cms.organisation.models import Role
from monitoring.standing.models import SiteStanding, Standing, Warning
from tests import factories
from tests.monitoring.conftest import add_column, at, monitored  # noqa: F401 (a fixture)

from .conftest import make_account

pytestmark = pytest.mark.django_db
DAY = "2026-06-22"


def test_an_idle_account_warns_the_sites_deputy_heads_once(
    monitored,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    for title, category in (("动态要闻", "news"), ("通知公告", "notice"), ("政策文件", "policy")):
        add_column(monitored, title, category, items=[at("2026-06-21")])
    county, site = monitored["county"], monitored["site"]
    # A second 分管负责人 of the sponsor unit, and one who has left (inactive): not warned.
    second = factories.user("bgs_fg2", unit=county, role=Role.DEPUTY_HEAD)
    gone = factories.user("bgs_fg_old", unit=county, role=Role.DEPUTY_HEAD)
    gone.is_active = False
    gone.save()
    make_account(monitored["department"], site=site, name="渭滨人社", registered_on="2026-01-01")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("monitor_run", "--day", DAY, "--again")
    assert SiteStanding.objects.get(inspection__day=DAY, site=site).standing == Standing.FAIL
    warned = Warning.objects.filter(kind=Warning.Kind.SITE_FAILING, site=site)
    assert set(warned.values_list("recipient__username", flat=True)) == {"bgs_fg", "bgs_fg2"}
    mailed = {address for message in mail.outbox for address in message.to}
    assert {monitored["deputy"].email, second.email} <= mailed
    assert gone.email not in mailed
    # Neither the department's people nor the county's website administrator get this one.
    site_kinds = [Warning.Kind.SITE_FAILING, Warning.Kind.SITE_AT_RISK]
    for person in (monitored["webmaster"], monitored["county_webmaster"], monitored["editor"]):
        assert not Warning.objects.filter(recipient=person, kind__in=site_kinds).exists()

    # The next day, still idle: nothing new is sent.
    to_deputy = sum(monitored["deputy"].email in message.to for message in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("monitor_run", "--day", "2026-06-23", "--again")
    assert Warning.objects.filter(kind__in=site_kinds, site=site).count() == 2
    assert sum(monitored["deputy"].email in message.to for message in mail.outbox) == to_deputy
