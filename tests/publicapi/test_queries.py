"""The API reads stored JSON: a fixed number of queries, whatever the size of the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.content.models import NoticePage
from tests import factories

from .builders import relative_path
from .conftest import module_data

pytestmark = pytest.mark.django_db

PAGE_SIZE = 50


def build() -> dict:
    office = factories.unit("渭滨区人民政府办公室")
    sites = {}
    for name, count in (("small", 5), ("big", 60)):
        site = factories.site(f"{name}站点", sponsor=office)
        news = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
        sub = factories.column(news, "工作动态", owner=office, slug="dongtai")
        items = []
        for number in range(count):
            parent = sub if number % 2 else news
            page_class = NoticePage if number % 3 == 0 else None
            extra = {"page_class": page_class} if page_class else {}
            items.append(factories.news(parent, f"{name}第{number}条", **extra))
        sites[name] = {"site": site, "news": news, "items": items}
    return sites


@pytest.fixture(scope="module")
def sites(django_db_setup, django_db_blocker):
    yield from module_data(django_db_blocker, build)


def count_queries(client, url, params=None) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(queries), response.json()


LISTINGS = [
    ({}, 1),  # the page of rows, with the stored count read in the same query
    ({"type": "news", "published_from": "2000-01-01", "published_to": "2100-12-31"}, 2),
    ({"type": "news", "published_from": "2026-01-01"}, 2),  # days: the rows are counted
    ({"column": "news"}, 2),  # and the site's columns
]


@pytest.mark.parametrize("params, expected", LISTINGS)
def test_listing_5_or_60_items_runs_the_same_queries(api, client, sites, params, expected):
    counts = {}
    for name in ("small", "big"):
        site = sites[name]
        query = {**params, "page_size": PAGE_SIZE}
        if "column" in query:
            query["column"] = site["news"].pk
        counts[name], data = count_queries(client, f"/api/v1/sites/{site['site'].pk}/pages", query)
        api.listing(site["site"].pk, **query)  # the same request, checked against the contract
        assert len(data["items"]) == min(PAGE_SIZE, data["count"])
    assert counts == {"small": expected, "big": expected}


def test_the_big_site_really_fills_a_page(api, sites):
    data = api.listing(sites["big"]["site"].pk, page_size=PAGE_SIZE)
    assert (data["count"], data["num_pages"], len(data["items"])) == (60, 2, PAGE_SIZE)
    second = api.listing(sites["big"]["site"].pk, page_size=PAGE_SIZE, page=2)
    assert len(second["items"]) == 10


def test_every_other_route_runs_one_query(api, sites, django_assert_num_queries):
    site = sites["big"]["site"]
    item = sites["big"]["items"][7]
    routes = [
        ("/api/v1/sites", {}),
        (f"/api/v1/sites/{site.pk}", {}),
        (f"/api/v1/sites/{site.pk}/sitemap", {}),
        (f"/api/v1/sites/{site.pk}/pages/{item.pk}", {}),
        (f"/api/v1/sites/{site.pk}/find", {"path": relative_path(item, site)}),
    ]
    for url, params in routes:
        with django_assert_num_queries(1):
            response = api.get(url, params)
        assert response.status_code == 200
    detail = api.detail(site.pk, item.pk)
    assert detail["title"] == "big第7条"
    assert api.find(site.pk, detail["url_path"])["id"] == item.pk


def test_refused_requests_are_cheap_too(client, sites, django_assert_max_num_queries):
    site = sites["big"]["site"]
    with django_assert_max_num_queries(1):
        assert client.get(f"/api/v1/sites/{site.pk}/pages", {"page": 0}).status_code == 400
    with django_assert_max_num_queries(2):  # the (empty) count, then whether the site exists
        assert client.get(f"/api/v1/sites/{site.pk + 999}/pages").status_code == 404
