"""The platform's own name in every template (the admin's title, login page and sidebar carry it,
not Wagtail's)."""

from django.conf import settings


def platform(request) -> dict[str, str]:
    return {"PLATFORM_NAME": settings.WAGTAIL_SITE_NAME}
