from django.db import models
from django.utils.translation import gettext_lazy as _


class HeldPublication(models.Model):
    """A revision that passed every stage of review and waits for its bundle (三同步, R21)."""

    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    held_at = models.DateTimeField(_("held since"), auto_now_add=True)

    class Meta:
        verbose_name = _("publication waiting for its bundle")
        verbose_name_plural = _("publications waiting for their bundle")

    def __str__(self) -> str:
        return f"{self.page_id}@{self.revision_id}"
