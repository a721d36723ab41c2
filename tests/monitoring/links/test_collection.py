"""Link uses follow the public read model incrementally: only pages whose row changed are read
again, a changed page's links are replaced, a page gone from the public site loses its uses,
and a column given to another unit takes its uses with it."""

from datetime import UTC, datetime

import pytest
from wagtail.models import Page

from cms.content.models import ColumnPage
from monitoring.links.collection import links_collect
from monitoring.links.history import check_record
from monitoring.links.models import CollectedPage, Link, LinkState, LinkUse
from monitoring.links.outcomes import Outcome
from publicapi.models import PublicPage

from .platform import body_linking, republish

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)


def _urls_of(page) -> set[str]:
    return set(LinkUse.objects.filter(page_id=page.pk).values_list("link__url", flat=True))


def test_uses_are_read_from_the_live_rows_with_their_unit_and_site(platform):
    report = links_collect(now=NOW)
    assert report.pages == PublicPage.objects.count()
    use = LinkUse.objects.get(page_id=platform.school_item.pk)
    assert (use.link.url, use.unit_id, use.site_id, use.column_id, use.where) == (
        platform.urls["missing"],
        platform.bureau.pk,
        platform.site.pk,
        platform.school_column.pk,
        "body",
    )


def test_a_second_collection_reads_nothing_unchanged(platform):
    links_collect(now=NOW)
    before = list(LinkUse.objects.order_by("pk").values_list("pk", flat=True))
    again = links_collect(now=NOW)
    assert (again.pages, again.uses, again.new_links, again.removed_pages) == (0, 0, 0, 0)
    assert list(LinkUse.objects.order_by("pk").values_list("pk", flat=True)) == before


def test_a_changed_page_has_its_links_replaced(platform, django_capture_on_commit_callbacks):
    links_collect(now=NOW)
    check_record(Link.objects.get(url=platform.urls["ok"]), Outcome(LinkState.ALIVE), NOW)
    with django_capture_on_commit_callbacks(execute=True):
        republish(platform.school_item, body_linking({"ok": platform.urls["ok"]}))
    report = links_collect(now=NOW)
    assert report.pages == 1
    assert _urls_of(platform.school_item) == {platform.urls["ok"]}
    # A new use of a link checked already carries its state.
    assert LinkUse.objects.get(page_id=platform.school_item.pk).link_state == LinkState.ALIVE
    collected = CollectedPage.objects.get(page_id=platform.school_item.pk)
    assert collected.etag == PublicPage.objects.get(page_id=platform.school_item.pk).etag


def test_a_page_gone_from_the_public_site_loses_its_uses(
    platform, django_capture_on_commit_callbacks
):
    links_collect(now=NOW)
    assert _urls_of(platform.school_item)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=platform.school_item.pk).specific.unpublish()
    assert not PublicPage.objects.filter(page_id=platform.school_item.pk).exists()
    report = links_collect(now=NOW)
    assert report.removed_pages == 1
    assert _urls_of(platform.school_item) == set()
    assert not CollectedPage.objects.filter(page_id=platform.school_item.pk).exists()
    # The address is still used by another page: the link stays.
    assert Link.objects.filter(url=platform.urls["missing"]).exists()


def test_a_filed_page_is_read_again(platform):
    """Filing rewrites the row (its archive part) without a new ``updated_at``: the etag
    tells it changed."""
    links_collect(now=NOW)
    assert links_collect(now=NOW).pages == 0
    PublicPage.objects.filter(page_id=platform.source.pk).update(etag="changed")
    assert links_collect(now=NOW).pages == 1


def test_a_column_given_to_another_unit_takes_its_uses(
    platform, django_capture_on_commit_callbacks
):
    links_collect(now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        column = ColumnPage.objects.get(pk=platform.school_column.pk)
        column.responsible_unit = platform.office
        column.save_revision().publish()
    report = links_collect(now=NOW)
    assert report.moved_uses == 1
    use = LinkUse.objects.get(page_id=platform.school_item.pk)
    assert use.unit_id == platform.office.pk


def test_collecting_one_site_reads_only_its_pages(platform):
    report = links_collect(site_ids=[platform.site.pk + 1000], now=NOW)
    assert (report.pages, LinkUse.objects.count()) == (0, 0)
