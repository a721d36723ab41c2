from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .forms import UnitForm
from .models import RoleAssignment, Unit


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Units")
    list_display = ["name", "kind", "credit_code"]
    search_fields = ["name", "short_name"]
    ordering = ["path"]
    edit_handler = ObjectList(
        [
            FieldPanel("parent"),
            FieldPanel("name"),
            FieldPanel("short_name"),
            FieldPanel("kind"),
            FieldPanel("credit_code"),
        ],
        base_form_class=UnitForm,
    )


class RoleAssignmentViewSet(SnippetViewSet):
    model = RoleAssignment
    icon = "user"
    menu_label = _("Roles")
    list_display = ["user", "unit", "role", "assigned_at"]
    list_filter = ["role"]


class OrganisationGroup(SnippetViewSetGroup):
    items = (UnitViewSet, RoleAssignmentViewSet)
    menu_icon = "group"
    menu_label = _("Organisation")
    menu_name = "organisation"


register_snippet(OrganisationGroup)
