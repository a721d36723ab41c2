"""Purge messages past their retention (R26). Run it daily from cron; see the README."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from knowledgebase.mailbox.services import messages_purge


class Command(BaseCommand):
    help = _(
        "Remove the text, contact details and files of messages never published, "
        "MAILBOX_RETENTION_DAYS after their answer (idempotent)."
    )

    def handle(self, *args, **options):
        purged = messages_purge()
        self.stdout.write(_("%(count)d messages purged.") % {"count": purged})
