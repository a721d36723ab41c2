"""A unit's unified social credit code (GB 32100-2015) is refused when malformed, through the
unit admin (a snippet) and on the model; a refused form saves nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cms.organisation.models import Unit
from cms.organisation.validators import INVALID_CREDIT_CODE, credit_code_check_character
from tests import factories

# The standard's own worked example, and one made with the check character.
VALID_CODES = [
    "91350100M000100Y43",
    "11610303" + "MB0000001" + credit_code_check_character("11610303MB0000001"),
]
INVALID_CODES = {
    "wrong check character": "91350100M000100Y44",
    "letter outside the alphabet (I)": "9135010IM000100Y43",
    "letter outside the alphabet (O)": "91350100MO00100Y43",
    "lower case": "91350100m000100y43",
    "17 characters": "91350100M000100Y4",
    "full-width digits": "９1350100M000100Y43",
    "spaces inside": "913501 00M000100Y4",
}


@pytest.fixture
def admin_client(client, db):
    factories.login(client, factories.superuser())
    return client


@pytest.mark.parametrize("case", INVALID_CODES, ids=list(INVALID_CODES))
def test_invalid_credit_code_refused_on_edit_and_unit_unchanged(admin_client, case):
    government = factories.unit("渭滨区人民政府", kind="government")
    office = factories.unit("渭滨区人民政府办公室", parent=government)
    before = Unit.objects.filter(pk=office.pk).values().get()
    url = reverse("wagtailsnippets_organisation_unit:edit", args=[office.pk])
    data = factories.form_data(admin_client.get(url).content, containing="credit_code")
    data.update(credit_code=INVALID_CODES[case], short_name="区政府办")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"] == [str(INVALID_CREDIT_CODE)]
    factories.assert_shows(response, INVALID_CREDIT_CODE)
    assert Unit.objects.filter(pk=office.pk).values().get() == before


@pytest.mark.parametrize("code", VALID_CODES)
def test_valid_credit_code_is_saved(admin_client, code):
    government = factories.unit("渭滨区人民政府", kind="government")
    url = reverse("wagtailsnippets_organisation_unit:add")
    data = factories.form_data(admin_client.get(url).content, containing="credit_code")
    data.update(parent=str(government.pk), name="渭滨区教育局", kind="department", credit_code=code)

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    assert Unit.objects.get(name="渭滨区教育局").credit_code == code


@pytest.mark.parametrize("case", INVALID_CODES, ids=list(INVALID_CODES))
def test_model_refuses_an_invalid_credit_code(db, case):
    unit = Unit(
        name="某局", kind="department", credit_code=INVALID_CODES[case], path="0009", depth=1
    )
    with pytest.raises(ValidationError) as refused:
        unit.full_clean()
    assert refused.value.message_dict["credit_code"] == [str(INVALID_CREDIT_CODE)]


def test_check_character_follows_the_standard():
    assert credit_code_check_character("91350100M000100Y4") == "3"
