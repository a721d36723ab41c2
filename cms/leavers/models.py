"""The record of a handover: who left, who took over, who did it, when, why, and how much of each
part moved. People are kept by foreign key and by name: a deleted account leaves the record
readable."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Handover(models.Model):
    leaver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leaver"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    leaver_name = models.CharField(_("leaver"), max_length=150)
    successor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("successor"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    successor_name = models.CharField(_("successor"), max_length=150)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("handed over by"), max_length=150, blank=True)
    handed_over_at = models.DateTimeField(_("handed over at"), db_index=True)
    reason = models.TextField(_("reason"))
    # {part key: {"label": the part's label then, "count": how many moved}}, in part order.
    counts = models.JSONField(_("what moved"), default=dict)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-handed_over_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.leaver_name} → {self.successor_name}"

    def moved(self) -> list[tuple[str, int]]:
        return [(entry["label"], entry["count"]) for entry in self.counts.values()]
