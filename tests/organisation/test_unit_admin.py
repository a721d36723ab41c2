"""Units are managed as a tree in the admin: a new unit lands under its parent."""

import pytest
from django.urls import reverse

from cms.organisation.models import Unit
from cms.organisation.validators import INVALID_CREDIT_CODE
from tests import factories


@pytest.fixture
def admin_client(client, db):
    client.force_login(factories.superuser())
    return client


def test_unit_created_under_its_parent(admin_client):
    government = factories.unit("某区人民政府")
    response = admin_client.post(
        reverse("wagtailsnippets_organisation_unit:add"),
        {
            "parent": government.pk,
            "name": "某区教育局",
            "short_name": "",
            "kind": "department",
            "credit_code": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Unit.objects.get(name="某区教育局")
    assert created.get_parent() == government


def test_invalid_credit_code_refused_and_nothing_saved(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_organisation_unit:add"),
        {
            "parent": "",
            "name": "某区财政局",
            "kind": "department",
            "credit_code": "11610303MB1234567Y",
        },
    )
    assert response.status_code == 200
    assert str(INVALID_CREDIT_CODE) in response.content.decode()
    assert not Unit.objects.filter(name="某区财政局").exists()


def test_unit_cannot_move_below_itself(admin_client):
    government = factories.unit("某县人民政府")
    office = factories.unit("某县政府办", parent=government)
    response = admin_client.post(
        reverse("wagtailsnippets_organisation_unit:edit", args=[government.pk]),
        {"parent": office.pk, "name": government.name, "kind": "government", "credit_code": ""},
    )
    assert response.status_code == 200
    government.refresh_from_db()
    assert government.is_root()
