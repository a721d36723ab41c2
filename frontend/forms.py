"""The citizen's forms: a message to a mailbox, the query-code lookup, a survey. The API decides
what is acceptable (lengths, the mobile number, file types), so no limit is repeated here; these
forms shape what the mailbox asks for and show the API's reasons beside the fields they concern."""

from django import forms
from django.utils.translation import gettext_lazy as _

from frontend.api import Refused


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ApiRefusals:
    """Put the API's reasons on the form: each on its field, the rest above the form."""

    def add_api_refusal(self, refusal: Refused) -> None:
        for name, message in refusal.fields.items():
            name = self.field_named_by_api(name)
            self.add_error(name if name in self.fields else None, message)
        if not refusal.fields:
            self.add_error(None, refusal.detail)

    def field_named_by_api(self, name: str) -> str:
        return name


class MessageForm(ApiRefusals, forms.Form):
    subject = forms.CharField(label=_("Subject"))
    content = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 8}))
    name = forms.CharField(label=_("Your name"), help_text=_("Never published."))
    mobile = forms.CharField(
        label=_("Mobile number"),
        help_text=_("11 digits; never published."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    may_publish = forms.BooleanField(
        label=_("The exchange may be published, with my personal details hidden"), required=False
    )
    # Left empty by people, who do not see it; a robot filling it is refused by the API.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, mailbox: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if mailbox["categories"]:
            choices = [("", _("Choose one")), *((c, c) for c in mailbox["categories"])]
            self.fields["category"] = forms.ChoiceField(label=_("Category"), choices=choices)
        if mailbox["requires_id_number"]:
            self.fields["id_number"] = forms.CharField(label=_("ID number"))
        if mailbox["accepts_attachments"]:
            self.fields["files"] = MultipleFileField(
                label=_("Attachments"),
                required=False,
                help_text=_("At most %(count)s files of %(size)s MB each: %(types)s.")
                % {
                    "count": mailbox["max_files"],
                    "size": mailbox["max_file_bytes"] // (1024 * 1024),
                    "types": ", ".join(mailbox["file_types"]),
                },
            )
        self.order_fields(
            ["category", "subject", "content", "name", "mobile", "id_number", "files"]
        )


class LookupForm(ApiRefusals, forms.Form):
    code = forms.CharField(
        label=_("Query code"),
        help_text=_("The code you were given when you sent your message."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class SurveyForm(ApiRefusals, forms.Form):
    """A survey's questions as the API describes them: one field per question, named by its
    id; the API checks the answers again."""

    website = MessageForm.base_fields["website"]

    def __init__(self, questions: list[dict], *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[question["id"]] = self._field(question)
        self.order_fields([question["id"] for question in questions])

    @staticmethod
    def _field(question: dict) -> forms.Field:
        common = {"label": question["text"], "required": question["required"]}
        options = [(option, option) for option in question.get("options") or []]
        if question["type"] == "single_choice":
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        if question["type"] == "multiple_choice":
            return forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        return forms.CharField(
            max_length=question.get("max_length"),
            widget=forms.Textarea(attrs={"rows": 5}),
            **common,
        )

    def answers(self) -> dict:
        """The answers as the API takes them, leaving out optional questions left empty."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != "website" and value not in ("", [], None)
        }

    def field_named_by_api(self, name: str) -> str:
        return name.removeprefix("answers.")
