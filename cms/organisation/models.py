"""Government units (单位) and the roles people hold in them.

A person's role in a unit is the one source of what they may do: Wagtail groups and page
permissions are derived from role assignments by :mod:`cms.access.permissions`.
"""

from django.conf import settings
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from treebeard.mp_tree import MP_Node

from .validators import validate_credit_code


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("People's government")
    OFFICE = "office", _("General office")
    DEPARTMENT = "department", _("Department")
    TOWNSHIP = "township", _("Township or sub-district")
    INSTITUTION = "institution", _("Public institution")
    # In context: Wagtail's keyboard shortcuts dialog says "Section" too, of another thing.
    SECTION = "section", pgettext_lazy("unit kind", "Section")


# Sent once a unit has moved in the tree (``Unit.move``; treebeard sends no signal): ``instance``
# is the unit as stored after the move, ``previous_parent_id`` its parent's id before (None for
# a top-level unit). ``receivers`` moves its library collection and re-derives the role groups.
unit_moved = Signal()


class Unit(MP_Node):
    """A government body in the supervision tree, down to its sections (科室)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18 characters; used in the index numbers of disclosed documents."),
    )

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def move(self, target, pos=None):
        with transaction.atomic():
            previous_parent = type(self).objects.get(pk=self.pk).get_parent()
            super().move(target, pos)
            unit_moved.send(
                sender=type(self),
                instance=type(self).objects.get(pk=self.pk),
                previous_parent_id=previous_parent.pk if previous_parent else None,
            )


class Role(models.TextChoices):
    INFO_OFFICER = "info_officer", _("Information officer")
    SECTION_CHIEF = "section_chief", _("Section chief")
    DEPUTY_HEAD = "deputy_head", _("Deputy head in charge")
    PRINCIPAL_HEAD = "principal_head", _("Principal head")
    SITE_ADMIN = "site_admin", _("Website administrator")


class RoleAssignment(models.Model):
    """A person holds a role in a unit; it reaches the unit and the units below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_role_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"


class UnitRoleGroup(models.Model):
    """The Wagtail group derived from one (unit, role) pair; managed, never edited by hand."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="role_groups")
    role = models.CharField(max_length=20, choices=Role.choices)
    group = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="unit_role")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "role"], name="unique_unit_role_group")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()}"


class UnitCollection(models.Model):
    """The unit's part of the shared image and document library: a Wagtail collection below its
    parent unit's (a top-level unit's below the root one), named after the unit. Managed by
    :mod:`cms.access.permissions`, never edited by hand: a role edits files in the
    collection of its unit and so in those below it, the collections of the units below it."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="library_link")
    collection = models.OneToOneField(
        "wagtailcore.Collection", on_delete=models.CASCADE, related_name="unit_link"
    )

    def __str__(self) -> str:
        return f"{self.unit} · {self.collection}"
