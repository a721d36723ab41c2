"""Work that can take a while (a column's whole subtree) runs as a django-tasks task."""

from django_tasks import task
from wagtail.models import Page

from .services import (
    public_referrers_refresh,
    public_site_for_page_refresh,
    public_subtree_refresh,
    public_subtree_remove,
    public_unit_refresh,
)


@task()
def refresh_subtree(page_id: int) -> None:
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        public_subtree_refresh(page)
        public_site_for_page_refresh(page)


@task()
def remove_subtree(page_id: int) -> None:
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        public_subtree_remove(page)
        public_site_for_page_refresh(page)


@task()
def refresh_unit(unit_id: int) -> None:
    """A unit's name appears in site footers, its columns and the items it co-issued."""
    public_unit_refresh(unit_id)


@task()
def refresh_referrers(page_id: int) -> None:
    """A page became public or stopped being public: the links to it follow."""
    public_referrers_refresh(page_id)
