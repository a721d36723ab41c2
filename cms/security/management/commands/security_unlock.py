"""Lift a sign-in lock from the command line, recorded in the security log like the admin's."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.security import lockout
from cms.security.addresses import ip_address


class Command(BaseCommand):
    help = _(
        "Unlock a locked account (its failures from every address) or, with --address, an "
        "address (its failures on every account); recorded in the security log."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help=_("The account to unlock."))
        parser.add_argument("--address", help=_("The IP address to unlock."))

    def handle(self, *args, username=None, address=None, **options):
        if not username and not address:
            raise CommandError(_("Name an account or an address (--address) to unlock."))
        how = "(manage.py security_unlock)"
        if address:
            if not ip_address(address):
                raise CommandError(_("%(value)s is not an IP address.") % {"value": address})
            count = lockout.unlock_address(ip_address(address), by=how)
            self.stdout.write(
                _("Address %(address)s unlocked, %(count)d failure records removed")
                % {"address": address, "count": count}
            )
        if username:
            count = lockout.unlock(username, by=how)
            self.stdout.write(
                _("%(name)s is unlocked.") % {"name": username}
                + " "
                + _("%(count)d failure records removed") % {"count": count}
            )
