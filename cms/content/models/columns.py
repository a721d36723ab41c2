"""A column (栏目) and who may act on what it holds.

A column is owned by a unit; the unit owning the nearest column at or above a page answers for
the page, and only the people whose roles reach that unit (:mod:`cms.organisation.access`) act
on it. The permission tester is here, beside the column it reads, because every page type names
it (Wagtail asks the page) and a column is a page.
"""

from datetime import timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PagePermissionTester

from cms.organisation.access import units_in_reach
from cms.organisation.people import people_choices, person_label

from .. import holds
from ..tree import ancestor_paths
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
        offered = self.fields.get("item_types")
        if offered is not None:  # a list of ticked types, not JSON typed in
            self.fields["item_types"] = forms.MultipleChoiceField(
                choices=page_type_choices(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=offered.label,
                help_text=offered.help_text,
            )
        for name, message in self.REQUIRED_MESSAGES.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message
        person = self.fields.get("responsible_person")
        if person is not None:
            # 朱玲琳（政务信息科）, not a username; leavers are not offered for a new choice.
            person.queryset = people_choices(including=self.instance.responsible_person_id)
            person.label_from_instance = person_label


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

    # What may be created in the column, as "app_label.ModelName"; empty: every type that may be
    # below a column (:func:`page_type_choices`).
    item_types = models.JSONField(
        _("types offered"),
        default=list,
        blank=True,
        help_text=_(
            "What may be created in this column: information officers are offered these types "
            "only. None ticked: every type."
        ),
    )

    base_form_class = ColumnPageForm
    parent_page_types = ["content.SiteRootPage", "content.ColumnPage"]
    # The ground's own types; the apps above add theirs at start-up (:func:`allow_in_columns`).
    subpage_types = [
        "content.ColumnPage",
        "content.NewsPage",
        "content.NoticePage",
        "content.TopicPage",
        "content.ResponsePage",
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
        FieldPanel("item_types"),
    ]

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")

    def permissions_for_user(self, user):
        return UnitScopedPermissionTester(user, self)

    def accepts(self, model) -> bool:
        """Whether pages of ``model`` may be created in this column (Wagtail's own rules aside)."""
        return not self.item_types or model._meta.label in self.item_types

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


def owning_unit_id(page: Page, known: dict[str, int | None] | None = None) -> int | None:
    """The unit responsible for the nearest column at or above ``page``, if any.

    ``known`` (a page path → this answer, filled as pages are answered) spares the reads: a
    page that is not a column has its parent's answer, so the rows of a listing, which share
    their parent, cost one read in all; a column loaded as such answers by itself."""
    if known is None:
        known = {}
    if page.path in known:
        return known[page.path]
    parent = page.path[: -Page.steplen]
    if parent in known:
        if isinstance(page, ColumnPage) and "responsible_unit_id" in page.__dict__:
            known[page.path] = page.responsible_unit_id
            return known[page.path]
        kind = page.specific_class
        if kind is not None and not issubclass(kind, ColumnPage):
            known[page.path] = known[parent]
            return known[page.path]
    chain = ancestor_paths(page)
    units = dict(
        ColumnPage.objects.filter(path__in=chain).values_list("path", "responsible_unit_id")
    )
    answer = None
    for path in chain:  # from the root down: the nearest column at or above each
        answer = units.get(path, answer)
        known[path] = answer
    return answer


def pages_in_reach(user, roles=None) -> Q:
    """A filter for the pages whose owning column belongs to a unit in ``user``'s reach.

    Conservative: a column of another unit nested in one of the user's columns is cut out
    with everything below it. Superusers reach every page.
    """
    if user.is_superuser:
        return Q()
    reach = units_in_reach(user, roles)
    columns = list(ColumnPage.objects.values_list("path", "responsible_unit_id"))
    mine = [path for path, unit_id in columns if unit_id in reach]
    if not mine:
        return Q(pk__in=[])
    theirs = [
        path
        for path, unit_id in columns
        if unit_id not in reach and any(path.startswith(own) for own in mine)
    ]
    included = Q()
    for path in mine:
        included |= Q(path__startswith=path)
    for path in theirs:
        included &= ~Q(path__startswith=path)
    return included


class UnitScopedPermissionTester(PagePermissionTester):
    """Wagtail's tester, but a person outside the owning unit's reach gets no permission.

    Page permissions are inherited down the tree in Wagtail; a column owned by another unit
    nested in one's own column must still be out of one's hands.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser and self.permissions:
            # Read once per request for a listing's rows (the person's caches go with the
            # response: cms.access.middleware).
            owner = owning_unit_id(page, known=user.__dict__.setdefault("_owning_units", {}))
            if owner is not None and owner not in units_in_reach(user):
                self.permissions = set()

    # A held page (cms.content.holds: filed, archive/) is read-only for everybody, superusers
    # included; a page holding held pages below it keeps its place, so their addresses stay.

    def _held(self) -> bool:
        return holds.is_held(self.page)

    def _holds_held(self) -> bool:
        return holds.holds_within(self.page)

    def can_edit(self):
        return not self._held() and super().can_edit()

    def can_add_subpage(self):
        return not self._held() and super().can_add_subpage()

    def can_publish(self):
        return not self._held() and super().can_publish()

    def can_unpublish(self):
        return not self._held() and super().can_unpublish()

    def can_submit_for_moderation(self):
        return not self._held() and super().can_submit_for_moderation()

    def can_set_view_restrictions(self):
        return not self._held() and super().can_set_view_restrictions()

    def can_delete(self, ignore_bulk=False):
        if self._holds_held():
            return False
        if self.page.live and not self.user.is_superuser and "publish" not in self.permissions:
            # Wagtail's own answer for a live page and a person without "publish" — nobody
            # holds it (R17) — without its query for live pages in the subtree (it is one).
            return False
        return super().can_delete(ignore_bulk)

    def can_publish_subpage(self):
        return not self._held() and super().can_publish_subpage()

    def can_move(self):
        return not self._holds_held() and super().can_move()

    def can_move_to(self, destination):
        if self._holds_held() or holds.is_held(destination):
            return False
        return super().can_move_to(destination)


def page_type_choices() -> list[tuple[str, str]]:
    """The types a column may offer, for its form: every type Wagtail allows below a column."""
    return [
        (model._meta.label, capfirst(model.get_verbose_name()))
        for model in ColumnPage.allowed_subpage_models()
    ]


def allow_in_columns(*model_labels: str) -> None:
    """Let pages of these types (``"app_label.ModelName"``) be created in columns: called by the
    apps above from their ``ready()``, before Wagtail first reads a column's page types."""
    for label in model_labels:
        if label not in ColumnPage.subpage_types:
            ColumnPage.subpage_types.append(label)
