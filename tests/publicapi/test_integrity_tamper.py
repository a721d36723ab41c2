"""Anti-tamper (R36, R37): a public row or file changed behind the platform's back is found by
the verifier and taken offline at once, recorded and told; nothing else is touched.

Everything is real: pages published through the project's services, rows changed with SQL as an
intruder with database access would, files overwritten in the media storage on disk, the
verifier run as cron runs it (``manage.py publication_verify``), the API read over HTTP.
"""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry

from cms.jobs.models import JobRun
from cms.organisation.models import Role, UnitKind
from editorial.takedown import TAKEDOWN_LOG_ACTION
from publicapi import integrity
from publicapi.models import PublicPage, PublicSite, TamperEvent
from publicapi.tamper import JOB, released_paths
from tests import factories

pytestmark = pytest.mark.django_db

PAGE_TABLE = connection.ops.quote_name(PublicPage._meta.db_table)
SITE_TABLE = connection.ops.quote_name(PublicSite._meta.db_table)


@pytest.fixture
def platform(refreshes):
    government = factories.unit("某区人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("某区政府办公室", parent=government, kind=UnitKind.OFFICE)
    other_office = factories.unit("另一区政府办公室", kind=UnitKind.OFFICE)
    webmaster = factories.user("webmaster", unit=office, role=Role.SITE_ADMIN)
    other_webmaster = factories.user("other_webmaster", unit=other_office, role=Role.SITE_ADMIN)
    admin = factories.superuser()
    with refreshes():
        site = factories.site("某区人民政府", sponsor=office)
        other_site = factories.site("另一区人民政府", sponsor=other_office)
        column = factories.column(site.root_page, "政务要闻", owner=office, slug="zwyw")
        other_column = factories.column(other_site.root_page, "要闻", owner=other_office)
        item = factories.news(column, "区政府召开常务会议")
        neighbour = factories.news(column, "同栏目的另一条")
        elsewhere = factories.news(other_column, "另一个网站的新闻")
    return {
        "site": site,
        "other_site": other_site,
        "column": column,
        "item": item,
        "neighbour": neighbour,
        "elsewhere": elsewhere,
        "webmaster": webmaster,
        "other_webmaster": other_webmaster,
        "admin": admin,
    }


def verify() -> str:
    out = StringIO()
    call_command("publication_verify", stdout=out)
    return out.getvalue()


def stored_signature(page_id: int) -> str:
    return PublicPage.objects.get(page_id=page_id).signature


def assert_untouched(api, platform, *names):
    for name in names:
        page = platform[name]
        site = platform["other_site"] if name == "elsewhere" else platform["site"]
        api.detail(site.pk, page.pk)
        assert Page.objects.get(pk=page.pk).live


def assert_taken_offline(api, platform, page, reason):
    api.detail(platform["site"].pk, page.pk, status=404)
    assert not PublicPage.objects.filter(page_id=page.pk).exists()
    assert not Page.objects.get(pk=page.pk).live  # unpublished: back online only through review
    entry = PageLogEntry.objects.get(page_id=page.pk, action=TAKEDOWN_LOG_ACTION)
    assert entry.user is None and entry.data["reason"]
    event = TamperEvent.objects.get(page_id=page.pk)
    assert event.reason == reason
    return event


def test_a_detail_changed_in_sql_is_served_until_the_verifier_takes_it_offline(api, platform):
    item = platform["item"]
    signature = stored_signature(item.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PAGE_TABLE} SET detail_json = replace(detail_json, %s, %s) "
            "WHERE page_id = %s",
            ["区政府召开常务会议", "区政府宣布明日全区停课", item.pk],
        )
    # Until the verifier runs, the API serves what is in the table.
    assert api.detail(platform["site"].pk, item.pk)["title"] == "区政府宣布明日全区停课"

    out = verify()

    event = assert_taken_offline(api, platform, item, integrity.CHANGED)
    assert event.kind == TamperEvent.Kind.PAGE_ROW and event.site_id == platform["site"].pk
    assert event.expected == signature  # what the row claimed
    assert event.found.split(":")[0] == signature.split(":")[0]
    assert event.found != event.expected and len(event.found.split(":")[1]) == 64
    assert gettext("content differs from its signature") in out
    assert_untouched(api, platform, "neighbour", "elsewhere")
    # Told: the superusers and the website administrators of that site, not of the other.
    [message] = mail.outbox
    assert set(message.to) == {platform["admin"].email, platform["webmaster"].email}
    assert str(item.pk) in message.body and signature in message.body


def test_a_second_run_finds_nothing_more(api, platform):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PAGE_TABLE} SET listing_json = replace(listing_json, %s, %s) "
            "WHERE page_id = %s",
            ["同栏目的另一条", "虚假标题", platform["neighbour"].pk],
        )
    verify()
    out = verify()
    assert TamperEvent.objects.count() == 1
    assert gettext("Nothing was changed outside the platform.") in out
    assert len(mail.outbox) == 1
    assert not JobRun.objects.filter(name=JOB).exists()  # the lock was let go


def test_a_changed_listing_is_taken_offline(api, platform):
    neighbour = platform["neighbour"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PAGE_TABLE} SET listing_json = replace(listing_json, %s, %s) "
            "WHERE page_id = %s",
            ["同栏目的另一条", "虚假标题", neighbour.pk],
        )
    assert "虚假标题" in str(api.listing(platform["site"].pk))
    verify()
    assert_taken_offline(api, platform, neighbour, integrity.CHANGED)
    assert "虚假标题" not in str(api.listing(platform["site"].pk))
    assert_untouched(api, platform, "item", "elsewhere")


@pytest.mark.parametrize(
    "column, value",
    [("search_text", "赌博"), ("url_path", "/elsewhere/"), ("etag", "0" * 32)],
)
def test_every_column_the_public_reads_is_covered(api, platform, column, value):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PAGE_TABLE} SET {connection.ops.quote_name(column)} = %s WHERE page_id = %s",
            [value, platform["item"].pk],
        )
    verify()
    assert_taken_offline(api, platform, platform["item"], integrity.CHANGED)


def test_a_deleted_signature_fails(api, platform):
    item = platform["item"]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {PAGE_TABLE} SET signature = '' WHERE page_id = %s", [item.pk])
    verify()
    event = assert_taken_offline(api, platform, item, integrity.UNSIGNED)
    assert event.expected == "" and event.found.startswith(integrity.current_key()[0] + ":")
    assert_untouched(api, platform, "neighbour", "elsewhere")


def test_a_signature_copied_from_another_row_fails(api, platform):
    item, neighbour = platform["item"], platform["neighbour"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PAGE_TABLE} SET signature = %s WHERE page_id = %s",
            [stored_signature(neighbour.pk), item.pk],
        )
    verify()
    assert_taken_offline(api, platform, item, integrity.CHANGED)
    assert_untouched(api, platform, "neighbour", "elsewhere")


def test_a_row_inserted_in_sql_without_a_signature_fails(api, platform):
    """A page that never went public (a draft) is put in the read model by hand."""
    item = platform["item"]
    draft = factories.news(platform["column"], "从未审核的稿件", publish=False)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {PAGE_TABLE} (page_id, site_id, column_id, type, is_item, url_path, "
            "published_at, updated_at, listing_json, detail_json, etag, archived_at, "
            "search_text, pinned_until, signature) "
            f"SELECT %s, site_id, column_id, type, is_item, url_path || 'x/', published_at, "
            "updated_at, listing_json, replace(detail_json, %s, %s), etag, archived_at, "
            f"search_text, pinned_until, '' FROM {PAGE_TABLE} WHERE page_id = %s",
            [draft.pk, "区政府召开常务会议", "从未审核的稿件", item.pk],
        )
    api.detail(platform["site"].pk, draft.pk)  # served until the verifier runs
    verify()
    api.detail(platform["site"].pk, draft.pk, status=404)
    event = TamperEvent.objects.get(page_id=draft.pk)
    assert event.reason == integrity.UNSIGNED
    assert gettext("The page was not live.") in event.action
    assert_untouched(api, platform, "item", "neighbour", "elsewhere")


def test_a_changed_site_row_is_taken_offline(api, platform):
    site = platform["site"]
    signature = PublicSite.objects.get(site_id=site.pk).signature
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SITE_TABLE} SET detail_json = replace(detail_json, %s, %s) "
            "WHERE site_id = %s",
            ["陕ICP备05004383号-1", "陕ICP备99999999号-1", site.pk],
        )
    assert "99999999" in str(api.json(f"/sites/{site.pk}"))
    verify()
    api.json(f"/sites/{site.pk}", status=404)
    event = TamperEvent.objects.get(kind=TamperEvent.Kind.SITE_ROW)
    assert event.site_id == site.pk and event.expected == signature != event.found
    api.json(f"/sites/{platform['other_site'].pk}")
    assert_untouched(api, platform, "item", "neighbour", "elsewhere")
    assert platform["webmaster"].email in mail.outbox[0].to


def test_a_changed_sitemap_is_taken_offline(api, platform):
    site = platform["site"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SITE_TABLE} SET sitemap_json = replace(sitemap_json, %s, %s) "
            "WHERE site_id = %s",
            ["政务要闻", "境外链接", site.pk],
        )
    verify()
    api.sitemap(site.pk, status=404)
    assert TamperEvent.objects.get().reason == integrity.CHANGED


@pytest.fixture
def with_attachment(platform, refreshes):
    document = get_document_model().objects.create(
        title="会议纪要", file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf")
    )
    with refreshes():
        item = factories.news(
            platform["column"],
            "附有纪要的新闻",
            attachments=[("attachment", {"document": document, "title": "会议纪要全文"})],
        )
    return item


def _released_document(item) -> str:
    release = Page.objects.get(pk=item.pk).live_revision.release
    [path] = released_paths(release.data)
    return path


def test_a_released_file_changed_on_disk_takes_its_items_offline(api, platform, with_attachment):
    item = with_attachment
    path = _released_document(item)
    digest = hashlib.sha256(b"%PDF-1.4 minutes").hexdigest()
    assert f"/{digest}/" in path
    api.detail(platform["site"].pk, item.pk)
    with open(default_storage.path(path), "wb") as handle:  # behind the platform's back
        handle.write(b"%PDF-1.4 forged minutes")

    out = verify()

    event = assert_taken_offline(api, platform, item, "file_changed")
    assert event.kind == TamperEvent.Kind.FILE and event.path == path
    assert event.expected == digest
    assert event.found == hashlib.sha256(b"%PDF-1.4 forged minutes").hexdigest()
    assert path in out
    assert_untouched(api, platform, "item", "neighbour", "elsewhere")
    # Rows of a file check are sound; the rows verifier found nothing else.
    assert TamperEvent.objects.count() == 1


def test_a_released_file_deleted_on_disk_is_found(api, platform, with_attachment):
    path = _released_document(with_attachment)
    default_storage.delete(path)
    verify()
    event = assert_taken_offline(api, platform, with_attachment, "file_missing")
    assert event.found == "missing"


def test_rows_only_leaves_files_alone(api, platform, with_attachment):
    path = _released_document(with_attachment)
    with open(default_storage.path(path), "wb") as handle:
        handle.write(b"forged")
    out = StringIO()
    call_command("publication_verify", "--no-files", stdout=out)
    assert not TamperEvent.objects.exists()
    api.detail(platform["site"].pk, with_attachment.pk)


def test_a_second_run_waits_for_the_first(platform):
    now = timezone.now()
    JobRun.objects.create(
        name=JOB, holder="elsewhere:1", started_at=now, expires_at=now + timedelta(hours=1)
    )
    with pytest.raises(CommandError):
        call_command("publication_verify", stdout=StringIO())
