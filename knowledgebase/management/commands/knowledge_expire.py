"""Take expired knowledge-base entries offline. Run it daily from cron; see the README."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from knowledgebase.expiry import entries_expire


class Command(BaseCommand):
    help = _("Unpublish the knowledge-base entries whose validity has ended (idempotent).")

    def handle(self, *args, **options):
        taken = entries_expire(today=timezone.localdate())
        self.stdout.write(_("Expired entries taken offline: %(count)d.") % {"count": len(taken)})
