"""Every page type of the platform names the unit-scoped permission tester (or a subclass):
Wagtail's default would let a person act on the columns of units outside their reach."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from cms.content.models import BasePage
from cms.content.models.columns import UnitScopedPermissionTester


@pytest.mark.django_db
def test_every_page_type_is_unit_scoped():
    page_types = [
        model
        for model in apps.get_models()
        if issubclass(model, BasePage) and not model._meta.abstract
    ]
    assert len(page_types) > 3
    for model in page_types:
        tester = model(path="0001", depth=1).permissions_for_user(AnonymousUser())
        assert isinstance(tester, UnitScopedPermissionTester), model
