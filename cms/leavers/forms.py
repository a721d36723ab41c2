"""The handover form: the successor (among those the actor may name, shown as 朱玲琳（政务信息科）)
and the reason. A successor posted from outside the offer is refused with the rule's own
message (:func:`cms.leavers.services.successor_refusal`), never a bare "invalid choice"."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cms.organisation.people import person_label, with_units

from . import services


class HandoverForm(forms.Form):
    successor = forms.TypedChoiceField(
        label=_("Successor"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Everything listed above moves to this person."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=services.MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the person leaves, e.g. transferred to another post or retired."),
    )

    def __init__(self, *args, actor, leaver, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor, self.leaver = actor, leaver
        offered = with_units(services.successors_for(actor, leaver))
        field = self.fields["successor"]
        field.choices = [("", "---------")] + [
            (person.pk, person_label(person)) for person in offered
        ]
        # Any id is taken and then checked by the rule, which says why it is refused.
        field.valid_value = lambda value: True

    def clean_successor(self):
        pk = self.cleaned_data.get("successor")
        person = get_user_model().objects.filter(pk=pk).first() if pk is not None else None
        refusal = services.successor_refusal(self.actor, self.leaver, person)
        if refusal:
            raise forms.ValidationError(refusal)
        return person

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError(services.REASON_REQUIRED)
        return reason
