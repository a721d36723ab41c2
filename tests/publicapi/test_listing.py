"""The listing of a site's items: filters, pagination, ordering, and refused parameters."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.utils.translation import gettext
from wagtail.models import Page, PageViewRestriction, Revision

from cms.content.models import NoticePage, ResponsePage, TopicPage
from publicapi import schemas
from publicapi.models import PublicPage, PublicSite
from tests import factories

from .builders import fresh, published_at, restrict
from .conftest import module_data

pytestmark = pytest.mark.django_db

INVALID = "Invalid request parameters."


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def build() -> dict:
    office = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=office)
    other = factories.site("金台区人民政府")
    t = {"site": site, "other": other}

    def column(parent, title, slug):
        return factories.column(parent, title, owner=office, slug=slug)

    t["xinwen"] = column(site.root_page, "新闻", "xinwen")
    t["dongtai"] = column(t["xinwen"], "工作动态", "dongtai")
    t["tzgg"] = column(site.root_page, "通知公告", "tzgg")
    t["ztzl"] = column(site.root_page, "专题专栏", "ztzl")
    t["hdjl"] = column(site.root_page, "回应关切", "hdjl")
    # A sibling whose path starts like another column's: /xinwen2/ is not below /xinwen/.
    t["xinwen2"] = column(site.root_page, "新闻二", "xinwen2")
    t["yaowen"] = column(other.root_page, "要闻", "yaowen")

    # Publication times in UTC; the comments give the day in Asia/Shanghai (UTC+8).
    t["n1"] = published_at(utc(2026, 2, 28, 15, 59, 59), t["dongtai"], "二月最后一刻")  # 02-28
    t["n2"] = published_at(utc(2026, 2, 28, 16, 0, 0), t["xinwen"], "三月第一刻")  # 03-01
    t["n3"] = published_at(
        utc(2026, 3, 1, 15, 59, 59, 999000), t["tzgg"], "三月一日最后的通知", page_class=NoticePage
    )  # 03-01
    t["n4"] = published_at(utc(2026, 3, 1, 16, 0, 0), t["dongtai"], "三月二日零点")  # 03-02
    t["n5"] = published_at(utc(2026, 3, 5, 2, 0), t["ztzl"], "专题", page_class=TopicPage)
    t["n6"] = published_at(  # the same instant as n5: the higher id comes first
        utc(2026, 3, 5, 2, 0), t["hdjl"], "回应", page_class=ResponsePage, concern="群众关切"
    )
    t["n7"] = published_at(utc(2026, 3, 10, 1, 0), t["dongtai"], "三月十日")
    t["n8"] = published_at(utc(2026, 3, 11, 1, 0), t["xinwen2"], "新闻二的新闻")
    t["elsewhere"] = published_at(utc(2026, 3, 1, 4, 0), t["yaowen"], "金台区的新闻")
    return t


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    yield from module_data(django_db_blocker, build)


def ids(tree, *names) -> list[int]:
    return [tree[name].pk for name in names]


NEWEST_FIRST = ["n8", "n7", "n6", "n5", "n4", "n3", "n2", "n1"]


def test_the_listing_holds_the_site_items_newest_first(api, tree):
    data = api.listing(tree["site"].pk)
    assert (data["count"], data["page"], data["page_size"], data["num_pages"]) == (8, 1, 20, 1)
    assert [item["id"] for item in data["items"]] == ids(tree, *NEWEST_FIRST)
    assert tree["n6"].pk > tree["n5"].pk
    first = data["items"][0]
    assert first["column"] == {"id": tree["xinwen2"].pk, "title": "新闻二"}
    assert first["published_at"] == "2026-03-11T09:00:00+08:00"
    assert {item["type"] for item in data["items"]} == {"news", "notice", "topic", "response"}


def test_columns_are_not_items(api, tree):
    listed = set(api.listed_ids(tree["site"].pk))
    columns = {tree[name].pk for name in ("xinwen", "dongtai", "tzgg", "ztzl", "hdjl")}
    assert not listed & (columns | {tree["site"].root_page_id})
    assert PublicPage.objects.filter(page_id__in=columns).count() == len(columns)


@pytest.mark.parametrize(
    "column, expected",
    [
        ("xinwen", ["n7", "n4", "n2", "n1"]),  # with its sub-column 工作动态
        ("dongtai", ["n7", "n4", "n1"]),
        ("tzgg", ["n3"]),
        ("xinwen2", ["n8"]),
    ],
)
def test_filter_by_column_includes_sub_columns(api, tree, column, expected):
    assert api.listed_ids(tree["site"].pk, column=tree[column].pk) == ids(tree, *expected)


@pytest.mark.parametrize(
    "item_type, expected",
    [
        ("news", ["n8", "n7", "n4", "n2", "n1"]),
        ("notice", ["n3"]),
        ("topic", ["n5"]),
        ("response", ["n6"]),
    ],
)
def test_filter_by_type(api, tree, item_type, expected):
    data = api.listing(tree["site"].pk, type=item_type)
    assert [item["id"] for item in data["items"]] == ids(tree, *expected)
    assert data["count"] == len(expected)
    assert {item["type"] for item in data["items"]} == {item_type}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"published_from": "2026-03-01", "published_to": "2026-03-01"}, ["n3", "n2"]),
        ({"published_from": "2026-03-02"}, ["n8", "n7", "n6", "n5", "n4"]),
        ({"published_to": "2026-02-28"}, ["n1"]),
        ({"published_from": "2026-02-28", "published_to": "2026-03-01"}, ["n3", "n2", "n1"]),
        ({"published_from": "2026-03-05", "published_to": "2026-03-05"}, ["n6", "n5"]),
        ({"published_from": "2026-03-06", "published_to": "2026-03-09"}, []),
        ({"published_from": "2026-03-01", "published_to": "2026-03-02"}, ["n4", "n3", "n2"]),
    ],
)
def test_filter_by_published_days_in_shanghai_inclusive(api, tree, params, expected):
    assert api.listed_ids(tree["site"].pk, **params) == ids(tree, *expected)


def test_filters_combine(api, tree):
    listed = api.listed_ids(
        tree["site"].pk,
        column=tree["xinwen"].pk,
        type="news",
        published_from="2026-03-01",
        published_to="2026-03-09",
    )
    assert listed == ids(tree, "n4", "n2")


def test_pagination_walks_the_whole_listing_once(api, tree):
    seen = []
    for number in (1, 2, 3):
        data = api.listing(tree["site"].pk, page=number, page_size=3)
        assert (data["count"], data["page"], data["page_size"], data["num_pages"]) == (
            8,
            number,
            3,
            3,
        )
        seen += [item["id"] for item in data["items"]]
    assert seen == ids(tree, *NEWEST_FIRST)
    beyond = api.listing(tree["site"].pk, page=4, page_size=3)
    assert (beyond["count"], beyond["num_pages"], beyond["items"]) == (8, 3, [])


def test_an_empty_listing_has_one_page(api, tree):
    data = api.listing(tree["site"].pk, published_from="2030-01-01")
    assert (data["count"], data["page"], data["num_pages"], data["items"]) == (0, 1, 1, [])


def test_page_size_up_to_the_maximum(api, tree):
    maximum = settings.PUBLICAPI_MAX_PAGE_SIZE
    data = api.listing(tree["site"].pk, page_size=maximum)
    assert (data["page_size"], data["count"], len(data["items"])) == (maximum, 8, 8)
    assert api.listing(tree["site"].pk, page_size=1)["num_pages"] == 8
    refused = api.listing(tree["site"].pk, page_size=maximum + 1, status=400)
    assert refused["fields"] == {
        "page_size": gettext("Must be at most %(limit)s.") % {"limit": maximum}
    }


def test_a_new_item_goes_first_and_an_update_keeps_the_place(api, tree, refreshes):
    with refreshes():
        newest = factories.news(fresh(tree["tzgg"]), "刚刚发布的新闻")
    assert api.listed_ids(tree["site"].pk)[:2] == [newest.pk, tree["n8"].pk]
    with refreshes():
        n1 = fresh(tree["n1"])
        n1.title = "二月最后一刻（更正）"
        factories.publish_reviewed(n1.save_revision())
    data = api.listing(tree["site"].pk, page_size=100)
    assert [item["id"] for item in data["items"]][-1] == tree["n1"].pk
    assert data["items"][-1]["title"] == "二月最后一刻（更正）"
    assert data["items"][-1]["published_at"] == "2026-02-28T23:59:59+08:00"


def test_a_column_that_is_not_public_refuses_the_filter(api, tree, refreshes):
    with refreshes():
        restrict(fresh(tree["tzgg"]), PageViewRestriction.LOGIN)
    body = api.listing(tree["site"].pk, column=tree["tzgg"].pk, status=400)
    assert body["fields"] == {"column": gettext("No public column with this id on this site.")}
    assert tree["n3"].pk not in api.listed_ids(tree["site"].pk)


# Refused parameters: a 400 (or 404 for a site) naming each field, and nothing changes.


def _choices() -> str:
    return ", ".join(repr(choice) for choice in schemas.ItemType.__args__)


BAD_PARAMETERS = [
    ({"page": "0"}, {"page": ("Must be at least %(limit)s.", {"limit": 1})}),
    ({"page": "-3"}, {"page": ("Must be at least %(limit)s.", {"limit": 1})}),
    ({"page": "10001"}, {"page": ("Must be at most %(limit)s.", {"limit": 10_000})}),
    ({"page": "abc"}, {"page": ("Must be a whole number.", None)}),
    ({"page_size": "0"}, {"page_size": ("Must be at least %(limit)s.", {"limit": 1})}),
    (
        {"page_size": "1000"},
        {"page_size": ("Must be at most %(limit)s.", {"limit": settings.PUBLICAPI_MAX_PAGE_SIZE})},
    ),
    ({"page_size": "2.5"}, {"page_size": ("Must be a whole number.", None)}),
    ({"type": "bogus"}, {"type": ("Must be one of: %(choices)s.", "choices")}),
    ({"type": "column"}, {"type": ("Must be one of: %(choices)s.", "choices")}),
    (
        {"published_from": "2026-13-01"},
        {"published_from": ("Must be a date in the form YYYY-MM-DD.", None)},
    ),
    (
        {"published_to": "2026-02-30"},
        {"published_to": ("Must be a date in the form YYYY-MM-DD.", None)},
    ),
    (
        {"published_to": "yesterday"},
        {"published_to": ("Must be a date in the form YYYY-MM-DD.", None)},
    ),
    ({"column": "xinwen"}, {"column": ("Must be a whole number.", None)}),
    (
        {"published_from": "2026-03-02", "published_to": "2026-03-01"},
        {"published_from": ("The start date is after the end date.", None)},
    ),
    (
        {"page": "0", "page_size": "1000", "type": "bogus", "published_from": "2026-13-01"},
        {
            "page": ("Must be at least %(limit)s.", {"limit": 1}),
            "page_size": (
                "Must be at most %(limit)s.",
                {"limit": settings.PUBLICAPI_MAX_PAGE_SIZE},
            ),
            "type": ("Must be one of: %(choices)s.", "choices"),
            "published_from": ("Must be a date in the form YYYY-MM-DD.", None),
        },
    ),
]


def _rendered(msgid: str, values) -> str:
    if values == "choices":
        values = {"choices": _choices()}
    return gettext(msgid) % values if values else gettext(msgid)


def read_model_state():
    return (
        sorted(PublicPage.objects.values_list("page_id", "etag", "updated_at")),
        sorted(PublicSite.objects.values_list("site_id", "etag", "updated_at")),
        Page.objects.count(),
        Revision.objects.count(),
    )


@pytest.mark.parametrize("params, fields", BAD_PARAMETERS)
def test_bad_parameters_are_refused_field_by_field(api, tree, params, fields):
    before = read_model_state()
    body = api.listing(tree["site"].pk, status=400, **params)
    assert body["detail"] == gettext(INVALID)
    assert body["fields"] == {
        name: _rendered(msgid, values) for name, (msgid, values) in fields.items()
    }
    assert read_model_state() == before


@pytest.mark.parametrize("column", ["yaowen", "n2", "site_root", "missing"])
def test_a_column_must_be_a_public_column_of_this_site(api, tree, column):
    column_id = {
        "site_root": tree["site"].root_page_id,
        "missing": Page.objects.order_by("-pk").first().pk + 1000,
    }.get(column) or tree[column].pk
    before = read_model_state()
    body = api.listing(tree["site"].pk, column=column_id, status=400)
    assert body == {
        "detail": gettext(INVALID),
        "fields": {"column": gettext("No public column with this id on this site.")},
    }
    assert read_model_state() == before


def test_a_site_that_does_not_exist(api, tree):
    missing = max(tree["site"].pk, tree["other"].pk) + 100
    before = read_model_state()
    for path in (
        f"/sites/{missing}",
        f"/sites/{missing}/sitemap",
        f"/sites/{missing}/pages",
    ):
        body = api.json(path, {"page": 1}, status=404)
        assert body == {
            "detail": gettext("No such site."),
            "fields": {"site_id": gettext("No such site.")},
        }
    body = api.json("/sites/abc/pages", status=400)
    assert body["fields"] == {"site_id": gettext("Must be a whole number.")}
    assert read_model_state() == before
