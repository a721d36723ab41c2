"""Check what the public is shown against its signatures and released files; take offline what
fails (R36, R37). Cron runs it every few minutes; run it by hand at any time."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.jobs.runs import RunInProgress
from publicapi.tamper import WrongKey, describe, verify_publication


class Command(BaseCommand):
    help = _(
        "Check every row of the public read model against its signature and every file live "
        "items show against its digest; take whatever was changed outside the platform "
        "offline, record it and mail the administrators."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-files",
            action="store_true",
            help=_("Check the rows only, not the released files."),
        )

    def handle(self, *args, **options):
        try:
            outcome = verify_publication(files=not options["no_files"])
        except (RunInProgress, WrongKey) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Checked %(pages)d page row(s), %(sites)d site row(s), %(files)d file(s).")
            % {"pages": outcome.pages, "sites": outcome.sites, "files": outcome.files}
        )
        for event in outcome.events:
            self.stdout.write(describe(event))
        if outcome.events:
            self.stdout.write(
                _("%(count)d finding(s): taken offline and recorded.")
                % {"count": len(outcome.events)}
            )
        else:
            self.stdout.write(_("Nothing was changed outside the platform."))
