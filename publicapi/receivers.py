"""Wagtail's events that change what the public may see; each hands over to a service."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from archive.signals import archive_changed
from cms.content.models import ColumnPage, SiteRootPage
from cms.content.signals import public_view_changed
from cms.organisation.models import Unit
from cms.sites.models import SiteIdentity
from interpretation import links
from search import index

from . import publication, services, tasks

_CONTAINERS = (ColumnPage, SiteRootPage)


def _after_commit(func, *args):
    transaction.on_commit(lambda: func(*args))


def _refresh(page_ids) -> None:
    for page in Page.objects.filter(pk__in=list(page_ids)):
        services.public_page_refresh(page)


def _refresh_with_showing(page) -> None:
    """``page`` (specific), then the pages that show it (a document's interpretations and the
    reverse)."""
    services.public_page_refresh(page)
    _refresh(links.pages_showing(page))


@receiver(page_published)
def on_page_published(sender, instance, **kwargs):
    _after_commit(tasks.refresh_referrers.enqueue, instance.pk)
    if isinstance(instance, _CONTAINERS):
        # Titles and paths of a container appear in everything below it.
        _after_commit(tasks.refresh_subtree.enqueue, instance.pk)
    else:
        _refresh_with_showing(instance)


@receiver(page_unpublished)
def on_page_unpublished(sender, instance, **kwargs):
    _after_commit(tasks.refresh_referrers.enqueue, instance.pk)
    if isinstance(instance, _CONTAINERS):
        services.public_subtree_remove(instance)
        _after_commit(tasks.remove_subtree.enqueue, instance.pk)
    else:
        _refresh_with_showing(instance)


@receiver(public_view_changed)
def on_public_view_changed(sender, page_ids, **kwargs):
    for page in Page.objects.filter(pk__in=list(page_ids)).specific():
        _refresh_with_showing(page)


@receiver(archive_changed)
def on_archive_changed(sender, page_ids, content_type_ids, **kwargs):
    """Filed or restored pages show so everywhere at once: in the transaction that filed them,
    their rows, then the pages linked to them, then the site maps and archive sections."""
    services.public_archive_refresh(page_ids)
    _refresh(links.pages_showing_filed(page_ids, content_type_ids))
    paths = list(Page.objects.filter(pk__in=page_ids).values_list("path", flat=True))
    # A filed or restored column leaves or joins the column tree: the whole site map then.
    refresh = (
        services.public_site_refresh
        if ColumnPage.objects.filter(pk__in=page_ids).exists()
        else services.public_sitemap_archive_refresh
    )
    for site in Site.objects.select_related("root_page"):
        root = site.root_page.path
        if any(path.startswith(root) for path in paths):
            refresh(site)


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


@receiver(post_delete, sender=Page)
def on_page_deleted(sender, instance, **kwargs):
    # The embedded index loses the row with the page (a foreign key); a cluster must be told.
    index.forget_deleted([instance.pk])
    # So does the read model; a published file of the page goes after the commit.
    publication.page_changed(instance.pk)


@receiver(post_delete, sender=Site)
def on_site_deleted(sender, instance, **kwargs):
    # The read model's rows of the site go with it (foreign keys); its published files follow.
    publication.site_changed(instance.pk)
