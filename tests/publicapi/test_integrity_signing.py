"""Signing the public rows (R36): every ordinary path leaves every row verifying, and keys
rotate without taking anything offline."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from wagtail.models import Page

from archive import filing
from archive.models import ArchiveReason
from cms.organisation.models import Role, UnitKind
from cms.sites.models import SiteIdentity
from editorial.takedown import take_down
from publicapi import integrity
from publicapi.models import PublicPage, PublicSite, TamperEvent
from publicapi.tamper import verify_publication
from tests import factories

from .builders import fresh

pytestmark = pytest.mark.django_db

ROOT = str(Path(__file__).resolve().parents[2])
OLD_KEY = "an-old-publication-key-of-enough-length-0001"
NEW_KEY = "the-new-publication-key-of-enough-length-0002"


@pytest.fixture
def platform(refreshes):
    government = factories.unit("某区人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("某区政府办公室", parent=government, kind=UnitKind.OFFICE)
    webmaster = factories.user("webmaster", unit=office, role=Role.SITE_ADMIN)
    with refreshes():
        site = factories.site("某区人民政府", sponsor=office)
        column = factories.column(site.root_page, "政务要闻", owner=office, slug="zwyw")
        other_column = factories.column(site.root_page, "通知公告", owner=office, slug="tzgg")
        items = [factories.news(column, f"新闻{n}") for n in range(3)]
    return {
        "site": site,
        "office": office,
        "column": column,
        "other_column": other_column,
        "items": items,
        "webmaster": webmaster,
    }


def all_sound() -> None:
    """Every row verifies, and there is something to verify."""
    verifier = integrity.Verifier()
    pages = list(PublicPage.objects.values_list(*integrity.PAGE_COLUMNS, "signature"))
    sites = list(PublicSite.objects.values_list(*integrity.SITE_COLUMNS, "signature"))
    assert pages and sites
    for *values, signature in pages:
        assert verifier.page(values, signature).sound, values[0]
    for *values, signature in sites:
        assert verifier.site(values, signature).sound, values[0]
    outcome = verify_publication()
    assert outcome.events == [] and not TamperEvent.objects.exists()


def test_publishing_writes_signed_rows(platform):
    all_sound()
    assert PublicPage.objects.filter(signature="").count() == 0


def test_a_change_is_signed_again(platform, refreshes):
    item = platform["items"][0]
    before = PublicPage.objects.get(page_id=item.pk).signature
    page = fresh(item)
    page.title = "新闻零（更正）"
    with refreshes():
        factories.publish_reviewed(page.save_revision())
    assert PublicPage.objects.get(page_id=item.pk).signature != before
    all_sound()


def test_unpublish_move_and_rename(platform, refreshes):
    first, second, third = platform["items"]
    with refreshes():
        fresh(first).unpublish()
        fresh(second).move(platform["other_column"], pos="last-child")
        column = fresh(platform["column"])
        column.title = "政务动态"
        column.slug = "zwdt"
        factories.publish_reviewed(column.save_revision())
    assert not PublicPage.objects.filter(page_id=first.pk).exists()
    assert PublicPage.objects.get(page_id=third.pk).url_path.endswith("/zwdt/" + third.slug + "/")
    all_sound()


def test_filing_and_restoring(platform, refreshes):
    first, second, _third = platform["items"]
    with refreshes():
        filing.file_pages([first.pk, second.pk], reason=ArchiveReason.REDESIGN)
    assert PublicPage.objects.filter(archived_at__isnull=False).count() == 2
    all_sound()
    with refreshes():
        filing.restore(fresh(first), user=factories.superuser(), reason="误归档，恢复上线。")
    assert PublicPage.objects.filter(archived_at__isnull=False).count() == 1
    all_sound()


def test_a_row_changed_before_filing_is_not_signed_again_by_it(platform, refreshes):
    """Filing patches rows in place; it must not launder a tampered row into a signed one."""
    first, second, _third = platform["items"]
    PublicPage.objects.filter(page_id=first.pk).update(search_text="篡改")
    with refreshes():
        filing.file_pages([first.pk, second.pk], reason=ArchiveReason.REDESIGN)
    outcome = verify_publication()
    assert [event.page_id for event in outcome.events] == [first.pk]


def test_a_take_down(platform, refreshes):
    with refreshes():
        take_down(
            fresh(platform["items"][0]),
            user=platform["webmaster"],
            reason="网页内容有误，先行下线。",
        )
    all_sound()


def test_a_change_of_the_site_settings(platform, refreshes):
    identity = SiteIdentity.objects.get(site=platform["site"])
    identity.icp_number = "陕ICP备05004384号-1"
    with refreshes():
        identity.save()
    assert "05004384" in PublicSite.objects.get(site_id=platform["site"].pk).detail_json
    all_sound()


# --- Keys ---------------------------------------------------------------------------------------


def test_rows_signed_with_an_old_key_verify_and_move_to_the_new_one(platform):
    with override_settings(PUBLICATION_SIGNING_KEY=OLD_KEY):
        call_command("public_rebuild", stdout=StringIO())
        all_sound()
    old_id, new_id = integrity.key_id(OLD_KEY), integrity.key_id(NEW_KEY)
    assert set(PublicPage.objects.values_list("signature", flat=True)) != set()
    assert all(
        s.startswith(old_id + ":") for s in PublicPage.objects.values_list("signature", flat=True)
    )

    with override_settings(PUBLICATION_SIGNING_KEY=NEW_KEY, PUBLICATION_SIGNING_KEYS_OLD=[OLD_KEY]):
        all_sound()  # old signatures still verify
        # A row changed meanwhile is not moved to the new key: it stays for the verifier.
        item = platform["items"][0]
        PublicPage.objects.filter(page_id=item.pk).update(search_text="篡改")
        out = StringIO()
        call_command("publication_resign", stdout=out)
        pages = PublicPage.objects.count() - 1
        sites = PublicSite.objects.count()
        assert f"{pages + sites}" in out.getvalue()
        signatures = dict(PublicPage.objects.values_list("page_id", "signature"))
        assert signatures.pop(item.pk).startswith(old_id + ":")
        assert all(s.startswith(new_id + ":") for s in signatures.values())
        assert PublicSite.objects.filter(signature__startswith=new_id + ":").count() == sites
        outcome = verify_publication()
        assert [event.page_id for event in outcome.events] == [item.pk]

    # Once the old key is no longer accepted, every row is on the new key and verifies.
    with override_settings(PUBLICATION_SIGNING_KEY=NEW_KEY, PUBLICATION_SIGNING_KEYS_OLD=[]):
        all_sound_after = verify_publication()
        assert all_sound_after.events == []


def test_a_row_signed_with_an_unknown_key_fails(platform, refreshes):
    item = platform["items"][0]
    with override_settings(PUBLICATION_SIGNING_KEY=OLD_KEY), refreshes():
        page = fresh(item)
        page.title = "以他人密钥签名的新闻"
        factories.publish_reviewed(page.save_revision())
    outcome = verify_publication()
    assert [(event.page_id, event.reason) for event in outcome.events] == [
        (item.pk, integrity.UNKNOWN_KEY)
    ]
    [event] = outcome.events
    assert event.expected.startswith(integrity.key_id(OLD_KEY) + ":")
    assert not Page.objects.filter(pk=item.pk, live=True).exists()
    assert PublicPage.objects.count() == len(platform["items"]) + 2  # the others stay


def test_a_key_that_verifies_nothing_takes_nothing_offline(platform):
    """A rotation without the old key kept is a mistake, not an attack on every row at once."""
    rows = PublicPage.objects.count() + PublicSite.objects.count()
    with override_settings(PUBLICATION_SIGNING_KEY=NEW_KEY, PUBLICATION_SIGNING_KEYS_OLD=[]):
        with pytest.raises(CommandError) as raised:
            call_command("publication_verify", stdout=StringIO())
    assert str(rows) in str(raised.value) and "PUBLICATION_SIGNING_KEYS_OLD" in str(raised.value)
    assert PublicPage.objects.count() + PublicSite.objects.count() == rows
    assert not TamperEvent.objects.exists()
    assert Page.objects.filter(pk=platform["items"][0].pk, live=True).exists()


def test_no_key_no_signing(platform):
    with override_settings(PUBLICATION_SIGNING_KEY=""), pytest.raises(ImproperlyConfigured):
        integrity.page_signature({column: None for column in integrity.PAGE_COLUMNS})


def test_the_key_id_names_the_key_without_telling_it():
    assert integrity.key_id(OLD_KEY) != integrity.key_id(NEW_KEY)
    assert OLD_KEY not in integrity.key_id(OLD_KEY) and len(integrity.key_id(OLD_KEY)) == 12


def _production_settings(**environ) -> subprocess.CompletedProcess:
    """Import the production settings in a fresh interpreter with exactly this environment."""
    base = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
        "DJANGO_SECRET_KEY": "s" * 50,
        "DJANGO_ALLOWED_HOSTS": "www.example.gov.cn",
        "DATABASE_URL": "postgres://cms@127.0.0.1:5432/cms",
    }
    return subprocess.run(
        [sys.executable, "-c", "import cms.settings.production"],
        env={**base, **environ},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.mark.parametrize("key", [None, "too-short"])
def test_production_refuses_to_start_without_a_signing_key(key):
    environ = {} if key is None else {"PUBLICATION_SIGNING_KEY": key}
    result = _production_settings(**environ)
    assert result.returncode != 0
    assert "PUBLICATION_SIGNING_KEY" in result.stderr


def test_production_starts_with_a_signing_key():
    result = _production_settings(PUBLICATION_SIGNING_KEY="k" * 40)
    assert result.returncode == 0, result.stderr
