from .passwords import password_changed_record


class PasswordChangeRecorder:
    """Not a rule on the password itself: Django calls ``password_changed`` on every password
    validator after a password is set, which is where we record the date it changed."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            password_changed_record(user)

    def get_help_text(self):
        return ""
