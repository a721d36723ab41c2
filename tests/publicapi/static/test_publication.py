"""Static publication (静态发布): after every kind of change, the files under the publication
root are exactly what the API answers at their addresses — byte for byte, with the same ETag
and Last-Modified — and nothing else is there."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import parse_http_date

from archive import filing
from archive.models import ArchiveReason
from cms.organisation.models import Role, UnitKind
from cms.sites.models import SiteIdentity
from editorial.takedown import take_down
from publicapi import publication
from publicapi.models import PublicPage, PublicSite
from tests import factories

from ..builders import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(settings, tmp_path) -> Path:
    settings.PUBLICATION_STATIC_ROOT = str(tmp_path / "publication")
    return tmp_path / "publication"


@pytest.fixture
def platform(root, refreshes):
    government = factories.unit("某区人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("某区政府办公室", parent=government, kind=UnitKind.OFFICE)
    webmaster = factories.user("webmaster", unit=office, role=Role.SITE_ADMIN)
    with refreshes():
        site = factories.site("某区人民政府", sponsor=office)
        column = factories.column(site.root_page, "政务要闻", owner=office, slug="zwyw")
        other_column = factories.column(site.root_page, "通知公告", owner=office, slug="tzgg")
        items = [factories.news(column, f"新闻{n}") for n in range(3)]
        other_site = factories.site("某镇人民政府", sponsor=office)
        town_column = factories.column(other_site.root_page, "镇务动态", owner=office, slug="zwdt")
        factories.news(town_column, "镇里的新闻")
    return {
        "site": site,
        "column": column,
        "other_column": other_column,
        "items": items,
        "other_site": other_site,
        "town_column": town_column,
        "webmaster": webmaster,
        "superuser": factories.superuser(),
    }


def files_under(root: Path) -> set[Path]:
    return {
        Path(directory, name).relative_to(root)
        for directory, _, names in os.walk(root)
        for name in names
    }


def expected_files() -> set[Path]:
    """What the read model says should be published: derived here from the rows, apart from
    the module under test."""
    sites = Path("api/v1/sites")
    expected = {sites / "index.json"}
    for site_id in PublicSite.objects.values_list("site_id", flat=True):
        expected |= {
            sites / f"{site_id}/index.json",
            sites / f"{site_id}/index.json.etag",
            sites / f"{site_id}/sitemap",
            sites / f"{site_id}/sitemap.etag",
            sites / f"{site_id}/archive/calendar",
            sites / f"{site_id}/pages/index.json",
        }
    for page_id, site_id, kind in PublicPage.objects.values_list("page_id", "site_id", "type"):
        expected |= {
            sites / f"{site_id}/pages/{page_id}",
            sites / f"{site_id}/pages/{page_id}.etag",
        }
        if kind == "column":
            expected.add(sites / f"{site_id}/pages/column-{page_id}.json")
    if PublicSite.objects.exists():
        expected.add(sites / "index.json.etag")
    return expected


def assert_published_as_answered(client, root: Path) -> None:
    """Every file is the API's answer at its address, and every answer that should be a file is."""
    found = files_under(root)
    assert found == expected_files()
    for relative in sorted(found):
        if relative.name.endswith(".etag"):
            continue
        address = publication.address_of(relative)
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["Content-Type"] == "application/json; charset=utf-8"
        path = root / relative
        assert path.read_bytes() == response.content, address
        sidecar = Path(f"{path}.etag")
        if response.has_header("ETag"):
            assert sidecar.read_text() == response["ETag"], address
            assert int(path.stat().st_mtime) == parse_http_date(response["Last-Modified"])
        else:
            assert not sidecar.exists(), address


def test_publishing_writes_every_file(platform, root, client):
    assert_published_as_answered(client, root)
    site, item = platform["site"], platform["items"][0]
    assert (root / f"api/v1/sites/{site.pk}/pages/{item.pk}").is_file()
    assert "新闻0" in (root / f"api/v1/sites/{site.pk}/pages/index.json").read_text()


def test_a_new_item(platform, root, client, refreshes):
    with refreshes():
        item = factories.news(platform["other_column"], "新的通知")
    assert (root / f"api/v1/sites/{platform['site'].pk}/pages/{item.pk}").is_file()
    assert_published_as_answered(client, root)


def test_a_change(platform, root, client, refreshes):
    page = fresh(platform["items"][0])
    page.title = "新闻零（更正）"
    with refreshes():
        factories.publish_reviewed(page.save_revision())
    assert (
        "新闻零（更正）"
        in (root / f"api/v1/sites/{platform['site'].pk}/pages/{page.pk}").read_text()
    )
    assert_published_as_answered(client, root)


def test_a_draft_no_review_cleared_reaches_no_file(platform, root, client, refreshes):
    """A new revision of a live item, saved but not cleared by a completed review, changes no
    published file: the files follow the read model, which shows the live revision only."""
    page = fresh(platform["items"][0])
    before = {path: (root / path).read_bytes() for path in files_under(root)}
    page.title = "未经审核的标题"
    with refreshes():
        page.save_revision()
    after = {path: (root / path).read_bytes() for path in files_under(root)}
    assert after == before
    assert not any("未经审核的标题" in data.decode() for data in after.values())
    assert_published_as_answered(client, root)


def test_unpublishing(platform, root, client, refreshes):
    item = platform["items"][0]
    with refreshes():
        fresh(item).unpublish()
    assert not (root / f"api/v1/sites/{platform['site'].pk}/pages/{item.pk}").exists()
    assert_published_as_answered(client, root)


def test_unpublishing_a_column_removes_its_listing(platform, root, client, refreshes):
    column = platform["column"]
    with refreshes():
        fresh(column).unpublish()
    listing = root / f"api/v1/sites/{platform['site'].pk}/pages/column-{column.pk}.json"
    assert not listing.exists()
    assert_published_as_answered(client, root)


def test_a_take_down(platform, root, client, refreshes):
    with refreshes():
        take_down(
            fresh(platform["column"]), user=platform["webmaster"], reason="内容有误，先行下线。"
        )
    assert_published_as_answered(client, root)


def test_filing_and_restoring(platform, root, client, refreshes):
    first, second, _third = platform["items"]
    with refreshes():
        filing.file_pages([first.pk, second.pk], reason=ArchiveReason.REDESIGN)
    calendar = root / f"api/v1/sites/{platform['site'].pk}/archive/calendar"
    assert '"count": 2' in calendar.read_text()
    assert_published_as_answered(client, root)
    with refreshes():
        filing.restore(fresh(first), user=platform["superuser"], reason="误归档，恢复上线。")
    assert '"count": 1' in calendar.read_text()
    assert_published_as_answered(client, root)


def test_a_move_within_the_site(platform, root, client, refreshes):
    item = platform["items"][1]
    with refreshes():
        fresh(item).move(platform["other_column"], pos="last-child")
    listing = (
        root / f"api/v1/sites/{platform['site'].pk}/pages/column-{platform['other_column'].pk}.json"
    )
    assert "新闻1" in listing.read_text()
    assert_published_as_answered(client, root)


def test_an_item_in_a_sub_column_is_in_the_listings_above_it(platform, root, client, refreshes):
    column = platform["column"]
    with refreshes():
        sub_column = factories.column(
            fresh(column), "区长活动", owner=column.responsible_unit, slug="qzhd"
        )
        item = factories.news(sub_column, "区长调研春耕")
    site = platform["site"].pk
    for listing in (f"column-{column.pk}.json", f"column-{sub_column.pk}.json", "index.json"):
        assert "区长调研春耕" in (root / f"api/v1/sites/{site}/pages/{listing}").read_text()
    assert_published_as_answered(client, root)
    page = fresh(item)
    page.title = "区长调研春耕生产"
    with refreshes():
        factories.publish_reviewed(page.save_revision())
    assert_published_as_answered(client, root)
    with refreshes():
        fresh(item).move(platform["other_column"], pos="last-child")
    assert (
        "区长调研春耕"
        not in (root / f"api/v1/sites/{site}/pages/column-{column.pk}.json").read_text()
    )
    assert_published_as_answered(client, root)


def test_an_item_change_reads_the_listings_above_it_not_every_column(platform, root, refreshes):
    """A change of one item rewrites the listings that show it; the site's other columns cost
    nothing, however many there are."""
    item = platform["items"][0]

    def change(title: str):
        page = fresh(item)
        page.title = title
        revision = page.save_revision()
        with CaptureQueriesContext(connection) as queries, refreshes():
            factories.publish_reviewed(revision)
        return len(queries)

    change("新闻零（一）")  # warm
    before = change("新闻零（二）")
    with refreshes():
        for n in range(6):
            factories.column(
                fresh(platform["site"].root_page),
                f"栏目{n}",
                owner=platform["column"].responsible_unit,
                slug=f"c{n}",
            )
    assert change("新闻零（三）") == before


def test_a_move_to_another_site(platform, root, client, refreshes):
    item = platform["items"][1]
    with refreshes():
        fresh(item).move(platform["town_column"], pos="last-child")
    assert not (root / f"api/v1/sites/{platform['site'].pk}/pages/{item.pk}").exists()
    assert (root / f"api/v1/sites/{platform['other_site'].pk}/pages/{item.pk}").is_file()
    assert_published_as_answered(client, root)


def test_renaming_a_column(platform, root, client, refreshes):
    column = fresh(platform["column"])
    column.title = "政务动态"
    column.slug = "zwdt"
    with refreshes():
        factories.publish_reviewed(column.save_revision())
    third = platform["items"][2]
    detail = root / f"api/v1/sites/{platform['site'].pk}/pages/{third.pk}"
    assert "/zwdt/" in detail.read_text()
    assert_published_as_answered(client, root)


def test_deleting_a_page(platform, root, client, refreshes):
    item = platform["items"][0]
    with refreshes():
        fresh(item).delete()
    assert not (root / f"api/v1/sites/{platform['site'].pk}/pages/{item.pk}").exists()
    assert_published_as_answered(client, root)


def test_deleting_a_site(platform, root, client, refreshes):
    other = platform["other_site"]
    with refreshes():
        other.delete()
    assert not (root / f"api/v1/sites/{other.pk}").exists()
    assert_published_as_answered(client, root)


def test_a_change_of_the_site_settings(platform, root, client, refreshes):
    identity = SiteIdentity.objects.get(site=platform["site"])
    identity.icp_number = "陕ICP备05004384号-1"
    with refreshes():
        identity.save()
    assert "05004384" in (root / f"api/v1/sites/{platform['site'].pk}/index.json").read_text()
    assert_published_as_answered(client, root)


def test_a_rebuild_rewrites_everything(platform, root, client, refreshes):
    stray = root / "api/v1/sites/999999/pages/1"
    stray.parent.mkdir(parents=True)
    stray.write_text("{}")
    with refreshes():
        call_command("public_rebuild", stdout=StringIO())
    assert not stray.exists()
    assert_published_as_answered(client, root)


def test_a_failed_write_after_the_commit_is_repaired_by_sync(
    platform, root, client, refreshes, monkeypatch
):
    """The disk failing cannot be had on demand: the writer is made to fail (the one stand-in
    of this module), after the database committed the change."""

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    item = platform["items"][0]
    page = fresh(item)
    page.title = "新闻零（更正）"
    monkeypatch.setattr(publication, "_write_bytes", full_disk)
    with refreshes():
        factories.publish_reviewed(page.save_revision())
        fresh(platform["items"][1]).unpublish()
    monkeypatch.undo()
    assert "新闻零（更正）" in PublicPage.objects.get(page_id=item.pk).detail_json
    detail = root / f"api/v1/sites/{platform['site'].pk}/pages/{item.pk}"
    assert "新闻零（更正）" not in detail.read_text()  # the file lags behind the commit

    out = StringIO()
    call_command("publication_sync", stdout=out)
    assert "新闻零（更正）" in detail.read_text()
    assert_published_as_answered(client, root)
    assert "已写入" in out.getvalue()


def test_sync_removes_stray_and_temporary_files(platform, root, client):
    site_pages = root / f"api/v1/sites/{platform['site'].pk}/pages"
    (site_pages / ".tmp-abc123").write_bytes(b"{")
    (site_pages / "424242").write_text("{}")
    (root / "api/v1/sites/777/pages").mkdir(parents=True)
    (root / "api/v1/sites/777/pages/1").write_text("{}")
    call_command("publication_sync", stdout=StringIO())
    assert not (root / "api/v1/sites/777").exists()
    assert_published_as_answered(client, root)


def test_sync_refuses_without_a_root(settings):
    settings.PUBLICATION_STATIC_ROOT = None
    with pytest.raises(CommandError):
        call_command("publication_sync", stdout=StringIO())


def test_off_by_default_nothing_is_written(settings, tmp_path, refreshes):
    settings.PUBLICATION_STATIC_ROOT = None
    office = factories.unit("某区政府办公室", kind=UnitKind.OFFICE)
    with refreshes():
        site = factories.site("某区人民政府", sponsor=office)
        factories.news(factories.column(site.root_page, "新闻", owner=office), "新闻")
    assert PublicPage.objects.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_site_row_taken_offline_by_the_tamper_check_takes_its_files(
    platform, root, client, refreshes
):
    """The tamper check removes a changed site row below the services (R36); the site's
    published files must not go on serving what it took offline."""
    from django.db import connection

    from publicapi.tamper import verify_publication

    site = platform["site"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PublicSite._meta.db_table} SET detail_json = replace(detail_json, %s, %s) "
            "WHERE site_id = %s",
            ["某区人民政府", "境外网站", site.pk],
        )
    with refreshes():
        verify_publication()
    for gone in ("index.json", "index.json.etag", "sitemap", "sitemap.etag"):
        assert not (root / f"api/v1/sites/{site.pk}/{gone}").exists(), gone
    assert client.get(f"/api/v1/sites/{site.pk}").status_code == 404
    # What stays is still what the API answers.
    for relative in files_under(root):
        if not relative.name.endswith(".etag"):
            response = client.get(publication.address_of(relative))
            assert (root / relative).read_bytes() == response.content, relative
