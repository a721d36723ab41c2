"""Records of disclosure kept beside the documents, not in their revisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexNumber(models.Model):
    """索引号: assigned once, when a document first goes live, and never changed."""

    page = models.OneToOneField(
        "interpretation.PolicyDocumentPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="index_record",
    )
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    number = models.CharField(_("index number (索引号)"), max_length=40, unique=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("index number")
        verbose_name_plural = _("index numbers")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "serial"], name="one_serial_per_unit_year"
            )
        ]

    def __str__(self) -> str:
        return self.number


class IndexSerial(models.Model):
    """The last serial given by a unit in a year; locked while the next one is taken."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="one_counter_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"


class DisclosureDeadline(models.Model):
    """When the proactive disclosure of a document's current information is due (R10).

    Written when a revision is saved with a new date of formation and stamped when that
    information goes live, so monitoring reads one indexed table, not revisions.
    """

    page = models.OneToOneField(
        "interpretation.PolicyDocumentPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="deadline",
    )
    formed_on = models.DateField(_("information formed or changed on"))
    due_on = models.DateField(_("disclosure due on"), null=True, blank=True)
    disclosed_at = models.DateTimeField(_("disclosed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("disclosure deadline")
        verbose_name_plural = _("disclosure deadlines")
        indexes = [models.Index(fields=["disclosed_at", "due_on"], name="deadline_open_due")]

    def __str__(self) -> str:
        return f"{self.page_id}: {self.due_on}"
