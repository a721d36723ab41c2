from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PasswordRecord(models.Model):
    """When a person last set their password; passwords expire after 90 days (R35)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_record"
    )
    changed_at = models.DateTimeField(_("password changed at"))

    class Meta:
        verbose_name = _("password record")
        verbose_name_plural = _("password records")

    def __str__(self) -> str:
        return f"{self.user} · {self.changed_at:%Y-%m-%d}"
