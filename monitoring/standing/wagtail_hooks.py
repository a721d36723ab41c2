"""The person's choice of monitoring mail, on their account page beside Wagtail's own
notification preferences."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from .models import WarningPreference


class WarningPreferenceForm(forms.ModelForm):
    class Meta:
        model = WarningPreference
        fields = ["mail_warnings"]


@hooks.register("register_account_settings_panel")
class WarningPreferencePanel(BaseSettingsPanel):
    name = "monitoring_warnings"
    title = _("Monitoring warnings")
    tab = notifications_tab
    order = 150
    form_class = WarningPreferenceForm

    def get_form(self):
        preference = WarningPreference.objects.filter(user=self.user).first()
        instance = preference or WarningPreference(user=self.user)
        if self.request.method == "POST":
            return self.form_class(self.request.POST, instance=instance, prefix=self.name)
        return self.form_class(instance=instance, prefix=self.name)
