"""What is entered by hand in a site's yearly report (政府网站工作年度报表).

One row per site, year and row of the report (:mod:`monitoring.reports.yearly.rows`), kept as
its normal form (a number's digits, ``yes``/``no``, an ISO date, text) with who entered it and
when. Only rows the platform's data does not fill are entered
(:mod:`monitoring.reports.yearly.entries` decides and checks).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class YearlyReportEntry(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name=_("site"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    key = models.CharField(_("row of the report"), max_length=40)
    value = models.CharField(_("value"), max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("yearly report entry")
        verbose_name_plural = _("yearly report entries")
        constraints = [
            models.UniqueConstraint(fields=["site", "year", "key"], name="yearly_report_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.site_id} · {self.year} · {self.key}"


class ReportDispatch(models.Model):
    """A monthly reminder or quarterly circular sent to one person about one unit, once."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly reminder")
        QUARTERLY = "quarterly", _("Quarterly circular")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period = models.CharField(_("period"), max_length=10, help_text="2026-12 or 2026Q4")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"))
    mailed = models.BooleanField(_("mailed"))

    class Meta:
        verbose_name = _("report dispatch")
        verbose_name_plural = _("report dispatches")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period", "unit", "recipient"], name="report_dispatch_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} {self.unit_id} → {self.recipient_id}"
