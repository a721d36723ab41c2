"""Takedown (R37): the website administrator or deputy head takes content offline at once."""

import pytest
from django.urls import reverse
from wagtail.models import Page, PageLogEntry

from editorial.takedown import REASON_REQUIRED, TAKEDOWN_LOG_ACTION
from publicapi.models import PublicPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(staffed_site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = factories.news(staffed_site.column, "被篡改的页面")
        second = factories.news(staffed_site.column, "同栏目的另一条")
    return first, second


def _take_down(client, person, page, reason="网页被篡改，先行下线。"):
    factories.login(client, person)
    return client.post(reverse("editorial_takedown", args=[page.pk]), {"reason": reason})


@pytest.mark.parametrize("who", ["webmaster", "deputy"])
def test_an_item_is_taken_down_at_once_with_its_reason_logged(client, staffed_site, live, who):
    item, other = live
    response = _take_down(client, getattr(staffed_site.people, who), item)
    assert response.status_code == 302
    assert not Page.objects.get(pk=item.pk).live
    assert Page.objects.get(pk=other.pk).live
    assert not PublicPage.objects.filter(page_id=item.pk).exists()
    entry = PageLogEntry.objects.get(page_id=item.pk, action=TAKEDOWN_LOG_ACTION)
    assert entry.data["reason"] == "网页被篡改，先行下线。"
    assert entry.user == getattr(staffed_site.people, who)


def test_a_whole_column_is_taken_down_with_everything_live_below_it(client, staffed_site, live):
    response = _take_down(client, staffed_site.people.webmaster, staffed_site.column)
    assert response.status_code == 302
    assert not Page.objects.filter(path__startswith=staffed_site.column.path, live=True).exists()
    assert not PublicPage.objects.filter(page_id__in=[page.pk for page in live]).exists()


@pytest.mark.parametrize("who", ["author", "chief", "principal", "outsider_chief"])
def test_other_roles_cannot_take_down(client, staffed_site, live, who):
    item, _other = live
    response = _take_down(client, getattr(staffed_site.people, who), item)
    factories.assert_admin_denied(response)
    assert Page.objects.get(pk=item.pk).live


def test_a_reason_is_required_and_nothing_changes_without_it(client, staffed_site, live):
    item, _other = live
    response = _take_down(client, staffed_site.people.webmaster, item, reason=" ")
    assert response.status_code == 200
    factories.assert_shows(response, REASON_REQUIRED)
    assert Page.objects.get(pk=item.pk).live
    assert not PageLogEntry.objects.filter(action=TAKEDOWN_LOG_ACTION).exists()


def test_the_button_shows_for_those_who_may_take_down(client, staffed_site, live):
    item, _other = live
    factories.login(client, staffed_site.people.webmaster)
    edit = client.get(f"/admin/pages/{item.pk}/edit/")
    assert reverse("editorial_takedown", args=[item.pk]) in edit.content.decode()
    factories.login(client, staffed_site.people.author)
    edit = client.get(f"/admin/pages/{item.pk}/edit/")
    assert reverse("editorial_takedown", args=[item.pk]) not in edit.content.decode()
