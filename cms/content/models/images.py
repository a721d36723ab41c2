import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image

# 审图号: GS(2019)1822号, GS京(2022)1061号, 陕S(2021)005号 — with ASCII or full-width brackets.
MAP_APPROVAL_RE = re.compile(
    r"^(GS[\u4e00-\u9fff]?|[\u4e00-\u9fff][A-Z]?S)[(（]\d{4}[)）]\d{1,6}号$", re.ASCII
)
MAP_NEEDS_APPROVAL = _("A map must carry its map approval number (审图号), such as GS(2019)1822号.")
INVALID_MAP_APPROVAL = _("The map approval number must look like GS(2019)1822号 or 陕S(2021)005号.")


class PlatformImage(AbstractImage):
    """The platform's shared image library; a map must carry its approval number (R12)."""

    is_map = models.BooleanField(_("this image is a map"), default=False)
    map_approval_number = models.CharField(
        _("map approval number"),
        max_length=40,
        blank=True,
        help_text=_("审图号, required for every map that is not a standard map."),
    )

    admin_form_fields = Image.admin_form_fields + ("is_map", "map_approval_number")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def clean(self):
        super().clean()
        number = (self.map_approval_number or "").strip()
        self.map_approval_number = number
        if self.is_map and not number:
            raise ValidationError({"map_approval_number": MAP_NEEDS_APPROVAL}, code="required")
        if number and not MAP_APPROVAL_RE.match(number):
            raise ValidationError({"map_approval_number": INVALID_MAP_APPROVAL}, code="invalid")


class PlatformRendition(AbstractRendition):
    image = models.ForeignKey(PlatformImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
