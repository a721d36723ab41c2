"""Reset a person's two-step verification from the command line (a lost phone, when no
administrator can sign in), recorded in the security log like the admin's reset."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.security import twofactor
from cms.security.events import account_named


class Command(BaseCommand):
    help = _(
        "Reset an account's two-step verification (its authenticator and recovery codes); the "
        "person enables it again at the next sign-in. Recorded in the security log."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("The account to reset."))

    def handle(self, *args, username=None, **options):
        account = account_named(username)
        if account is None:
            raise CommandError(_("No such account."))
        twofactor.reset(account, by="(manage.py security_reset_2fa)")
        self.stdout.write(
            _("Two-step verification of %(name)s is reset; they enable it again at sign-in.")
            % {"name": username}
        )
