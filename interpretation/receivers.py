"""Wagtail's events that concern documents and interpretations; each hands over to a module."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_unpublished

from archive.signals import archive_changed
from cms.publicapi.services import public_page_refresh

from . import deadlines, links
from .index_numbers import assign_index_number
from .models import IndexNumber, InterpretationPage, InterpretedDocument, PolicyDocumentPage


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


def _refresh(page_ids) -> None:
    for page in Page.objects.filter(pk__in=list(page_ids)):
        public_page_refresh(page)


@receiver(page_published)
def on_published(sender, instance, **kwargs):
    if isinstance(instance, PolicyDocumentPage):
        numbered = IndexNumber.objects.filter(page_id=instance.pk).exists()
        assign_index_number(instance)
        deadlines.record_disclosure(instance.pk, instance.information_formed_on)
        if not numbered:
            public_page_refresh(instance)  # now with its index number
        _refresh(links.interpretation_ids_of(instance.pk))
    elif isinstance(instance, InterpretationPage):
        _refresh(links.document_ids_of(instance.pk))


@receiver(page_unpublished)
def on_unpublished(sender, instance, **kwargs):
    if isinstance(instance, PolicyDocumentPage):
        _refresh(links.interpretation_ids_of(instance.pk))
    elif isinstance(instance, InterpretationPage):
        _refresh(links.document_ids_of(instance.pk))


@receiver(archive_changed)
def on_archive_changed(sender, page_ids, content_type_ids, **kwargs):
    """A filed or restored document or interpretation shows so where the other links to it."""
    ours = ContentType.objects.get_for_models(PolicyDocumentPage, InterpretationPage).values()
    if not content_type_ids & {content_type.pk for content_type in ours}:
        return  # a batch of news and notices: nothing links to them
    linked = InterpretedDocument.objects.filter(
        Q(document_id__in=page_ids) | Q(interpretation_id__in=page_ids)
    ).values_list("document_id", "interpretation_id")
    filed = set(page_ids)
    others = {page_id for pair in linked for page_id in pair} - filed
    replacing = PolicyDocumentPage.objects.filter(replaced_by_id__in=page_ids).values_list(
        "pk", flat=True
    )
    _refresh(others | (set(replacing) - filed))
