"""The publication, take-down or deletion of an item queue its deliveries, in the same
transaction; so does a change of its public address (the item or a column above it moved, or
a column above it published under a new slug)."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.content.models import ContentItemPage

from . import outbox


@receiver(page_published)
def on_page_published(sender, instance, revision=None, **kwargs):
    if isinstance(instance, ContentItemPage):
        revision = revision or instance.live_revision
        if revision is not None:
            outbox.deliveries_for_publication(instance, revision)
    else:
        outbox.deliveries_for_new_address(instance)


@receiver(post_page_move)
def on_page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    if url_path_before != url_path_after:
        outbox.deliveries_for_new_address(instance)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    if isinstance(instance, ContentItemPage):
        outbox.deliveries_for_takedown(instance)


@receiver(pre_delete)
def on_page_deleted(sender, instance, **kwargs):
    # Deleting a live item sends no page_unpublished: what the channels hold is withdrawn too.
    if isinstance(instance, ContentItemPage) and instance.live:
        outbox.deliveries_for_takedown(instance, deleted=True)
