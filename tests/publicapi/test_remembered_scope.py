"""A column's listing is read on the scope (the column and the public columns below it) this
process read last for the column, checked in the same statement against the site's columns as
they are now (``publicapi.selectors.remembered_column_listing``). Whatever changed between two
readers, the second sees the column as it is: a new sub-column, one moved away, a renamed
column, a column no longer public."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

from .builders import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(refreshes):
    with refreshes():
        office = factories.unit("渭滨区人民政府办公室")
        site = factories.site("渭滨区人民政府", sponsor=office)
        xinwen = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
        dongtai = factories.column(xinwen, "工作动态", owner=office, slug="dongtai")
        tzgg = factories.column(site.root_page, "通知公告", owner=office, slug="tzgg")
        factories.news(xinwen, "要闻")
        factories.news(dongtai, "动态")
        factories.news(tzgg, "通知")
    return SimpleNamespace(office=office, site=site, xinwen=xinwen, dongtai=dongtai, tzgg=tzgg)


def listed(api, tree, column) -> tuple[list[str], int]:
    data = api.listing(tree.site.pk, column=column.pk)
    return sorted(item["title"] for item in data["items"]), data["count"]


def test_a_second_reading_is_one_statement(api, tree):
    with CaptureQueriesContext(connection) as first:
        api.listing(tree.site.pk, column=tree.xinwen.pk)
    with CaptureQueriesContext(connection) as second:
        again = api.listing(tree.site.pk, column=tree.xinwen.pk)
    assert len(first) == 2  # the scope, then the rows with their count
    assert len(second) == 1
    assert sorted(item["title"] for item in again["items"]) == ["动态", "要闻"]


def test_a_new_sub_column_is_listed(api, tree, refreshes):
    assert listed(api, tree, tree.xinwen) == (["动态", "要闻"], 2)
    with refreshes():
        photos = factories.column(fresh(tree.xinwen), "图片新闻", owner=tree.office, slug="tpxw")
        factories.news(photos, "图片")
    assert listed(api, tree, tree.xinwen) == (["动态", "图片", "要闻"], 3)


def test_a_sub_column_moved_away_leaves_the_listing(api, tree, refreshes):
    assert listed(api, tree, tree.xinwen) == (["动态", "要闻"], 2)
    with refreshes():
        fresh(tree.dongtai).move(fresh(tree.tzgg), pos="last-child")
    assert listed(api, tree, tree.xinwen) == (["要闻"], 1)
    assert listed(api, tree, tree.tzgg) == (["动态", "通知"], 2)


def test_a_renamed_column_lists_the_same(api, tree, refreshes):
    assert listed(api, tree, tree.xinwen) == (["动态", "要闻"], 2)
    column = fresh(tree.xinwen)
    column.slug = "xwzx"
    with refreshes():
        factories.publish_reviewed(column.save_revision())
    assert listed(api, tree, tree.xinwen) == (["动态", "要闻"], 2)
    assert listed(api, tree, tree.dongtai) == (["动态"], 1)


def test_a_column_no_longer_public_is_refused(api, tree, refreshes):
    assert listed(api, tree, tree.dongtai) == (["动态"], 1)
    with refreshes():
        fresh(tree.dongtai).unpublish()
    refused = api.listing(tree.site.pk, column=tree.dongtai.pk, status=400)
    assert "column" in refused["fields"]
