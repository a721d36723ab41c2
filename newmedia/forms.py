"""The admin's forms: an account's registration (the menu written as text, the rules of
:mod:`newmedia.registry` and :mod:`newmedia.lifecycle` applied), a request, a decision."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.organisation.models import Unit

from . import access, lifecycle, menus, registry
from .models import Platform, RequestKind

OTHER_NEEDS_NAME = _("Name the platform when it is “other”.")
LICENCE_NEEDS_NUMBER = _("Give the licence number of the internet news information licence.")


class AccountForm(WagtailAdminModelForm):
    menu_text = forms.CharField(
        label=_("menu structure"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One item a line, up to three levels; indent a second-level item by two spaces, a "
            "third-level one by four; a note after “|”. For WeChat and apps."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["menu_text"].initial = menus.render(self.instance.menu)
        user = getattr(self, "for_user", None)
        managed = access.managed_unit_ids(user) if user is not None else None
        if managed is not None and "sponsor_unit" in self.fields:
            self.fields["sponsor_unit"].queryset = Unit.objects.filter(pk__in=managed)

    def clean_menu_text(self):
        return menus.parse(self.cleaned_data.get("menu_text", ""))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("platform") == Platform.OTHER and not cleaned.get("platform_other"):
            self.add_error("platform_other", OTHER_NEEDS_NAME)
        if cleaned.get("platform") != Platform.OTHER:
            cleaned["platform_other"] = ""
            self.instance.platform_other = ""
        if cleaned.get("news_licence") and not cleaned.get("news_licence_number"):
            self.add_error("news_licence_number", LICENCE_NEEDS_NUMBER)
        locked = lifecycle.locked_fields(self.instance, self.changed_data)
        if locked:
            labels = "、".join(str(self.fields[name].label) for name in locked)
            raise ValidationError(str(lifecycle.LOCKED) % {"fields": labels})
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.errors or self.instance.sponsor_unit_id is None:
            return
        refusal = registry.refusal(self.instance)
        if refusal:
            self.add_error(None, refusal)

    def save(self, commit=True):
        self.instance.menu = self.cleaned_data.get("menu_text") or []
        return super().save(commit=commit)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("request"), choices=RequestKind.choices)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))
    name = forms.CharField(label=_("new account name"), required=False, max_length=100)
    account_id = forms.CharField(label=_("new account ID"), required=False, max_length=100)
    link = forms.URLField(label=_("new access link"), required=False)
    introduction = forms.CharField(
        label=_("new introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def changes(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in lifecycle.CHANGEABLE}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a refusal."),
    )
