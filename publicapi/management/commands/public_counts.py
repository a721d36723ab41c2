"""Count the read model's rows again into its stored counts (publicapi.counts)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from publicapi.counts import drift, recount


class Command(BaseCommand):
    help = _(
        "Count the public read model's rows again, by site, column, type and archive state, "
        "into the counts the listings read."
    )

    def handle(self, *args, **options):
        wrong = len(drift())
        stored = recount()
        self.stdout.write(
            _("%(stored)d count(s) stored; %(wrong)d differed from the rows.")
            % {"stored": stored, "wrong": wrong}
        )
