from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Unit

PARENT_CANNOT_BE_INSIDE = _("A unit cannot be placed below itself or one of its own units.")


class UnitForm(WagtailAdminModelForm):
    """Units form a tree: a new unit is placed under its parent; an existing one may move."""

    parent = forms.ModelChoiceField(
        queryset=Unit.objects.all(),
        required=False,
        label=_("parent unit"),
        help_text=_("Leave empty for a top-level government."),
    )

    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "credit_code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].initial = self.instance.get_parent()

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if parent and self.instance.pk and parent.path.startswith(self.instance.path):
            raise forms.ValidationError(PARENT_CANNOT_BE_INSIDE, code="cycle")
        return parent

    def save(self, commit=True):
        unit = super().save(commit=False)
        parent = self.cleaned_data.get("parent")
        if unit.pk is None:
            return parent.add_child(instance=unit) if parent else Unit.add_root(instance=unit)
        unit.save()
        if parent != unit.get_parent():
            if parent:
                unit.move(parent, pos="sorted-child")
            else:
                unit.move(Unit.get_first_root_node(), pos="sorted-sibling")
            unit.refresh_from_db()
        return unit
