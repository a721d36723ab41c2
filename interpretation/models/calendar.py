from django.db import models
from django.utils.translation import gettext_lazy as _


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Statutory holiday (放假)")
    WORKDAY = "workday", _("Make-up working day (调休上班)")


class OfficialDay(models.Model):
    """One day of the State Council's holiday schedule, entered by an administrator for a year
    the calendar package does not know yet, or to correct it."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("holiday"), max_length=40, help_text=_("e.g. 春节, 国庆节"))

    class Meta:
        verbose_name = _("official holiday schedule day")
        verbose_name_plural = _("official holiday schedule")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name} · {self.get_kind_display()}"
