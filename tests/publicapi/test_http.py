"""HTTP behaviour: read-only methods, HEAD, and conditional requests with ETag/Last-Modified."""

import json

import pytest
from django.conf import settings
from django.utils.http import http_date, parse_http_date
from wagtail.models import Page, Revision

from publicapi import services
from publicapi.models import PublicPage, PublicSite
from tests import factories

from .builders import fresh, relative_path
from .conftest import module_data
from .contract import ENDPOINTS, PREFIX

pytestmark = pytest.mark.django_db

WRITES = ["post", "put", "patch", "delete"]
EXTRA = ["/openapi.json"] + (["/docs"] if settings.PUBLICAPI_DOCS_ENABLED else [])


def build() -> dict:
    office = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=office)
    column = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
    return {
        "site": site,
        "column": column,
        "item": factories.news(column, "区政府召开常务会议"),
        "sibling": factories.news(column, "区长调研"),
    }


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    yield from module_data(django_db_blocker, build)


def url(tree, endpoint: str) -> str:
    return PREFIX + endpoint.format(site=tree["site"].pk, page=tree["item"].pk)


def everything():
    return (
        sorted(PublicPage.objects.values_list("page_id", "etag", "updated_at", "detail_json")),
        sorted(PublicSite.objects.values_list("site_id", "etag", "updated_at")),
        sorted(Page.objects.values_list("pk", "title", "live", "path")),
        Revision.objects.count(),
    )


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "superuser"])
@pytest.mark.parametrize("endpoint", ENDPOINTS + EXTRA)
def test_writes_are_refused_everywhere_and_change_nothing(client, tree, endpoint, signed_in):
    if signed_in:
        client.force_login(factories.superuser())
    before = everything()
    payload = json.dumps({"title": "篡改", "live": False})
    for method in WRITES:
        response = getattr(client, method)(url(tree, endpoint), payload, "application/json")
        assert response.status_code == 405, (method, endpoint, response.status_code)
        assert sorted(response["Allow"].replace(" ", "").split(",")) == ["GET", "HEAD"]
    assert everything() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS + EXTRA)
def test_get_and_head_work(api, client, tree, endpoint):
    path = url(tree, endpoint)
    # The API's own routes go through ``api``, which checks each body against the contract.
    get = api.get(path) if endpoint in ENDPOINTS else client.get(path)
    head = api.head(path) if endpoint in ENDPOINTS else client.head(path)
    assert (get.status_code, head.status_code) == (200, 200)
    assert get.content
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert head.get("ETag") == get.get("ETag")


def conditional_urls(tree) -> list[str]:
    site, item = tree["site"].pk, tree["item"].pk
    return [
        f"/sites/{site}/pages/{item}",
        f"/sites/{site}/find?path={relative_path(tree['item'], tree['site'])}",
        f"/sites/{site}",
        f"/sites/{site}/sitemap",
        "/sites",
    ]


def test_etag_and_last_modified_on_detail_site_and_sitemap(api, tree):
    page_row = PublicPage.objects.get(page_id=tree["item"].pk)
    site_row = PublicSite.objects.get(site_id=tree["site"].pk)
    expected = [page_row, page_row, site_row, site_row]
    for path, row in zip(conditional_urls(tree)[:4], expected, strict=True):
        response = api.get(path)
        assert response["ETag"] == f'"{row.etag}"'
        assert response["Last-Modified"] == http_date(row.updated_at.timestamp())
        assert response["Cache-Control"] == "public, max-age=0, must-revalidate"
    item = fresh(tree["item"])
    last_modified = api.get(conditional_urls(tree)[0])["Last-Modified"]
    assert parse_http_date(last_modified) == int(item.last_published_at.timestamp())


def test_the_site_list_has_an_etag_that_follows_its_sites(api, tree):
    """A frontend revalidates the list of sites for a 304 instead of fetching it whole; the
    ETag changes when any site's public text does, Last-Modified is the latest change."""
    first = api.get("/sites")
    rows = PublicSite.objects.all()
    assert first["Last-Modified"] == http_date(max(row.updated_at for row in rows).timestamp())
    api.get("/sites", status=304, If_None_Match=first["ETag"])
    row = PublicSite.objects.get(site_id=tree["site"].pk)
    PublicSite.objects.filter(pk=row.pk).update(listing_json=row.listing_json.replace("}", " }"))
    changed = api.get("/sites")
    assert changed["ETag"] != first["ETag"]
    PublicSite.objects.filter(pk=row.pk).update(listing_json=row.listing_json)


@pytest.mark.parametrize("form", ["exact", "weak", "listed", "star"])
def test_if_none_match_with_the_etag_gives_304(api, tree, form):
    for path in conditional_urls(tree):
        etag = api.get(path)["ETag"]
        header = {
            "exact": etag,
            "weak": f"W/{etag}",
            "listed": f'"0000", {etag}',
            "star": "*",
        }[form]
        response = api.get(path, status=304, If_None_Match=header)
        assert response.content == b""
        assert response["ETag"] == etag
        api.head(path, status=304, If_None_Match=header)


def test_another_etag_gives_the_body(api, tree):
    for path in conditional_urls(tree):
        response = api.get(path, If_None_Match='"0123456789abcdef"')
        assert json.loads(response.content)


def test_the_listing_is_not_cached_by_etag(api, tree):
    response = api.get(f"/sites/{tree['site'].pk}/pages", If_None_Match="*")
    assert "ETag" not in response


def test_the_etag_changes_when_a_page_is_republished_with_a_change(api, tree, refreshes):
    site, item, sibling = tree["site"], tree["item"], tree["sibling"]
    path = f"/sites/{site.pk}/pages/{item.pk}"
    old = api.get(path)["ETag"]
    sibling_etag = api.get(f"/sites/{site.pk}/pages/{sibling.pk}")["ETag"]
    with refreshes():
        page = fresh(item)
        page.title = "区政府召开常务会议（更新）"
        factories.publish_reviewed(page.save_revision())
    response = api.get(path, If_None_Match=old)
    assert response["ETag"] != old
    assert json.loads(response.content)["title"] == "区政府召开常务会议（更新）"
    api.get(path, status=304, If_None_Match=response["ETag"])
    assert api.get(f"/sites/{site.pk}/pages/{sibling.pk}")["ETag"] == sibling_etag


def test_the_etag_of_a_site_follows_its_sitemap(api, tree, refreshes):
    site = tree["site"]
    old = api.get(f"/sites/{site.pk}/sitemap")["ETag"]
    # Refreshing without a change keeps the ETag: it is a hash of the content.
    with refreshes():
        services.public_site_refresh(site)
        services.public_page_refresh(tree["item"])
    assert api.get(f"/sites/{site.pk}/sitemap", status=304, If_None_Match=old)
    with refreshes():
        factories.column(fresh(site.root_page), "通知公告", owner=factories.unit(), slug="tzgg")
    fresh_response = api.get(f"/sites/{site.pk}/sitemap", If_None_Match=old)
    assert fresh_response["ETag"] != old
    assert [c["title"] for c in json.loads(fresh_response.content)["columns"]] == [
        "新闻",
        "通知公告",
    ]
    assert api.get(f"/sites/{site.pk}")["ETag"] == fresh_response["ETag"]
