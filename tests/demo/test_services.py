"""The demo's service guides and notices (cms/demo/services.py): every service item is live and
public, with a title no other page has."""

import pytest
from wagtail.models import Page

from cms.content.models import NoticePage
from cms.demo.services import SERVICES, TITLES
from publicapi.models import PublicPage

from .test_demo import _restore_migrated_data, load_demo  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_service_items_are_distinct_and_keyed():
    assert len(SERVICES) >= 60
    assert len(TITLES) == len(SERVICES)
    assert len({item.title for item in SERVICES}) == len(SERVICES)
    assert TITLES["yibao-jiaofei"] == next(i.title for i in SERVICES if i.key == "yibao-jiaofei")
    for item in SERVICES:
        assert 3 <= len(item.body) <= 8, item.key
        assert item.source.strip(), item.key


def test_service_items_are_live_and_public():
    load_demo()

    public = PublicPage.objects.filter(archived_at__isnull=True)
    pages = {page.slug: page for page in NoticePage.objects.filter(slug__startswith="service-")}
    for item in SERVICES:
        page = pages[item.slug]
        assert page.title == item.title
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id == page.latest_revision_id is not None
        assert public.filter(page_id=page.pk).exists(), item.key
    # Each service title names one page only: a search for it has one right answer.
    titles = set(TITLES.values())
    assert Page.objects.filter(title__in=titles).count() == len(titles)
