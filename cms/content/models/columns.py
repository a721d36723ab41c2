from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from ..update_rules import UpdateCategory, max_update_interval
from .base import BasePage

COLUMN_NEEDS_UNIT = _("Every column needs a responsible unit (栏目责任单位).")
COLUMN_NEEDS_PERSON = _("Every column needs a responsible person.")


class ColumnPageForm(WagtailAdminPageForm):
    """The admin form says which responsibility is missing, not just "required"."""

    REQUIRED_MESSAGES = {
        "responsible_unit": COLUMN_NEEDS_UNIT,
        "responsible_person": COLUMN_NEEDS_PERSON,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.REQUIRED_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message


class ColumnPage(BasePage):
    """A column (栏目): owned by a unit and a person, updated at least as often as its category."""

    public_type = "column"

    description = models.TextField(_("description"), blank=True, max_length=500)
    responsible_unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="columns",
        error_messages={
            "null": COLUMN_NEEDS_UNIT,
            "blank": COLUMN_NEEDS_UNIT,
            "required": COLUMN_NEEDS_UNIT,
        },
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="+",
        error_messages={
            "null": COLUMN_NEEDS_PERSON,
            "blank": COLUMN_NEEDS_PERSON,
            "required": COLUMN_NEEDS_PERSON,
        },
    )
    update_category = models.CharField(
        _("update category"),
        max_length=20,
        choices=UpdateCategory.choices,
        default=UpdateCategory.IRREGULAR,
        help_text=_("Decides the longest time the column may go without a new item."),
    )

    base_form_class = ColumnPageForm
    parent_page_types = ["content.SiteRootPage", "content.ColumnPage"]
    subpage_types = [
        "content.ColumnPage",
        "content.NewsPage",
        "content.NoticePage",
        "content.TopicPage",
        "content.ResponsePage",
        "interpretation.PolicyDocumentPage",
        "interpretation.InterpretationPage",
    ]
    content_panels = [
        *BasePage.content_panels,
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("responsible_unit"),
                FieldPanel("responsible_person"),
                FieldPanel("update_category"),
            ],
            heading=_("Responsibility"),
        ),
    ]

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")

    @property
    def max_update_interval(self) -> timedelta:
        return max_update_interval(self.update_category)

    def public_summary(self) -> dict[str, Any]:
        return {
            **super().public_summary(),
            "description": self.description,
            "update_category": self.update_category,
            "responsible_unit": self.responsible_unit.name,
        }
