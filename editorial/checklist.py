"""What a reviewer must answer (R16) and a proofreader confirm (R15), validated on the server.

An approval may also carry the reason for passing blocking check findings (R13); whether one
may or must be given depends on the record approved (:mod:`editorial.findings`), which the
services hand to the form, and which the admin's form names in a hidden field so the reviewer
is told at once.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import findings

# 001 第十六条: the eleven questions every reviewer answers. Each box says "checked, none found".
REVIEW_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("no_state_secrets", _("No state secrets or internal matters")),
    ("lawful", _("Consistent with laws, regulations and policies")),
    ("political_wording", _("Political wording is correct")),
    ("not_sensitive", _("No sensitive content")),
    ("no_harm", _("Harms no national, public or personal interest")),
    ("no_negative_opinion", _("No improper negative opinion")),
    ("truthful", _("True and accurate")),
    ("no_typos", _("No typos or non-standard wording")),
    ("no_advertising", _("No commercial advertising")),
    ("no_emotional_opinion", _("No emotional personal opinion")),
    ("no_other_problem", _("No other problem")),
)
PROOF_CONFIRMATIONS: tuple[tuple[str, str], ...] = (
    ("text_checked", _("Text checked against the proof")),
    ("images_checked", _("Images checked")),
    ("format_checked", _("Format and layout checked")),
)
OPINION_MIN_LENGTH = 2

ALL_QUESTIONS_REQUIRED = _("Every question of the checklist must be answered before approving.")
OPINION_REQUIRED = _("Write your review opinion.")
RETURN_OPINION_REQUIRED = _("Say why the item is returned.")


class _ChecklistForm(forms.Form):
    questions: tuple[tuple[str, str], ...] = ()

    opinion = forms.CharField(
        label=_("Opinion"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=OPINION_MIN_LENGTH,
        max_length=2000,
        error_messages={"required": OPINION_REQUIRED, "min_length": OPINION_REQUIRED},
    )

    override_reason = forms.CharField(
        label=_("Reason for passing the blocking findings"),
        help_text=_(
            "The deputy head in charge, at the third review only: why the blocking findings "
            "listed above may be published as they are. Recorded with your approval."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, review_state=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.review_state = review_state
        for name, label in self.questions:
            self.fields[name] = forms.BooleanField(
                label=label, required=True, error_messages={"required": ALL_QUESTIONS_REQUIRED}
            )

    def clean(self):
        cleaned = super().clean()
        state = self.review_state or findings.state_from_form_data(self.data)
        if state is not None:
            reason = cleaned.get("override_reason", "")
            problem = findings.override_problem(state, reason)
            if problem:
                # Where no reason is asked, the field is not shown: the error stands alone.
                self.add_error(
                    "override_reason" if state.stage == findings.OVERRIDE_STAGE else None, problem
                )
        return cleaned

    def answers(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name, _label in self.questions}


class ReviewApprovalForm(_ChecklistForm):
    questions = REVIEW_QUESTIONS


class ProofApprovalForm(_ChecklistForm):
    questions = PROOF_CONFIRMATIONS


class ReturnForm(forms.Form):
    opinion = forms.CharField(
        label=_("Why is it returned?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=OPINION_MIN_LENGTH,
        max_length=2000,
        error_messages={"required": RETURN_OPINION_REQUIRED, "min_length": RETURN_OPINION_REQUIRED},
    )

    def __init__(self, *args, review_state=None, **kwargs):
        # Returning is always possible, whatever the findings: the record changes nothing here.
        super().__init__(*args, **kwargs)
