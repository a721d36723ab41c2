"""Parameters are read as the OpenAPI document describes them, and nothing looser (issue 19,
item 6): what the schema does not allow is refused with a Chinese 400 naming the field, and
what the schema allows is not refused for its form."""

import pytest

from .builders import one_news_site
from .conftest import module_data

pytestmark = pytest.mark.django_db

WHOLE_NUMBER = "必须为整数。"
DATE = "必须为日期，格式为 YYYY-MM-DD。"
LISTINGS = ["/pages", "/archive", "/search"]


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    yield from module_data(django_db_blocker, one_news_site)


def _get(api, tree, endpoint: str, params: dict, status: int = 200) -> dict:
    if endpoint == "/search":
        params = {"q": "会议", **params}
    return api.json(f"/sites/{tree['site'].pk}{endpoint}", params, status=status)


@pytest.mark.parametrize("endpoint", LISTINGS)
@pytest.mark.parametrize("value", ["1_0", "+1", " 1", "1.0", "1e1", "０１"])
def test_a_page_number_is_decimal_digits(api, tree, endpoint, value):
    body = _get(api, tree, endpoint, {"page": value}, status=400)
    assert body["fields"] == {"page": WHOLE_NUMBER}
    body = _get(api, tree, endpoint, {"page_size": value}, status=400)
    assert body["fields"] == {"page_size": WHOLE_NUMBER}


@pytest.mark.parametrize("endpoint", ["/pages", "/archive", "/archive/calendar", "/search"])
def test_a_column_id_is_decimal_digits_and_positive(api, tree, endpoint):
    assert _get(api, tree, endpoint, {"column": "1_0"}, status=400)["fields"] == {
        "column": WHOLE_NUMBER
    }
    for value in ("0", "-3"):
        body = _get(api, tree, endpoint, {"column": value}, status=400)
        assert body["fields"] == {"column": "不能小于 1。"}


def test_the_archive_year_and_month_are_decimal_digits(api, tree):
    site = tree["site"].pk
    body = api.json(f"/sites/{site}/archive", {"year": "2_020"}, status=400)
    assert body["fields"] == {"year": WHOLE_NUMBER}
    body = api.json(f"/sites/{site}/archive/calendar", {"year": "2020", "month": "0_3"}, status=400)
    assert body["fields"] == {"month": WHOLE_NUMBER}


@pytest.mark.parametrize("field", ["published_from", "published_to"])
@pytest.mark.parametrize(
    "value", ["2024-01-01T00:00:00", "2024-01-01 00:00", "20240101", "1704067200", "2024-1-1"]
)
def test_a_date_is_a_date_without_time(api, tree, field, value):
    body = api.listing(tree["site"].pk, status=400, **{field: value})
    assert body["fields"] == {field: DATE}


def test_what_the_schema_allows_is_read(api, tree):
    site, item = tree["site"].pk, tree["item"].pk
    assert api.listed_ids(site, page="01", published_from="2000-01-01") == [item]
    assert api.listed_ids(site, column=tree["column"].pk) == [item]


def test_the_document_says_what_is_refused(client):
    document = client.get("/api/v1/openapi.json").json()
    for path in ("/pages", "/archive", "/archive/calendar", "/search"):
        parameters = {
            p["name"]: p
            for p in document["paths"][f"/api/v1/sites/{{site_id}}{path}"]["get"]["parameters"]
        }
        column = parameters["column"]["schema"]
        column = next(option for option in column.get("anyOf", [column]) if "type" in option)
        assert column["minimum"] == 1, path
        assert "400" in document["paths"][f"/api/v1/sites/{{site_id}}{path}"]["get"]["responses"]
    archive = document["paths"]["/api/v1/sites/{site_id}/archive"]["get"]["parameters"]
    month = next(p for p in archive if p["name"] == "month")
    assert "without a year is refused" in month["description"]
