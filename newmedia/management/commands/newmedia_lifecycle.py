"""Close the accounts whose closure announcement has been live 15 working days (R34). Run it
daily from cron; it is idempotent."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from newmedia.lifecycle import close_due


class Command(BaseCommand):
    help = _(
        "Close the new-media accounts whose closure announcement has been live 15 working days "
        "(idempotent)."
    )

    def handle(self, *args, **options):
        closed = close_due()
        for account in closed:
            self.stdout.write(_("Closed: %(account)s") % {"account": account})
        self.stdout.write(_("%(count)d account(s) closed.") % {"count": len(closed)})
