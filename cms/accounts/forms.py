"""The admin's sign-in form: Wagtail's, with its password field labelled in the user's language
(Wagtail's leaves the label to the field's name, which no catalogue translates)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
