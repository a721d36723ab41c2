"""Copying a live item in the admin starts a new draft (issue 19, item 2): the copy has no
publication times and is not live, for every role allowed to copy; the original is unchanged."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from cms.content.models import NewsPage
from cms.content.timestamps import historical_import
from cms.organisation.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(days=30)


@pytest.fixture
def newsroom(db):
    office = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=office)
    column = factories.column(site.root_page, "政务要闻", owner=office, slug="zwyw")
    item = factories.news(column, "区政府召开常务会议")
    # Published a month ago, and edited since: its latest revision records its publication times.
    with historical_import():
        page = NewsPage.objects.get(pk=item.pk)
        page.first_published_at = page.last_published_at = timezone.now() - LONG_AGO
        page.save()
    page = NewsPage.objects.get(pk=item.pk)
    page.title = "区政府召开常务会议（修改稿）"
    page.save_revision()
    return {"office": office, "column": column, "item": item}


def _row(page_id: int) -> dict:
    return (
        Page.objects.filter(pk=page_id)
        .values(
            "live",
            "first_published_at",
            "last_published_at",
            "live_revision_id",
            "has_unpublished_changes",
            "title",
            "draft_title",
            "latest_revision_id",
        )
        .get()
    )


def _copy(client, item, slug: str):
    url = f"/admin/pages/{item.pk}/copy/"
    form = client.get(url)
    assert form.status_code == 200
    data = factories.form_data(form.content, containing="new_slug")
    data.pop("publish_copies", None)
    data.update(new_slug=slug)
    return client.post(url, data)


def _who(newsroom, role: str):
    if role == "superuser":
        return factories.superuser()
    return factories.user(unit=newsroom["office"], role=role)


@pytest.mark.parametrize("role", ["superuser", Role.INFO_OFFICER, Role.SITE_ADMIN])
def test_a_copy_of_a_live_item_is_a_draft_without_publication_times(client, newsroom, role):
    item = newsroom["item"]
    before = _row(item.pk)
    factories.login(client, _who(newsroom, role))
    response = _copy(client, item, "copy-of-item")
    assert response.status_code == 302, response.content[:2000]
    copy = Page.objects.get(slug="copy-of-item")
    row = _row(copy.pk)
    assert row["live"] is False
    assert row["first_published_at"] is None
    assert row["last_published_at"] is None
    assert row["live_revision_id"] is None
    assert row["has_unpublished_changes"] is True
    # Its draft is the original's latest revision, without the original's publication times.
    draft = copy.specific.get_latest_revision_as_object()
    assert draft.first_published_at is None and draft.last_published_at is None
    assert draft.live is False
    assert _row(item.pk) == before
