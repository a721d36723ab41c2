"""Rewrite the static publication from the read model and remove what should not be there: the
repair after a failed write (a crash between the commit and the files), a changed root, or a
first start of static publication."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from publicapi import publication


class Command(BaseCommand):
    help = _(
        "Write every file of the static publication from the public read model and remove "
        "every file under PUBLICATION_STATIC_ROOT that should not be there."
    )

    def handle(self, *args, **options):
        root = publication.static_root()
        if root is None:
            raise CommandError(_("PUBLICATION_STATIC_ROOT is not set: static publication is off."))
        tally = publication.sync(root)
        self.stdout.write(
            _(
                "Static publication in %(root)s: %(written)d file(s) written, %(unchanged)d "
                "unchanged, %(removed)d removed."
            )
            % {
                "root": root,
                "written": tally.written,
                "unchanged": tally.unchanged,
                "removed": tally.removed,
            }
        )
