"""Keyset pagination: ``next_cursor`` walks a listing as page numbers do, and a cursor that
this listing did not give is refused in the API's error shape, in Chinese."""

import pytest
from django.utils.translation import gettext

from publicapi import cursors
from publicapi.selectors import Position

from .conftest import module_data
from .test_listing import NEWEST_FIRST, build, ids

pytestmark = pytest.mark.django_db

NOT_THIS_LISTING = (
    "This cursor was not given by this listing (the same filters and page size): "
    "start again from the first page."
)


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    yield from module_data(django_db_blocker, build)


def walk(api, site_id: int, **params) -> list[dict]:
    pages = [api.listing(site_id, **params)]
    while pages[-1]["next_cursor"] is not None:
        pages.append(api.listing(site_id, **params, cursor=pages[-1]["next_cursor"]))
    return pages


def test_cursors_walk_the_listing_as_page_numbers_do(api, tree):
    site = tree["site"].pk
    by_cursor = walk(api, site, page_size=3)
    assert [page["page"] for page in by_cursor] == [1, 2, 3]
    assert {(page["count"], page["num_pages"]) for page in by_cursor} == {(8, 3)}
    for page in by_cursor:
        numbered = api.listing(site, page=page["page"], page_size=3)
        assert page["items"] == numbered["items"]
    seen = [item["id"] for page in by_cursor for item in page["items"]]
    assert seen == ids(tree, *NEWEST_FIRST)


def test_rows_published_at_the_same_instant_are_neither_lost_nor_repeated(api, tree):
    # n5 and n6 share their instant; a page of one ends between them.
    pages = walk(api, tree["site"].pk, page_size=1)
    assert [page["items"][0]["id"] for page in pages] == ids(tree, *NEWEST_FIRST)


def test_cursors_keep_the_filters(api, tree):
    site = tree["site"].pk
    pages = walk(api, site, column=tree["xinwen"].pk, page_size=2)
    seen = [item["id"] for page in pages for item in page["items"]]
    assert seen == ids(tree, "n7", "n4", "n2", "n1")
    pages = walk(api, site, published_from="2026-03-01", published_to="2026-03-05", page_size=2)
    seen = [item["id"] for page in pages for item in page["items"]]
    assert seen == ids(tree, "n6", "n5", "n4", "n3", "n2")


def test_a_new_item_does_not_shift_the_next_page(api, tree, refreshes):
    from .builders import published_at
    from .test_listing import utc

    site = tree["site"].pk
    first = api.listing(site, page_size=3)
    with refreshes():
        published_at(utc(2026, 4, 1), tree["dongtai"], "更新的新闻")
    second = api.listing(site, page_size=3, cursor=first["next_cursor"])
    # Page numbers would show n6 again (everything moved down one); the cursor goes on after n6.
    assert [item["id"] for item in second["items"]] == ids(tree, "n5", "n4", "n3")
    assert second["count"] == 9


def test_the_last_page_has_no_next_cursor(api, tree):
    assert api.listing(tree["site"].pk, page_size=8)["next_cursor"] is None
    assert api.listing(tree["site"].pk, page_size=3, page=3)["next_cursor"] is None
    assert api.listing(tree["other"].pk, column=tree["yaowen"].pk)["next_cursor"] is None


def refused(api, site_id: int, **params) -> dict:
    data = api.listing(site_id, status=400, **params)
    assert data["detail"] == gettext("Invalid request parameters.") == "请求参数无效。"
    return data["fields"]


def test_a_cursor_of_another_listing_is_refused(api, tree):
    site = tree["site"].pk
    token = api.listing(site, page_size=3)["next_cursor"]
    for other in ({"page_size": 4}, {"type": "news", "page_size": 3}):
        fields = refused(api, site, cursor=token, **other)
        assert fields == {"cursor": gettext(NOT_THIS_LISTING)}
        assert fields["cursor"].startswith("此游标")
    other_site = tree["other"].pk
    assert refused(api, other_site, cursor=token, page_size=3) == {
        "cursor": gettext(NOT_THIS_LISTING)
    }


def test_an_altered_or_made_up_cursor_is_refused(api, tree):
    site = tree["site"].pk
    token = api.listing(site, page_size=3)["next_cursor"]
    listing = cursors.scope(site, None, None, None, None, None, 3)
    payload, signature = token.rsplit(":", 1)
    forged = cursors.encode(2, Position(tree["n1"].first_published_at, tree["n1"].pk), listing)
    for bad in (
        f"{payload}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        forged.rsplit(":", 1)[0] + ":" + signature,
        "abc",
        "a" * 200,
    ):
        assert refused(api, site, cursor=bad, page_size=3) == {"cursor": gettext(NOT_THIS_LISTING)}
    assert set(refused(api, site, cursor="a" * 201, page_size=3)) == {"cursor"}
    assert set(refused(api, site, cursor="页码", page_size=3)) == {"cursor"}


def test_page_and_cursor_together_are_refused(api, tree):
    site = tree["site"].pk
    token = api.listing(site, page_size=3)["next_cursor"]
    fields = refused(api, site, cursor=token, page=2, page_size=3)
    assert fields == {"cursor": gettext("Give either page or cursor, not both.")}
    assert fields["cursor"] != "Give either page or cursor, not both."


def test_a_deep_page_by_cursor_reads_the_same_queries_as_the_first(
    api, tree, django_assert_num_queries
):
    site = tree["site"].pk
    token = api.listing(site, page_size=1, page=1)["next_cursor"]
    with django_assert_num_queries(1):  # the rows after the cursor, with the stored count
        api.client.get(f"/api/v1/sites/{site}/pages", {"page_size": 1, "cursor": token})
