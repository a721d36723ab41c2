from django import forms
from django.utils.translation import gettext_lazy as _

from .filing import REASON_REQUIRED


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=2,
        max_length=1000,
        error_messages={"required": REASON_REQUIRED, "min_length": REASON_REQUIRED},
    )
