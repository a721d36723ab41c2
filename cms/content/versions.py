"""An item's version number: its revisions counted in order, from 1 (第 N 版).

Wagtail numbers revisions across the whole platform, so an item's history showing "版本 1272"
reads as if the item had 1,272 versions. What people are shown is this count instead. The audit
entries record it when written (``editorial.audit``), so that purging old revisions later does
not renumber what an entry says; older entries without it are counted when read.
"""

from wagtail.models import Revision


def version_number(revision: Revision) -> int:
    """Which version of its object ``revision`` is: 1 for the first one saved."""
    return Revision.objects.filter(
        base_content_type_id=revision.base_content_type_id,
        object_id=revision.object_id,
        pk__lte=revision.pk,
    ).count()


def version_of(revision_id: int | None) -> int | None:
    """:func:`version_number` of the revision with this id; None if there is no such revision."""
    revision = Revision.objects.filter(pk=revision_id).first() if revision_id else None
    return version_number(revision) if revision else None
