"""The reason an administrator gives for an action that skips the usual path (a take-down, a
filing, a restore): one form and one check, each action with its own message."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIN_LENGTH = 2
MAX_LENGTH = 1000


def checked_reason(reason: str | None, message) -> str:
    """``reason`` stripped, or a ``ValidationError`` with ``message`` when it is too short."""
    reason = (reason or "").strip()
    if len(reason) < MIN_LENGTH:
        raise ValidationError(message, code="reason")
    return reason


class ReasonForm(forms.Form):
    """A required reason; a subclass sets ``required_message``, which names what it is for."""

    required_message = None

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=MIN_LENGTH,
        max_length=MAX_LENGTH,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        messages = self.fields["reason"].error_messages
        messages["required"] = messages["min_length"] = self.required_message
