"""The security log's filters: account, event, outcome and a range of days (Beijing time)."""

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import EventKind, Outcome


class EventFilterForm(forms.Form):
    username = forms.CharField(label=_("Account"), required=False, max_length=150)
    kind = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("All"))] + EventKind.choices
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("All"))] + Outcome.choices
    )
    date_from = forms.DateField(label=_("From (date)"), required=False)
    date_to = forms.DateField(label=_("To (date)"), required=False)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned

    def filter(self, events):
        """``events`` narrowed to the valid filters (all of them when the form is not valid)."""
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data["username"]:
            events = events.filter(username=data["username"].strip())
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["outcome"]:
            events = events.filter(outcome=data["outcome"])
        zone = timezone.get_current_timezone()
        if data["date_from"]:
            start = datetime.combine(data["date_from"], time.min, tzinfo=zone)
            events = events.filter(occurred_at__gte=start)
        if data["date_to"]:
            end = datetime.combine(data["date_to"] + timedelta(days=1), time.min, tzinfo=zone)
            events = events.filter(occurred_at__lt=end)
        return events
