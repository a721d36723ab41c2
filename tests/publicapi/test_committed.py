"""The read model follows real commits, not only the captured ones of the other modules.

These tests commit every step (``transaction=True``), so the refreshes run from
``transaction.on_commit`` exactly as after an admin request.
"""

import pytest
from wagtail.models import PageViewRestriction

from cms.sites.models import SiteIdentity
from tests import factories

from .builders import fresh, relative_path, restrict
from .contract import sitemap_ids

# serialized_rollback: a transactional test empties the database when it ends; this brings back
# what the migrations created (the tree root, the default collection) before each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_life_of_an_item(api):
    office = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=office)
    other = factories.site("金台区人民政府")
    xinwen = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
    tzgg = factories.column(site.root_page, "通知公告", owner=office, slug="tzgg")
    item = factories.news(xinwen, "区政府召开常务会议")
    assert api.listed_ids(site.pk) == [item.pk]

    # A draft of a change does not reach the public.
    page = fresh(item)
    page.title = "尚未审核的标题"
    page.save_revision()
    assert api.detail(site.pk, item.pk)["title"] == "区政府召开常务会议"

    # A restriction hides it at once; removing the restriction brings it back.
    restriction = restrict(fresh(xinwen), PageViewRestriction.PASSWORD)
    api.detail(site.pk, item.pk, status=404)
    assert xinwen.pk not in sitemap_ids(api.sitemap(site.pk))
    restriction.delete()
    assert api.detail(site.pk, item.pk)["title"] == "区政府召开常务会议"
    assert xinwen.pk in sitemap_ids(api.sitemap(site.pk))

    # Unpublishing its column hides it; publishing the column again brings it back.
    fresh(xinwen).unpublish()
    assert api.listed_ids(site.pk) == []
    assert sitemap_ids(api.sitemap(site.pk)) == {tzgg.pk}
    factories.publish_reviewed(fresh(xinwen).get_latest_revision())
    assert api.listed_ids(site.pk) == [item.pk]

    # Moving it changes its path, breadcrumbs and column; moving to another site, its site.
    fresh(item).move(fresh(tzgg), pos="last-child")
    detail = api.detail(site.pk, item.pk)
    assert (detail["url_path"], detail["column"]["id"]) == (f"/tzgg/{item.slug}/", tzgg.pk)
    assert [b["title"] for b in detail["breadcrumbs"]] == ["通知公告"]
    fresh(tzgg).move(fresh(other.root_page), pos="last-child")
    api.detail(site.pk, item.pk, status=404)
    assert api.detail(other.pk, item.pk)["site"]["id"] == other.pk
    assert tzgg.pk in sitemap_ids(api.sitemap(other.pk))
    assert tzgg.pk not in sitemap_ids(api.sitemap(site.pk))

    # Deleting it removes it.
    fresh(item).delete()
    api.detail(other.pk, item.pk, status=404)
    api.find(other.pk, relative_path(fresh(tzgg), other) + item.slug, status=404)
    assert api.listing(other.pk)["count"] == 0


def test_the_footer_follows_the_identity(api):
    site = factories.site("渭滨区人民政府")
    identity = SiteIdentity.objects.get(site=site)
    identity.icp_number = "陕ICP备05004383号-7"
    identity.operator_unit = factories.unit("渭滨区大数据中心")
    identity.save()
    footer = api.json(f"/sites/{site.pk}")["footer"]
    assert (footer["icp_number"], footer["operator_unit"]) == (
        "陕ICP备05004383号-7",
        "渭滨区大数据中心",
    )
