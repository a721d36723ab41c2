from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.jobs.runs import RunInProgress
from monitoring.content.rescan import rescan


class Command(BaseCommand):
    help = _(
        "Rescan live content with the dictionary of 错敏词 and list the hits per unit. Only what "
        "changed since the last pass is scanned again: changed pages with the whole dictionary, "
        "every live page for newly added terms. One run at a time; an interrupted full pass "
        "resumes where it stopped. Run it on a schedule and after the dictionary changes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full",
            action="store_true",
            help=_("Scan every live page with the whole dictionary, whatever changed."),
        )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        try:
            report = rescan(full=options["full"], progress=self.stdout.write if verbose else None)
        except RunInProgress as running:
            raise CommandError(str(running)) from None
        if report.full_pass:
            message = (
                _("Full pass resumed: %(pages)s pages scanned.")
                if report.resumed
                else _("Full pass: %(pages)s pages scanned.")
            )
            self.stdout.write(message % {"pages": f"{report.pages_in_full_pass:,}"})
        self.stdout.write(
            _(
                "Pages changed or new since the last pass: %(changed)s; gone: %(gone)s. "
                "Terms added: %(added)s, removed: %(removed)s, changed: %(terms_changed)s "
                "(%(read)s pages read for the new terms). Pages scanned again: %(rescanned)s."
            )
            % {
                "changed": f"{report.pages_changed:,}",
                "gone": f"{report.pages_gone:,}",
                "added": f"{report.terms_added:,}",
                "removed": f"{report.terms_removed:,}",
                "terms_changed": f"{report.terms_changed:,}",
                "read": f"{report.pages_read_for_new_terms:,}",
                "rescanned": f"{report.pages_rescanned:,}",
            }
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Hits: %(before)s before, %(after)s now (%(seconds)s s).")
                % {
                    "before": f"{report.hits_before:,}",
                    "after": f"{report.hits_after:,}",
                    "seconds": f"{report.seconds:.1f}",
                }
            )
        )
