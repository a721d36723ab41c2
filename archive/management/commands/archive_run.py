"""Apply the archive rules (R22). Run it daily from cron; see the README."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Site

from archive.automatic import run_rules
from archive.filing import SKIP_LABELS, write_pages
from archive.runs import RunInProgress, one_run_at_a_time


class Command(BaseCommand):
    help = _("File pages as archived by the enabled archive rules (idempotent; --dry-run lists).")

    def add_arguments(self, parser):
        parser.add_argument("--site", type=int, help=_("Only this site's rules (site id)."))
        parser.add_argument("--dry-run", action="store_true", help=_("List, file nothing."))

    def handle(self, *args, site=None, dry_run=False, **options):
        chosen = None
        if site is not None:
            chosen = Site.objects.filter(pk=site).first()
            if chosen is None:
                raise CommandError(_("No site with id %(id)s.") % {"id": site})
        try:
            with one_run_at_a_time(dry_run=dry_run):
                outcomes = run_rules(site=chosen, dry_run=dry_run)
        except RunInProgress as busy:
            raise CommandError(str(busy)) from None
        if not outcomes:
            self.stdout.write(_("No enabled archive rule."))
        verb = _("would file") if dry_run else _("filed")
        for outcome in outcomes:
            report = outcome.report
            self.stdout.write(
                _("Rule %(id)s (%(rule)s): %(verb)s %(count)d, already filed %(already)d.")
                % {
                    "id": outcome.rule.pk,
                    "rule": outcome.rule,
                    "verb": verb,
                    "count": len(report.filed),
                    "already": report.already,
                }
            )
            if dry_run or options["verbosity"] > 1:
                write_pages(self.stdout, report.filed)
            for page_id, why in sorted(report.skipped.items()):
                self.stdout.write(
                    _("  page %(id)s left out: %(why)s") % {"id": page_id, "why": SKIP_LABELS[why]}
                )
