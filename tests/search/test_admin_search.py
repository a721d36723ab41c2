"""Editors find Chinese words in the admin's own search (issue 13, item 6): Wagtail's page
search, explorer search and page chooser."""

from django.apps import apps

from cms.content.models import BasePage


def test_every_searchable_field_of_an_item_is_read_by_the_admins_search():
    """The admin asks Wagtail's index by autocomplete, which reads only AutocompleteFields:
    what an item declares searchable, the admin must find too."""
    for model in apps.get_models():
        if issubclass(model, BasePage):
            searchable = {f.field_name for f in model.get_searchable_search_fields()}
            completed = {f.field_name for f in model.get_autocomplete_search_fields()}
            assert searchable <= completed, (model, searchable - completed)
