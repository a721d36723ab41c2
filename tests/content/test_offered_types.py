"""What the admin offers to create (issue 19, item 15): each column offers the types that belong
in it, and columns themselves are the website administrator's to create."""

import re

import pytest
from django.contrib.messages import get_messages

from cms.access.structure import ONLY_ADMINS_ADD_COLUMNS
from cms.content.models import ColumnPage, NewsPage
from cms.organisation.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(db):
    office = factories.unit("渭滨区人民政府办公室")
    site = factories.site("渭滨区人民政府", sponsor=office)
    news = factories.column(site.root_page, "新闻", owner=office, slug="xinwen")
    return {
        "site": site,
        "news": news,
        "headlines": factories.column(news, "政务要闻", owner=office, slug="zwyw"),
        "officer": factories.user("xxy", unit=office, role=Role.INFO_OFFICER),
        "webmaster": factories.user("wzgly", unit=office, role=Role.SITE_ADMIN),
    }


def _offer(column, **types):
    column = ColumnPage.objects.get(pk=column.pk)
    column.item_types = [model._meta.label for model in types["types"]]
    column.save_revision().publish()
    return column


def _offered(client, person, column) -> list[str]:
    """The types ``person`` is offered in ``column``, as verbose names (one: straight to it)."""
    client.force_login(person)
    response = client.get(f"/admin/pages/{column.pk}/add_subpage/")
    if response.status_code == 302:
        model_name = response["Location"].rstrip("/").split("/")[-2]
        return [model_name]
    assert response.status_code == 200
    html = response.content.decode()
    return re.findall(rf"/admin/pages/add/\w+/(\w+)/{column.pk}/", html)


def test_a_news_column_takes_the_officer_straight_to_a_news_item(client, portal):
    headlines = _offer(portal["headlines"], types=[NewsPage])

    assert _offered(client, portal["officer"], headlines) == ["newspage"]
    client.force_login(portal["officer"])
    policy = client.get(f"/admin/pages/add/interpretation/policydocumentpage/{headlines.pk}/")
    assert (policy.status_code, policy["Location"]) == (302, "/admin/")  # Wagtail's refusal


def test_a_column_offering_everything_offers_an_officer_no_column(client, portal):
    offered = _offered(client, portal["officer"], portal["headlines"])

    assert "newspage" in offered and "policydocumentpage" in offered
    assert "columnpage" not in offered
    assert "columnpage" in _offered(client, portal["webmaster"], portal["headlines"])


def test_an_officer_cannot_create_a_column(client, portal):
    news = _offer(portal["news"], types=[ColumnPage])
    count = ColumnPage.objects.count()
    client.force_login(portal["officer"])

    url = f"/admin/pages/add/content/columnpage/{news.pk}/"
    for response in (client.get(url), client.post(url, {"title": "部门动态", "slug": "bmdt"})):
        assert response.status_code == 302
        assert response["Location"] == f"/admin/pages/{news.pk}/"
        messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
        assert str(ONLY_ADMINS_ADD_COLUMNS) in messages

    assert ColumnPage.objects.count() == count
    client.force_login(portal["webmaster"])
    assert client.get(url).status_code == 200


def test_the_administrator_ticks_what_a_column_offers(client, portal):
    client.force_login(portal["webmaster"])
    url = f"/admin/pages/{portal['headlines'].pk}/edit/"
    data = factories.page_form(client, url)
    data["item_types"] = ["content.NewsPage", "interpretation.InterpretationPage"]

    assert client.post(url, data).status_code == 302
    draft = ColumnPage.objects.get(pk=portal["headlines"].pk).get_latest_revision_as_object()
    assert draft.item_types == ["content.NewsPage", "interpretation.InterpretationPage"]

    data["item_types"] = ["wagtailcore.Page"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "item_types" in response.context["form"].errors
