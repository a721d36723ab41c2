"""The units a person reaches: each unit where they hold a role and every unit below it, read
in the same two queries however many units they serve."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.organisation import access
from cms.organisation.models import Role, RoleAssignment
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    county = factories.unit("渭川区人民政府")
    office = factories.unit("渭川区人民政府办公室", parent=county)
    section = factories.unit("信息科", parent=office)
    bureau = factories.unit("渭川区教育局", parent=county)
    school_office = factories.unit("教育局办公室", parent=bureau)
    elsewhere = factories.unit("别区人民政府")
    return county, office, section, bureau, school_office, elsewhere


def _fresh(user):
    user.__dict__.pop("_units_in_reach", None)
    return user


def test_a_role_reaches_its_unit_and_below_never_up_or_across(units):
    county, office, section, bureau, school_office, elsewhere = units
    person = factories.user("xxy", unit=office, role=Role.INFO_OFFICER)
    RoleAssignment.objects.create(user=person, unit=school_office, role=Role.SECTION_CHIEF)
    RoleAssignment.objects.create(user=person, unit=section, role=Role.SECTION_CHIEF)
    assert access.units_in_reach(person) == {office.pk, section.pk, school_office.pk}
    assert access.units_in_reach(_fresh(person), [Role.SECTION_CHIEF]) == {
        section.pk,
        school_office.pk,
    }
    assert access.units_in_reach(_fresh(person), [Role.SITE_ADMIN]) == frozenset()


def test_the_cost_does_not_grow_with_the_units_served(units, monkeypatch):
    county, office, section, bureau, school_office, elsewhere = units
    person = factories.user("fgld", unit=office, role=Role.DEPUTY_HEAD)
    with CaptureQueriesContext(connection) as one:
        access.units_in_reach(_fresh(person))
    for unit in (bureau, elsewhere, section):
        RoleAssignment.objects.create(user=person, unit=unit, role=Role.DEPUTY_HEAD)
    with CaptureQueriesContext(connection) as many:
        reach = access.units_in_reach(_fresh(person))
    assert len(many) == len(one) == 2
    assert reach == {office.pk, section.pk, bureau.pk, school_office.pk, elsewhere.pk}
    # Beyond the subtrees one query may name, the same answer from the whole tree.
    monkeypatch.setattr(access, "MAX_SUBTREES_IN_ONE_QUERY", 1)
    assert access.units_in_reach(_fresh(person)) == reach
