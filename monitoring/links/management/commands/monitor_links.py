"""Check every link of live content (错断链, R30). Run it daily from cron."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.jobs.runs import RunInProgress, one_run_at_a_time
from monitoring.links.checking import links_check
from monitoring.links.collection import links_collect
from monitoring.links.history import history_prune
from monitoring.links.models import LinkState
from monitoring.links.runs import JOB, JOB_LABEL, LEASE


def _positive(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = _(
        "Collect the links of live pages and check those due, least recently checked first "
        "(idempotent, resumable, one run at a time)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site", type=int, action="append", help=_("Only this site's links (site id).")
        )
        parser.add_argument("--limit", type=_positive, help=_("Check at most this many links."))
        parser.add_argument(
            "--max-seconds", type=_positive, help=_("Stop checking after this many seconds.")
        )

    def handle(self, *args, site=None, limit=None, max_seconds=None, **options):
        if site:
            known = set(Site.objects.filter(pk__in=site).values_list("pk", flat=True))
            missing = sorted(set(site) - known)
            if missing:
                raise CommandError(_("No site with id %(id)s.") % {"id": missing[0]})
        try:
            with one_run_at_a_time(JOB, label=JOB_LABEL, lease=LEASE) as lease:
                collected = links_collect(site_ids=site)
                report = links_check(
                    site_ids=site, limit=limit, max_seconds=max_seconds, lease=lease
                )
                pruned_checks, pruned_links = history_prune(timezone.now())
        except RunInProgress as busy:
            raise CommandError(str(busy)) from None
        self.stdout.write(
            _(
                "Collected %(pages)d changed pages (%(uses)d link uses, %(new)d new links); "
                "%(removed)d pages gone from the public site."
            )
            % {
                "pages": collected.pages,
                "uses": collected.uses,
                "new": collected.new_links,
                "removed": collected.removed_pages,
            }
        )
        states = ", ".join(
            f"{LinkState(state).label} {count}" for state, count in sorted(report.states.items())
        )
        self.stdout.write(
            _("Checked %(count)d links: %(states)s.")
            % {"count": report.checked, "states": states or "-"}
        )
        if report.bounded:
            self.stdout.write(_("Stopped at the limit; the next run goes on from here."))
        if pruned_checks or pruned_links:
            self.stdout.write(
                _("Pruned %(checks)d old checks and %(links)d links no page uses.")
                % {"checks": pruned_checks, "links": pruned_links}
            )
