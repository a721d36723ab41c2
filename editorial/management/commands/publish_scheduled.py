"""``publish_scheduled``, replacing Wagtail's (this app comes before ``wagtail`` in
INSTALLED_APPS): every due row on its own, a refused one reported and left for a person.

Run it from cron every few minutes, as Wagtail's. It exits with status 1 when a row was refused
or failed, so the scheduler reports it; the other rows have been done by then.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from editorial.scheduled import EXPIRED, FAILED, PUBLISHED, REFUSED, Outcome, scheduled_publish


def _when(outcome: Outcome) -> str:
    if outcome.when is None:
        return "-"
    return timezone.localtime(outcome.when).strftime("%Y-%m-%d %H:%M")


class Command(BaseCommand):
    help = _("Unpublish expired content and publish revisions whose scheduled time has come.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            "--dryrun",
            action="store_true",
            dest="dry_run",
            help=_("List what is due without changing anything."),
        )

    def handle(self, *args, **options):
        run = scheduled_publish(dry_run=options["dry_run"])
        if run.dry_run:
            self.stdout.write(_("Dry run: nothing is changed."))
            self._section(run.of(EXPIRED), _("Due to expire (%(count)d):"), _("Nothing to expire."))
            self._section(
                run.of(PUBLISHED), _("Due to go live (%(count)d):"), _("Nothing to publish.")
            )
            return
        self._section(run.of(EXPIRED), _("Expired (%(count)d):"), _("Nothing expired."))
        self._section(run.of(PUBLISHED), _("Published (%(count)d):"), _("Nothing published."))
        refused, failed = run.of(REFUSED), run.of(FAILED)
        if refused:
            self.stderr.write(
                _("Refused (%(count)d), left scheduled for a person to review or withdraw:")
                % {"count": len(refused)}
            )
            for outcome in refused:
                self.stderr.write(self._line(outcome) + f"\n    {outcome.reason}")
        if failed:
            self.stderr.write(_("Failed (%(count)d):") % {"count": len(failed)})
            for outcome in failed:
                self.stderr.write(self._line(outcome) + f"\n    {outcome.reason}")
        if run.needs_attention:
            raise CommandError(
                _("%(refused)d refused and %(failed)d failed; the other rows were done.")
                % {"refused": len(refused), "failed": len(failed)}
            )

    def _section(self, outcomes: list[Outcome], heading: str, empty: str) -> None:
        if not outcomes:
            self.stdout.write(empty)
            return
        self.stdout.write(heading % {"count": len(outcomes)})
        for outcome in outcomes:
            self.stdout.write(self._line(outcome))

    def _line(self, outcome: Outcome) -> str:
        where = f"{outcome.model} #{outcome.object_id}"
        if outcome.revision_id:
            where += ", " + _("revision %(id)s") % {"id": outcome.revision_id}
        return f"  {_when(outcome)}  {outcome.title}  ({where})"
