"""Move the public rows' signatures to the current key after a key rotation (R36)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.jobs.runs import RunInProgress
from publicapi.tamper import resign_publication


class Command(BaseCommand):
    help = _(
        "Sign again with the current key (PUBLICATION_SIGNING_KEY) every public row that "
        "verifies with an old key (PUBLICATION_SIGNING_KEYS_OLD); rows that do not verify are "
        "left for publication_verify."
    )

    def handle(self, *args, **options):
        try:
            result = resign_publication()
        except RunInProgress as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "%(moved)d row(s) moved to the current key, %(current)d already on it, "
                "%(failed)d do not verify (run publication_verify)."
            )
            % {"moved": result.moved, "current": result.current, "failed": result.failed}
        )
