from django import template
from django.apps import apps

from ..structure import may_create

register = template.Library()


@register.filter
def offered_to(page_types, user):
    """Wagtail's page types for a new page (verbose name, app label, model name, description),
    less those ``user`` may not create (:func:`cms.access.structure.may_create`)."""
    return [
        page_type
        for page_type in page_types
        if may_create(user, apps.get_model(page_type[1], page_type[2]))
    ]
