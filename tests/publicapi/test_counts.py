"""The read model's stored counts (publicapi.counts) stay exact whatever changes the rows.

Each step commits (``transaction=True``), so the refreshes run from ``transaction.on_commit``
as after an admin request; after each, every stored count is compared with a real COUNT over
the rows, and the listings' counts with the rows they list.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from archive.filing import file_pages, restore
from archive.models import ArchiveReason
from cms.content.models import NoticePage
from editorial.takedown import take_down_by_platform
from publicapi import counts
from publicapi.models import CURRENT, PublicCount, PublicPage
from tests import factories

from .builders import fresh

# serialized_rollback: a transactional test empties the database when it ends; this brings back
# what the migrations created (the tree root, the default collection) before each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def assert_exact(api, site_ids, columns=()) -> None:
    """Stored counts equal real ones, and every listing's count is the number of its rows."""
    assert counts.drift() == {}
    for site_id in site_ids:
        rows = PublicPage.objects.filter(CURRENT, site_id=site_id, is_item=True)
        assert api.listing(site_id, page_size=100)["count"] == rows.count()
        for item_type in ("news", "notice"):
            found = api.listing(site_id, type=item_type, page_size=100)
            assert found["count"] == rows.filter(type=item_type).count() == len(found["items"])
        for column in columns:
            if PublicPage.objects.filter(CURRENT, site_id=site_id, page_id=column.pk).exists():
                found = api.listing(site_id, column=column.pk, page_size=100)
                assert found["count"] == len(found["items"])


def test_the_counts_follow_every_change(api):
    office = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=office)
    other = factories.site("金台区人民政府")
    xinwen = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
    dongtai = factories.column(xinwen, "工作动态", owner=office, slug="dongtai")
    tzgg = factories.column(site.root_page, "通知公告", owner=office, slug="tzgg")
    yaowen = factories.column(other.root_page, "要闻", owner=office, slug="yaowen")
    columns = (xinwen, dongtai, tzgg, yaowen)
    sites = (site.pk, other.pk)
    # Publish.
    news = [factories.news(dongtai if n % 2 else xinwen, f"新闻{n}") for n in range(5)]
    notices = [factories.news(tzgg, f"通知{n}", page_class=NoticePage) for n in range(3)]
    factories.news(yaowen, "金台区新闻")
    assert_exact(api, sites, columns)
    assert api.listing(site.pk, column=xinwen.pk)["count"] == 5
    assert PublicCount.objects.filter(site_id=site.pk, type="news", archived=False).count() == 2

    # Unpublish one item.
    fresh(news[0]).unpublish()
    assert_exact(api, sites, columns)
    assert api.listing(site.pk, type="news")["count"] == 4

    # Take a column down with what is below it; publish it again.
    take_down_by_platform(fresh(dongtai), reason="内容待核实")
    assert_exact(api, sites, columns)
    assert api.listing(site.pk, column=xinwen.pk)["count"] == 2
    factories.publish_reviewed(fresh(dongtai).get_latest_revision())
    for item in news[1::2]:
        factories.publish_reviewed(fresh(item).get_latest_revision())
    assert_exact(api, sites, columns)
    assert api.listing(site.pk, column=xinwen.pk)["count"] == 4

    # File items (out of the listings, into the archive's counts), then restore one.
    file_pages([notices[0].pk, notices[1].pk], reason=ArchiveReason.AGED)
    assert_exact(api, sites, columns)
    assert api.listing(site.pk, type="notice")["count"] == 1
    assert PublicCount.objects.get(site_id=site.pk, type="notice", archived=True).count == 2
    restore(fresh(notices[0]), user=factories.superuser(), reason="误归档")
    assert_exact(api, sites, columns)
    assert api.listing(site.pk, type="notice")["count"] == 2

    # Move an item to another column, then a column with its items to another site.
    fresh(news[2]).move(fresh(tzgg), pos="last-child")
    assert_exact(api, sites, columns)
    assert api.listing(site.pk, column=tzgg.pk)["count"] == 3
    fresh(tzgg).move(fresh(other.root_page), pos="last-child")
    assert_exact(api, sites, columns)
    assert api.listing(other.pk)["count"] == 4
    assert api.listing(site.pk)["count"] == 3

    # Delete an item, then a column with everything below it.
    fresh(news[4]).delete()
    assert_exact(api, sites, columns)
    fresh(xinwen).delete()
    assert_exact(api, sites, (tzgg, yaowen))
    assert api.listing(site.pk)["count"] == 0


def test_counts_are_taken_again_by_the_command_and_the_triggers_are_in_place(api):
    office = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=office)
    column = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
    for n in range(3):
        factories.news(column, f"新闻{n}")
    assert counts.installed()
    # Counts damaged behind the platform's back: the command counts the rows again.
    PublicCount.objects.update(count=99)
    assert counts.drift() != {}
    out = StringIO()
    call_command("public_counts", stdout=out)
    assert counts.drift() == {}
    assert api.listing(site.pk)["count"] == 3
    assert out.getvalue().strip()


def test_a_statement_writing_many_rows_counts_them_once_each(api):
    """The archive files rows in bulk (raw SQL on PostgreSQL); any statement is counted."""
    office = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=office)
    column = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
    items = [factories.news(column, f"新闻{n}") for n in range(4)]
    table = PublicPage._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET archived_at = CURRENT_TIMESTAMP WHERE page_id IN (%s, %s, %s)",
            [item.pk for item in items[:3]],
        )
    assert counts.drift() == {}
    assert api.listing(site.pk)["count"] == 1
    PublicPage.objects.filter(page_id__in=[item.pk for item in items]).delete()
    assert counts.drift() == {}
    assert api.listing(site.pk)["count"] == 0


def test_the_generators_bulk_rows_are_counted(api):
    """The demo and the benchmark write rows with COPY (PostgreSQL) or executemany (SQLite),
    past every Python path of ours: the triggers count them all the same."""
    from bench.generate import generate_platform

    platform = generate_platform(sites=2, pages=120, seed=1)
    assert counts.drift() == {}
    for site_id in platform.site_ids:
        rows = PublicPage.objects.filter(CURRENT, site_id=site_id, is_item=True)
        assert api.listing(site_id)["count"] == rows.count() > 0
