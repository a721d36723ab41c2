"""The dictionary is a snippet in the admin."""

import pytest
from django.urls import reverse

from editorial.prechecks.models import SensitiveTerm
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    factories.login(client, factories.superuser())
    return client


def test_the_list_of_terms_loads_for_a_superuser(admin_client):
    SensitiveTerm.objects.create(term="做为", correction="作为", category="wrong")
    SensitiveTerm.objects.create(term="全网最低价", category="sensitive", severity="blocking")
    response = admin_client.get(reverse("wagtailsnippets_prechecks_sensitiveterm:list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "做为" in content and "全网最低价" in content


def test_the_list_can_be_searched_and_filtered(admin_client):
    SensitiveTerm.objects.create(term="做为", correction="作为", category="wrong")
    SensitiveTerm.objects.create(term="全网最低价", category="sensitive", severity="blocking")
    url = reverse("wagtailsnippets_prechecks_sensitiveterm:list")
    content = admin_client.get(url, {"q": "作为"}).content.decode()
    assert "做为" in content and "全网最低价" not in content
    content = admin_client.get(url, {"severity": "blocking"}).content.decode()
    assert "全网最低价" in content and "做为" not in content


def test_a_term_added_in_the_admin_is_saved_and_cleaned(admin_client):
    url = reverse("wagtailsnippets_prechecks_sensitiveterm:add")
    data = factories.form_data(admin_client.get(url).content, containing="term")
    data.update(term=" 截止目前 ", correction="截至目前", category="wrong", severity="warning")
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert SensitiveTerm.objects.get().term == "截止目前"


def test_the_dictionary_is_not_open_to_editors(client):
    person = factories.user()
    factories.login(client, person)
    response = client.get(reverse("wagtailsnippets_prechecks_sensitiveterm:list"))
    assert response.status_code in (302, 403)
