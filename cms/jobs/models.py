from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """The run of a scheduled job going on now: one at a time, so that a run cron starts while
    the last is still going does not do the same work beside it. A run that dies without ending
    leaves its row until ``expires_at``; the next run then takes over."""

    name = models.CharField(_("job"), max_length=50, unique=True)
    holder = models.CharField(_("held by"), max_length=200)
    started_at = models.DateTimeField(_("started at"))
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("running job")
        verbose_name_plural = _("running jobs")

    def __str__(self) -> str:
        return f"{self.name} ({self.holder})"
