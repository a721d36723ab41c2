"""The tamper check's record in the admin (Reports → 防篡改监测) and in the yearly report: each
run is kept with what it read and found; the findings are shown to the people the check mails
(superusers, the site's 网站管理员) and to nobody else; a run with a wrong key says so.

Real rows changed with SQL, the verifier run as cron runs it, the admin read over HTTP."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django.utils.translation import gettext

from cms.organisation.models import Role, UnitKind
from monitoring.reports.yearly import yearly_report
from publicapi.models import IntegrityCheck, PublicPage, TamperEvent
from tests import factories

pytestmark = pytest.mark.django_db

REPORT = "/admin/reports/tamper/"
PAGE_TABLE = connection.ops.quote_name(PublicPage._meta.db_table)


@pytest.fixture
def platform(django_capture_on_commit_callbacks):
    cache.clear()
    office = factories.unit("某区政府办公室", kind=UnitKind.OFFICE)
    other_office = factories.unit("另一区政府办公室", kind=UnitKind.OFFICE)
    with django_capture_on_commit_callbacks(execute=True):
        site = factories.site("某区人民政府", sponsor=office)
        other_site = factories.site("另一区人民政府", sponsor=other_office)
        column = factories.column(site.root_page, "政务要闻", owner=office, slug="zwyw")
        item = factories.news(column, "区政府召开常务会议")
    yield {
        "site": site,
        "other_site": other_site,
        "item": item,
        "admin": factories.superuser(),
        "webmaster": factories.user("webmaster", unit=office, role=Role.SITE_ADMIN),
        "other_webmaster": factories.user(
            "other_webmaster", unit=other_office, role=Role.SITE_ADMIN
        ),
        "officer": factories.user("officer", unit=office, role=Role.INFO_OFFICER),
    }
    cache.clear()


def tamper(page) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PAGE_TABLE} SET detail_json = replace(detail_json, %s, %s) "
            "WHERE page_id = %s",
            ["区政府召开常务会议", "伪造的通知", page.pk],
        )


def verify() -> None:
    call_command("publication_verify", stdout=StringIO())


def report_as(client, person):
    client.force_login(person)
    return client.get(REPORT)


def test_each_run_is_recorded_with_what_it_read_and_found(platform):
    verify()
    tamper(platform["item"])
    verify()
    sound, found = IntegrityCheck.objects.order_by("pk")
    pages = PublicPage.objects.count()
    assert (sound.result, sound.findings) == (IntegrityCheck.Result.SOUND, 0)
    assert sound.pages == pages + 1  # the tampered row was still there then
    assert (found.result, found.findings) == (IntegrityCheck.Result.FOUND, 1)
    assert found.started_at <= found.finished_at


def test_the_findings_reach_the_superuser_and_the_sites_webmaster_only(client, platform):
    tamper(platform["item"])
    verify()
    event = TamperEvent.objects.get()
    reason = gettext("content differs from its signature")

    for person in ("admin", "webmaster"):
        response = report_as(client, platform[person])
        assert response.status_code == 200
        body = response.content.decode()
        assert "区政府召开常务会议" in body and reason in body
        assert event.action in body
        finished = timezone.localtime(IntegrityCheck.objects.get().finished_at)
        assert f"{finished:%Y-%m-%d %H:%M}" in body

    # Another site's webmaster opens the page but is not shown this site's finding.
    response = report_as(client, platform["other_webmaster"])
    assert response.status_code == 200
    assert "区政府召开常务会议" not in response.content.decode()
    # An information officer is not told at all: Wagtail sends them back to the dashboard.
    refused = report_as(client, platform["officer"])
    assert refused.status_code == 302 and refused["Location"] == "/admin/"


def test_the_findings_export_as_csv(client, platform):
    tamper(platform["item"])
    verify()
    client.force_login(platform["admin"])
    response = client.get(REPORT, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "区政府召开常务会议" in text and "某区人民政府" in text


def test_a_check_that_never_ran_or_ran_with_a_wrong_key_is_shown(client, platform):
    body = report_as(client, platform["admin"]).content.decode()
    assert "防篡改核验从未运行" in body

    with override_settings(PUBLICATION_SIGNING_KEY="x" * 40, PUBLICATION_SIGNING_KEYS_OLD=[]):
        with pytest.raises(CommandError):
            verify()
    assert IntegrityCheck.objects.get().result == IntegrityCheck.Result.WRONG_KEY
    body = report_as(client, platform["admin"]).content.decode()
    assert "更换密钥后须保留旧密钥" in body


def test_the_yearly_report_counts_the_watch_only_when_the_check_ran(platform):
    year = timezone.localdate().year
    site = platform["site"]
    assert yearly_report(site=site, year=year).line("security_monitoring").missing
    verify()
    line = yearly_report(site=site, year=year).line("security_monitoring")
    assert line.computed and line.value is True
    # A wrong key checks nothing: it is no watch.
    IntegrityCheck.objects.update(result=IntegrityCheck.Result.WRONG_KEY)
    assert yearly_report(site=site, year=year).line("security_monitoring").missing
