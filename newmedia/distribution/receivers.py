"""The publication, take-down or deletion of an item queue its deliveries, in the same
transaction."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from cms.content.models import ContentItemPage

from . import outbox


@receiver(page_published)
def on_page_published(sender, instance, revision=None, **kwargs):
    if isinstance(instance, ContentItemPage):
        revision = revision or instance.live_revision
        if revision is not None:
            outbox.deliveries_for_publication(instance, revision)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ContentItemPage):
        outbox.deliveries_for_takedown(instance)


@receiver(pre_delete)
def on_page_deleted(sender, instance, **kwargs):
    # Deleting a live item sends no page_unpublished: what the channels hold is withdrawn too.
    if isinstance(instance, ContentItemPage) and instance.live:
        outbox.deliveries_for_takedown(instance, deleted=True)
