"""Labels rendered into the read model: in the platform's language, whoever triggered the render."""

from django.conf import settings
from django.utils import translation


def public_label(message) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)
