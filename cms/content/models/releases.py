from django.db import models
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    """What the public is given of one cleared revision beyond its own fields.

    A revision names files, images and snippets by id, and the library can change under an id
    (a new file under the same name, another title, alt text or map flag, a renamed reprint
    source). When review clears a revision, what it showed is frozen here: each file's and
    image's metadata with an immutable copy of its bytes (and of the image's renditions), each
    snippet's public label. The public representation of an item reads its live revision and
    this, never the library (:mod:`cms.content.releases`).
    """

    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="release"
    )
    # {"documents": {id: {...}}, "images": {id: {...}}, "labels": {model: {id: {...}}}}
    data = models.JSONField(_("frozen references"), default=dict)
    # Frozen when review cleared the revision, or later for content that never went through
    # review here (historical imports, releases made when this feature was installed).
    frozen_at_review = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self) -> str:
        return f"release of revision {self.revision_id}"


class ReleasedPageLink(models.Model):
    """A page a cleared revision points to — a link in its text, a page it names, an inline
    row's page — kept with its release: who links where, as review cleared it (a link row
    changed below ``save()`` is not this)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="page_links")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    # Where in the revision: a field name, or "<inline relation>.<field>".
    field = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("page linked by a release")
        verbose_name_plural = _("pages linked by releases")
        indexes = [models.Index(fields=["page", "field"], name="released_link_target")]

    def __str__(self) -> str:
        return f"{self.release} → page {self.page_id} ({self.field})"
