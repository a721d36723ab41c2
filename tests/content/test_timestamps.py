"""Publication times are the system's record (R17: who approved what, when): a page cannot be
saved with a back-dated or altered publication time; publishing records "now"."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page, Revision

from cms.content.models import ColumnPage, NewsPage
from cms.content.timestamps import BACKDATED, CLOCK_TOLERANCE, historical_import
from tests import factories


@pytest.fixture
def newsroom(db):
    owner = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=owner)
    column = factories.column(site.root_page, "政务要闻", owner=owner, slug="zwyw")
    return SimpleNamespace(owner=owner, site=site, column=column)


def _times(page) -> dict:
    return Page.objects.filter(pk=page.pk).values("first_published_at", "last_published_at").get()


def _assert_backdated(refused, field="first_published_at"):
    assert refused.value.message_dict[field] == [str(BACKDATED)]


@pytest.mark.parametrize("field", ["first_published_at", "last_published_at"])
def test_new_page_with_a_past_publication_time_is_refused(newsroom, field):
    before = (Page.objects.count(), Page.objects.get(pk=newsroom.column.pk).numchild)
    page = NewsPage(
        title="旧闻",
        slug="jiuwen",
        source="区政府办公室",
        **{field: timezone.now() - timedelta(days=30)},
    )
    with pytest.raises(ValidationError) as refused:
        newsroom.column.add_child(instance=page)
    _assert_backdated(refused, field)
    assert (Page.objects.count(), Page.objects.get(pk=newsroom.column.pk).numchild) == before
    assert not NewsPage.objects.filter(slug="jiuwen").exists()


@pytest.mark.parametrize(
    "shift",
    [timedelta(days=-365), -CLOCK_TOLERANCE - timedelta(seconds=1), timedelta(minutes=1)],
    ids=["a year earlier", "just beyond the tolerance", "even a minute later"],
)
def test_recorded_first_publication_cannot_be_changed(newsroom, shift):
    item = factories.news(newsroom.column, "区政府召开常务会议")
    recorded = _times(item)
    item.first_published_at = recorded["first_published_at"] + shift
    item.title = "改过的标题"

    with pytest.raises(ValidationError) as refused:
        item.save()

    _assert_backdated(refused)
    assert _times(item) == recorded
    assert NewsPage.objects.get(pk=item.pk).title == "区政府召开常务会议"


def test_recorded_first_publication_cannot_be_erased(newsroom):
    item = factories.news(newsroom.column, "区政府召开常务会议")
    recorded = _times(item)
    item.first_published_at = None
    with pytest.raises(ValidationError) as refused:
        item.save()
    _assert_backdated(refused)
    assert _times(item) == recorded


def test_last_publication_cannot_be_back_dated(newsroom):
    item = factories.news(newsroom.column, "区政府召开常务会议")
    recorded = _times(item)
    item.last_published_at = timezone.now() - timedelta(days=2)
    with pytest.raises(ValidationError) as refused:
        item.save()
    _assert_backdated(refused, "last_published_at")
    assert _times(item) == recorded


def test_column_is_guarded_too(newsroom):
    column = ColumnPage.objects.get(pk=newsroom.column.pk)
    column.first_published_at = timezone.now() - timedelta(days=400)
    with pytest.raises(ValidationError) as refused:
        column.save()
    _assert_backdated(refused)


def test_a_back_dated_draft_cannot_be_saved(newsroom):
    item = factories.news(newsroom.column, "区政府召开常务会议", publish=False)
    revisions = Revision.objects.count()
    item.first_published_at = timezone.now() - timedelta(days=90)
    with pytest.raises(ValidationError) as refused:
        item.save_revision()
    _assert_backdated(refused)
    assert _times(item)["first_published_at"] is None
    assert Revision.objects.count() == revisions


def test_saving_without_touching_the_times_is_allowed(newsroom):
    item = factories.news(newsroom.column, "区政府召开常务会议")
    recorded = _times(item)
    item.save()  # a live item's content cannot change in place (editorial/gate.py), its row can
    assert _times(item) == recorded


def test_historical_import_may_carry_its_times(newsroom):
    then = timezone.now() - timedelta(days=3650)
    with historical_import():
        item = newsroom.column.add_child(
            instance=NewsPage(
                title="2016年工作报告",
                slug="2016",
                source="区政府办公室",
                first_published_at=then,
                last_published_at=then,
            )
        )
    assert _times(item)["first_published_at"] == then
    item.first_published_at = then + timedelta(days=1)
    with pytest.raises(ValidationError):
        item.save()


def test_publishing_in_the_admin_records_now(client, newsroom):
    factories.login(client, factories.superuser())
    url = f"/admin/pages/add/content/newspage/{newsroom.column.pk}/"
    data = factories.page_form(client, url)
    data.update(title="区政府召开常务会议", slug="changwu", source="区政府办公室")

    before = timezone.now()
    response = factories.post_and_publish_reviewed(client, url, data)
    after = timezone.now()

    assert response.status_code == 302, response.context and response.context["form"].errors
    item = NewsPage.objects.get(slug="changwu")
    assert item.live
    assert before <= item.first_published_at <= after
    assert item.last_published_at == item.first_published_at


def test_republishing_keeps_the_first_time_and_records_the_new_one(client, newsroom):
    item = factories.news(newsroom.column, "区政府召开常务会议")
    first = _times(item)["first_published_at"]
    factories.login(client, factories.superuser())
    url = f"/admin/pages/{item.pk}/edit/"
    data = factories.page_form(client, url)
    data.update(title="区政府召开第十次常务会议")

    before = timezone.now()
    response = factories.post_and_publish_reviewed(client, url, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    times = _times(item)
    assert times["first_published_at"] == first
    assert before <= times["last_published_at"] <= timezone.now()


def test_a_past_go_live_date_does_not_back_date_the_publication(client, newsroom):
    """The admin's only date field: a go-live date in the past publishes now, recorded as now."""
    factories.login(client, factories.superuser())
    url = f"/admin/pages/add/content/newspage/{newsroom.column.pk}/"
    data = factories.page_form(client, url)
    data.update(
        title="区政府召开常务会议",
        slug="changwu",
        source="区政府办公室",
        go_live_at="2020-01-01 09:00",
    )

    before = timezone.now()
    response = factories.post_and_publish_reviewed(client, url, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    item = NewsPage.objects.get(slug="changwu")
    assert item.live
    assert item.first_published_at >= before


def test_a_draft_saved_after_publication_can_be_published_in_the_admin(client, newsroom):
    """Revisions keep times to the millisecond (JSON); the database keeps microseconds. The
    page rebuilt from a later draft carries the same first publication and must publish."""
    item = factories.news(newsroom.column, "区政府召开常务会议")
    recorded = _times(item)["first_published_at"]
    factories.login(client, factories.superuser())
    url = f"/admin/pages/{item.pk}/edit/"
    data = factories.page_form(client, url)
    data["title"] = "区政府召开第十次常务会议"
    assert client.post(url, data).status_code == 302  # a draft, as an editor saves it

    data = factories.page_form(client, url)
    before = timezone.now()
    response = factories.post_and_publish_reviewed(client, url, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    stored = NewsPage.objects.get(pk=item.pk)
    assert stored.live_revision_id == stored.latest_revision_id
    assert stored.title == "区政府召开第十次常务会议"
    assert stored.first_published_at == recorded
    assert stored.last_published_at >= before


def test_approving_a_later_revision_publishes_it(newsroom):
    """The review workflow publishes the stored revision itself, in a later request."""
    item = factories.news(newsroom.column, "区政府召开常务会议")
    recorded = _times(item)["first_published_at"]
    page = NewsPage.objects.get(pk=item.pk)
    page.title = "区政府召开第十次常务会议"
    revision = page.save_revision()

    factories.publish_reviewed(Revision.objects.get(pk=revision.pk))

    stored = NewsPage.objects.get(pk=item.pk)
    assert stored.title == "区政府召开第十次常务会议"
    assert stored.first_published_at == recorded
