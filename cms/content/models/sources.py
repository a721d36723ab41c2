from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class SourceKind(models.TextChoices):
    PARTY_GOVERNMENT = "party_government", _("Party or government body")
    AUTHORITATIVE_MEDIA = "media", _("Authoritative media")


class ReprintSource(index.Indexed, models.Model):
    """The platform's whitelist of sources a reprint (转载) may come from (R11)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("is_active")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("reprint source")
        verbose_name_plural = _("reprint sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
