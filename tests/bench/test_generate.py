"""The platform generator writes what Wagtail and the public API would have made, only faster."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from wagtail.models import Page, Revision, Site

from bench.check import PUBLIC_FIELDS, check_platform
from bench.generate import generate_platform
from bench.stock import stock_benchmark
from cms.content.models import (
    BasePage,
    ColumnPage,
    ContentItemPage,
    NewsPage,
    NoticePage,
    ResponsePage,
    SiteRootPage,
    TopicPage,
)
from cms.content.richtext import sanitise_html
from cms.organisation.models import Unit
from cms.sites.models import SiteIdentity
from publicapi import services
from publicapi.models import PublicPage, PublicSite
from tests import factories

# serialized_rollback: the tree root and the default locale come from migrations, and a
# transactional test would otherwise flush them away for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SITES, PAGES = 2, 200
# What publishing changes after save_revision() has taken the revision's content.
PUBLISH_STATE = (
    "latest_revision",
    "live_revision",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
)


@pytest.fixture
def platform():
    return generate_platform(sites=SITES, pages=PAGES, seed=1)


def _generated_pages(platform):
    roots = Page.objects.filter(pk__in=platform.root_page_ids)
    pages = Page.objects.none()
    for root in roots:
        pages |= Page.objects.filter(path__startswith=root.path)
    return pages.order_by("path")


def _jsonable(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def test_tree_is_valid(platform):
    assert Page.find_problems() == ([], [], [], [], [])
    assert check_platform(platform.site_ids, platform.root_page_ids, sample=PAGES) == []
    pages = _generated_pages(platform)
    assert pages.count() == platform.page_count == SITES + platform.column_count + PAGES
    assert 10 * SITES <= platform.column_count <= 20 * SITES
    assert SiteRootPage.objects.filter(pk__in=platform.root_page_ids).count() == SITES
    for model in (NewsPage, NoticePage, TopicPage, ResponsePage):
        assert model.objects.exists(), model
    assert {kind for kind in ResponsePage.objects.values_list("response_kind", flat=True)} <= {
        "concern",
        "rumour",
    }
    for page in pages.specific():
        assert isinstance(page, BasePage)
        assert page.get_url_parts()[0] in platform.site_ids
        if isinstance(page, ContentItemPage):
            assert isinstance(page.get_parent().specific, ColumnPage)
            assert page.numchild == 0


def test_pages_are_live_with_their_revision(platform):
    pages = list(_generated_pages(platform).specific())
    assert Revision.objects.filter(object_id__in=[str(p.pk) for p in pages]).count() == len(pages)
    years = set()
    for page in pages:
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id == page.latest_revision_id is not None
        assert page.draft_title == page.title
        revision = page.live_revision
        assert revision.content_type_id == page.content_type_id
        assert revision.base_content_type.model_class() is Page
        assert revision.object_str == page.title
        restored = revision.as_object()
        assert type(restored) is type(page) and restored.pk == page.pk
        assert restored.title == page.title and restored.url_path == page.url_path
        if isinstance(page, ContentItemPage):
            assert restored.body == page.body and restored.summary == page.summary
            assert list(restored.co_issuing_units.all()) == list(page.co_issuing_units.all())
            years.add(page.first_published_at.year)
        # The content is page.serializable_data() as save_revision() took it from the draft.
        for name in PUBLISH_STATE:
            setattr(page, name, None)
        page.live = False
        assert revision.content == _jsonable(page.serializable_data())
    assert len(years) >= 8  # spread over ten years


def test_revision_content_has_the_shape_of_a_stock_revision(platform):
    column = ColumnPage.objects.filter(numchild__gt=0).order_by("path").last()
    stock = factories.news(column, "区政府召开常务会议")
    stock_content = Revision.objects.get(pk=stock.live_revision_id).content
    generated = NewsPage.objects.exclude(pk=stock.pk).first().live_revision.content
    assert list(generated) == list(stock_content)
    for name in (*PUBLISH_STATE, "has_unpublished_changes", "live", "numchild", "expired"):
        assert generated[name] == stock_content[name], name


def test_generated_objects_pass_validation(platform):
    for identity in SiteIdentity.objects.filter(site_id__in=platform.site_ids):
        identity.full_clean()
        assert identity.sponsor_unit.credit_code and identity.operator_unit.credit_code
    for unit in Unit.objects.all():
        unit.full_clean()
    assert Unit.find_problems() == ([], [], [], [], [])
    for page in _generated_pages(platform).specific()[:60]:
        page.full_clean()
    for page in NewsPage.objects.all()[:50]:
        assert sanitise_html(page.body) == page.body  # the generator wrote clean HTML


def _api_snapshot(client, platform):
    snapshot = {}
    for site_id in platform.site_ids:
        items, number = [], 1
        while True:
            response = client.get(f"/api/v1/sites/{site_id}/pages?page_size=100&page={number}")
            assert response.status_code == 200, response.content
            data = json.loads(response.content)
            items += data["items"]
            if number >= data["num_pages"]:
                break
            number += 1
        details = {}
        for item in items:
            response = client.get(f"/api/v1/sites/{site_id}/pages/{item['id']}")
            assert response.status_code == 200
            details[item["id"]] = (json.loads(response.content), response["ETag"])
        site = json.loads(client.get(f"/api/v1/sites/{site_id}").content)
        sitemap = json.loads(client.get(f"/api/v1/sites/{site_id}/sitemap").content)
        snapshot[site_id] = {"items": items, "details": details, "site": site, "sitemap": sitemap}
    return snapshot


def test_public_api_serves_what_public_page_refresh_renders(client, platform):
    pages = list(_generated_pages(platform))
    generated_rows = {
        row["page_id"]: row
        for row in PublicPage.objects.filter(page_id__in=[p.pk for p in pages]).values(
            "page_id", *PUBLIC_FIELDS
        )
    }
    assert len(generated_rows) == len(pages)  # site roots and columns too, as the services do
    before = _api_snapshot(client, platform)
    for site_id in platform.site_ids:
        site_items = before[site_id]["items"]
        assert site_items and len(site_items) == len(before[site_id]["details"])
        assert {item["type"] for item in site_items} <= {"news", "notice", "topic", "response"}
        assert before[site_id]["sitemap"]["columns"]
        assert before[site_id]["site"]["footer"]["site_code"]
    assert sum(len(s["items"]) for s in before.values()) == PAGES

    # Now let the platform's own services render everything again.
    sites_before = {
        row["site_id"]: row
        for row in PublicSite.objects.values(
            "site_id", "listing_json", "detail_json", "sitemap_json", "etag"
        )
    }
    for page in pages:
        services.public_page_refresh(page)
    for site in Site.objects.filter(pk__in=platform.site_ids):
        services.public_site_refresh(site)
    refreshed_rows = {
        row["page_id"]: row
        for row in PublicPage.objects.filter(page_id__in=[p.pk for p in pages]).values(
            "page_id", *PUBLIC_FIELDS
        )
    }
    assert refreshed_rows == generated_rows
    sites_after = {
        row["site_id"]: row
        for row in PublicSite.objects.values(
            "site_id", "listing_json", "detail_json", "sitemap_json", "etag"
        )
    }
    assert sites_after == sites_before
    assert _api_snapshot(client, platform) == before


def test_stock_benchmark_leaves_the_platform_as_it_was(platform):
    count = Page.objects.count()
    result = stock_benchmark(3, root_page_id=platform.root_page_ids[0])
    assert result.count == 3 and result.pages_per_second > 0
    assert Page.objects.count() == count
    assert Page.find_problems() == ([], [], [], [], [])
