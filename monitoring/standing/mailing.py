"""How the monitoring mails people, for its warnings and its reports alike.

* :func:`quiet_people`: who asked for no monitoring mail (``WarningPreference``); what they
  would have been sent stays on the monitoring page.
* :func:`mail_people`: one mail per person from a template pair (``<template>_subject.txt``,
  ``<template>.txt``) in the platform's language, with ``person`` and ``base_url`` (the admin's
  address) added to the person's context. Inactive people and people without an address are
  skipped; a failed mail is logged and never raised (what caused it already stands).
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import WarningPreference

logger = logging.getLogger(__name__)


def quiet_people(people: Iterable[int]) -> set[int]:
    return set(
        WarningPreference.objects.filter(user_id__in=set(people), mail_warnings=False).values_list(
            "user_id", flat=True
        )
    )


def mail_people(contexts: dict[int, dict], template: str) -> None:
    """Mail each person of ``contexts`` (person id → template context)."""
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    for person in get_user_model().objects.filter(pk__in=list(contexts), is_active=True):
        if not person.email:
            continue
        try:
            with translation.override(settings.LANGUAGE_CODE):
                context = {**contexts[person.pk], "person": person, "base_url": base}
                subject = render_to_string(f"{template}_subject.txt", context)
                body = render_to_string(f"{template}.txt", context)
            send_mail(" ".join(subject.split()), body, None, [person.email])
        except Exception:
            logger.exception("Monitoring mail %s to %s failed", template, person.pk)
