"""Wagtail's events that change what the public may see; each hands over to a service."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.content.models import ColumnPage, SiteRootPage
from cms.organisation.models import Unit
from cms.sites.models import SiteIdentity

from . import services, tasks

_CONTAINERS = (ColumnPage, SiteRootPage)


def _after_commit(func, *args):
    transaction.on_commit(lambda: func(*args))


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    _after_commit(tasks.refresh_referrers.enqueue, instance.pk)
    if isinstance(instance, _CONTAINERS):
        # Titles and paths of a container appear in everything below it.
        _after_commit(tasks.refresh_subtree.enqueue, instance.pk)
    else:
        services.public_page_refresh(instance)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    _after_commit(tasks.refresh_referrers.enqueue, instance.pk)
    if isinstance(instance, _CONTAINERS):
        services.public_subtree_remove(instance)
        _after_commit(tasks.remove_subtree.enqueue, instance.pk)
    else:
        services.public_page_refresh(instance)


@receiver(post_page_move)
def on_page_moved(sender, instance, url_path_before, **kwargs):
    _after_commit(tasks.refresh_subtree.enqueue, instance.pk)
    for site in Site.objects.select_related("root_page"):
        if url_path_before.startswith(site.root_page.url_path):
            _after_commit(services.public_site_refresh, site)


@receiver(post_save, sender=PageViewRestriction)
def on_restriction_added(sender, instance, **kwargs):
    services.public_subtree_remove(instance.page)
    _after_commit(services.public_site_for_page_refresh, instance.page)


@receiver(post_delete, sender=PageViewRestriction)
def on_restriction_removed(sender, instance, **kwargs):
    _after_commit(tasks.refresh_subtree.enqueue, instance.page_id)


@receiver(post_delete, sender=ColumnPage)
def on_column_deleted(sender, instance, **kwargs):
    _after_commit(services.public_site_for_page_refresh, instance)


@receiver(post_save, sender=SiteIdentity)
def on_identity_saved(sender, instance, **kwargs):
    _after_commit(services.public_site_refresh, instance.site)


@receiver(post_save, sender=Unit)
def on_unit_saved(sender, instance, created, **kwargs):
    if not created:
        _after_commit(tasks.refresh_unit.enqueue, instance.pk)


@receiver(post_save, sender=Site)
def on_site_saved(sender, instance, **kwargs):
    # Wagtail clears its cache of site roots in a receiver of its own, which may run after
    # this one: clear it first, so the refresh below sees the site as it now is.
    Site.clear_site_root_paths_cache()
    # A site given another root page leaves its old pages outside it.
    _after_commit(services.public_site_prune, instance)
    _after_commit(tasks.refresh_subtree.enqueue, instance.root_page_id)
