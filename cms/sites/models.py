"""Each Wagtail Site's identity, listed in its footer (R2)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from . import validators

UNITS_REQUIRED = _("The sponsor and the operator must both be set.")


class SiteKind(models.TextChoices):
    PORTAL = "portal", _("Government portal")
    DEPARTMENT = "department", _("Department website")
    TOWNSHIP = "township", _("Township page")


def run_by(units) -> models.Q:
    """A filter for the identities of the sites ``units`` (ids, units or a queryset) sponsor or
    operate: the sites those units run."""
    return models.Q(sponsor_unit__in=units) | models.Q(operator_unit__in=units)


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    kind = models.CharField(_("kind of site"), max_length=20, choices=SiteKind.choices)
    sponsor_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("sponsoring unit"),
        on_delete=models.PROTECT,
        related_name="sponsored_sites",
        null=True,
        help_text=_("主办单位: the body that owns the site."),
    )
    operator_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("operating unit"),
        on_delete=models.PROTECT,
        related_name="operated_sites",
        null=True,
        help_text=_("承办单位: the body that runs the site day to day."),
    )
    site_code = models.CharField(
        _("website identifier code"),
        max_length=10,
        validators=[validators.validate_site_code],
        help_text=_("网站标识码 issued by the national government website registry."),
    )
    icp_number = models.CharField(
        _("ICP filing number"), max_length=40, validators=[validators.validate_icp_number]
    )
    psb_number = models.CharField(
        _("public security filing number"),
        max_length=40,
        validators=[validators.validate_psb_number],
    )
    conac_url = models.URLField(
        _("party and government website mark"),
        blank=True,
        validators=[validators.validate_conac_url],
        help_text=_("Link to the 党政机关网站标识 certificate on conac.cn."),
    )
    english_domain = models.CharField(
        _("English domain"), max_length=253, validators=[validators.validate_gov_domain]
    )
    chinese_domain = models.CharField(
        _("Chinese domain"),
        max_length=100,
        blank=True,
        validators=[validators.validate_chinese_domain],
    )
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    panels = [
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldPanel("sponsor_unit"), FieldPanel("operator_unit")], heading=_("Units")
        ),
        MultiFieldPanel(
            [
                FieldPanel("site_code"),
                FieldPanel("icp_number"),
                FieldPanel("psb_number"),
                FieldPanel("conac_url"),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [FieldPanel("english_domain"), FieldPanel("chinese_domain")], heading=_("Domains")
        ),
        MultiFieldPanel(
            [FieldPanel("contact_phone"), FieldPanel("contact_email"), FieldPanel("address")],
            heading=_("Contact"),
        ),
    ]

    class Meta:
        verbose_name = _("site identity")
        verbose_name_plural = _("site identities")

    def clean(self):
        errors = {}
        if self.sponsor_unit_id is None:
            errors["sponsor_unit"] = ValidationError(UNITS_REQUIRED, code="required")
        if self.operator_unit_id is None:
            errors["operator_unit"] = ValidationError(UNITS_REQUIRED, code="required")
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        return self.site.site_name or self.site.hostname
