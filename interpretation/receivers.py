"""Wagtail's events that concern documents and interpretations; each hands over to a module.

What the public sees of the pages linked to a document or an interpretation follows in the
public read model (:mod:`publicapi.receivers`), from :mod:`interpretation.links`.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Revision
from wagtail.signals import page_published

from cms.content.signals import public_view_changed

from . import deadlines
from .index_numbers import assign_index_number
from .models import IndexNumber, PolicyDocumentPage


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@receiver(post_save, sender=Revision)
def deadline_follows_formation(sender, instance, created, **kwargs):
    if not created or instance.content_type_id is None:
        return
    # Every revision of the platform passes here: the cached content type, not a query.
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    if model is not PolicyDocumentPage:
        return
    content = instance.content or {}
    formed = _date(content.get("formed_on")) or _date(content.get("written_on"))
    deadlines.record_formation(int(instance.object_id), formed)


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    if isinstance(instance, PolicyDocumentPage):
        numbered = IndexNumber.objects.filter(page_id=instance.pk).exists()
        assign_index_number(instance)
        deadlines.record_disclosure(instance.pk, instance.information_formed_on)
        if not numbered:
            # Shown with its index number, whichever of the receivers rendered it first.
            public_view_changed.send(sender=PolicyDocumentPage, page_ids=[instance.pk])
