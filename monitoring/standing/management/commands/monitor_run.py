import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from monitoring.standing.inspection import InspectionRefused, run_inspection


class Command(BaseCommand):
    help = _(
        "The daily inspection: each site's standing against the veto items (单项否决), each "
        "column's freshness, and the warnings to the people responsible. Run it once a day; a "
        "second run the same day does nothing unless --again, a stopped run is resumed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--day", help=_("The day to inspect as (YYYY-MM-DD); today by default.")
        )
        parser.add_argument(
            "--again",
            action="store_true",
            help=_("Inspect a day that is already done again."),
        )

    def handle(self, *args, day=None, again=False, verbosity=1, **options):
        when = None
        if day:
            try:
                when = datetime.date.fromisoformat(day)
            except ValueError:
                raise CommandError(
                    _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": day}
                ) from None
        progress = self.stdout.write if verbosity > 1 else None
        try:
            result = run_inspection(day=when, again=again, progress=progress)
        except InspectionRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            _(
                "Inspection of %(day)s: %(sites)d sites inspected, %(skipped)d already done; "
                "%(fail)d fail, %(risk)d at risk, %(pass)d pass; %(warnings)d new warnings."
            )
            % {
                "day": result.day,
                "sites": result.sites,
                "skipped": result.skipped,
                "fail": result.standings.get("fail", 0),
                "risk": result.standings.get("at_risk", 0),
                "pass": result.standings.get("pass", 0),
                "warnings": result.warnings,
            }
        )
