"""The forms of two-step verification: a code (from the authenticator app, or a recovery
code), and the account an administrator resets."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
    )


class ResetForm(forms.Form):
    username = forms.CharField(label=_("Account"), max_length=150)
