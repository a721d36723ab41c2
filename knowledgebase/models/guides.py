"""办事指南: the guide to one government service, with the fields every county's guide has (R9)."""

from typing import Any

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from cms.content.models import ContentItemPage
from cms.labels import public_label

from .topics import ServiceTopic


class MaterialBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("material"), max_length=200)
    requirement = blocks.CharBlock(
        label=_("requirement"),
        max_length=200,
        required=False,
        help_text=_("Originals or copies, how many, and any condition: 原件1份, 复印件2份 …"),
    )

    class Meta:
        icon = "doc-full"
        label = _("application material")


class ServiceGuidePage(ContentItemPage):
    """办事指南. The title is the service's name (事项名称)."""

    public_type = "guide"

    topic = models.CharField(_("topic"), max_length=20, choices=ServiceTopic.choices)
    implementing_body = models.CharField(
        _("implementing body (实施主体)"),
        max_length=100,
        help_text=_("The unit that decides on applications."),
    )
    legal_basis = models.TextField(
        _("legal basis (办理依据)"), help_text=_("Laws and regulations with their articles.")
    )
    conditions = models.TextField(_("conditions of acceptance (受理条件)"))
    materials = StreamField(
        [("material", MaterialBlock())],
        verbose_name=_("application materials (申请材料)"),
        blank=True,
    )
    process = models.TextField(_("process (办理流程)"), help_text=_("One step per line."))
    legal_time_limit = models.CharField(
        _("statutory time limit (法定时限)"), max_length=50, help_text=_("For example 20个工作日.")
    )
    promised_time_limit = models.CharField(
        _("promised time limit (承诺时限)"), max_length=50, help_text=_("For example 即办.")
    )
    fees = models.CharField(_("fees (收费标准)"), max_length=200, default="不收费")
    place_and_hours = models.TextField(_("place and hours (办理地点和时间)"))
    phone = models.CharField(_("enquiry telephone (咨询电话)"), max_length=50)
    online_url = models.URLField(
        _("online service address (在线办理链接)"),
        blank=True,
        help_text=_("Where the service can be applied for online, if it can."),
    )

    content_panels = [
        *ContentItemPage.content_panels[:2],
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("topic"), FieldPanel("implementing_body")]),
                FieldPanel("legal_basis"),
                FieldPanel("conditions"),
                FieldPanel("materials"),
                FieldPanel("process"),
                FieldRowPanel([FieldPanel("legal_time_limit"), FieldPanel("promised_time_limit")]),
                FieldPanel("fees"),
                FieldPanel("place_and_hours"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("online_url")]),
            ],
            heading=_("Service guide"),
        ),
        *ContentItemPage.content_panels[2:],
    ]
    search_fields = [
        *ContentItemPage.search_fields,
        *[
            field
            for name in ("implementing_body", "conditions", "material_names", "process")
            # The admin's search asks by autocomplete (search/wagtail_backend.py).
            for field in (index.SearchField(name), index.AutocompleteField(name))
        ],
    ]

    class Meta:
        verbose_name = _("service guide")
        verbose_name_plural = _("service guides")

    def material_names(self) -> str:
        return " ".join(block.get("value", {}).get("name", "") for block in self.materials.raw_data)

    def public_materials(self) -> list[dict[str, str]]:
        return [
            {
                "name": strip_tags(block.get("value", {}).get("name", "")),
                "requirement": strip_tags(block.get("value", {}).get("requirement", "") or ""),
            }
            for block in self.materials.raw_data
        ]

    def public_summary(self) -> dict[str, Any]:
        return {
            **super().public_summary(),
            "topic": {"code": self.topic, "label": public_label(self.get_topic_display())},
            "implementing_body": self.implementing_body,
            "online_url": self.online_url or None,
        }

    def public_detail(self) -> dict[str, Any]:
        return {
            **super().public_detail(),
            "legal_basis": self.legal_basis,
            "conditions": self.conditions,
            "materials": self.public_materials(),
            "process": self.process,
            "legal_time_limit": self.legal_time_limit,
            "promised_time_limit": self.promised_time_limit,
            "fees": self.fees,
            "place_and_hours": self.place_and_hours,
            "phone": self.phone,
        }
