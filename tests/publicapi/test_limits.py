"""Numbers and dates at the edge of what a parameter can hold (issue 19, item 1): a clean Chinese
400 or 404 in the API's error shape, never a server error."""

import pytest

from .builders import one_news_site
from .conftest import module_data

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # more than 2^63
NEGATIVE_HUGE = "-99999999999999999999"


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    yield from module_data(django_db_blocker, one_news_site)


@pytest.mark.parametrize(
    "path",
    [
        "/sites/{huge}",
        "/sites/{huge}/sitemap",
        "/sites/{huge}/pages",
        "/sites/{huge}/find?path=/",
        "/sites/{huge}/archive",
        "/sites/{huge}/archive/calendar",
        "/sites/{huge}/search?q=会议",
        "/sites/{site}/pages/{huge}",
    ],
)
def test_an_id_beyond_64_bits_names_nothing(api, tree, path):
    body = api.json(path.format(huge=HUGE, site=tree["site"].pk), status=404)
    assert body["detail"] in ("站点不存在。", "页面不存在或未公开。")


@pytest.mark.parametrize("endpoint", ["/pages", "/archive", "/archive/calendar", "/search"])
@pytest.mark.parametrize("column", [HUGE, NEGATIVE_HUGE])
def test_a_column_beyond_64_bits_is_refused(api, tree, endpoint, column):
    params = {"column": column, "q": "会议"} if endpoint == "/search" else {"column": column}
    body = api.json(f"/sites/{tree['site'].pk}{endpoint}", params, status=400)
    assert set(body["fields"]) == {"column"}


@pytest.mark.parametrize(
    "params",
    [
        {"published_from": "0001-01-01"},
        {"published_to": "9999-12-31"},
        {"published_from": "0001-01-01", "published_to": "9999-12-31"},
    ],
)
def test_the_first_and_last_dates_bound_nothing(api, tree, params):
    site = tree["site"].pk
    assert api.listed_ids(site, **params) == api.listed_ids(site) == [tree["item"].pk]
