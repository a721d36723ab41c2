"""The shared library (R1) under live content: a file or image an item shows cannot be deleted.

The public is served the copies review cleared (:mod:`cms.content.releases`), so deleting a
library file would not change a live item; but an editor working on the item's next version
would lose it without a word. What a live item (or a cleared item waiting for its time) shows is
refused deletion, whoever asks and however: the admin, a bulk action, code.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Revision

from .models import Release

IN_LIVE_USE = _(
    "This file is shown by published content (%(titles)s) and cannot be deleted. Take that "
    "content down, or remove the file from it through review, first."
)


class InLiveUse(PermissionDenied):
    pass


def live_users(kind: str, pk) -> list[Page]:
    """The live or scheduled pages whose cleared version shows library object ``pk`` of
    ``kind`` ("documents" or "images")."""
    showing = Release.objects.filter(**{f"data__{kind}__has_key": str(pk)})
    revisions = Revision.objects.filter(
        Q(pk__in=Page.objects.filter(live=True).values("live_revision_id"))
        | Q(approved_go_live_at__isnull=False),
        pk__in=showing.values("revision_id"),
    )
    object_ids = {int(object_id) for object_id in revisions.values_list("object_id", flat=True)}
    return list(Page.objects.filter(pk__in=object_ids).order_by("path"))


def assert_deletable(kind: str, pk) -> None:
    users = live_users(kind, pk)
    if users:
        titles = "、".join(page.title for page in users[:5])
        raise InLiveUse(IN_LIVE_USE % {"titles": titles})
