import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.reports.dispatch import send_monthly, send_quarterly


class Command(BaseCommand):
    help = _(
        "Send the monthly reminders (columns overdue or due this month, per unit) and, after a "
        "quarter has ended, the quarterly circulars (what was late, what was fixed). Run it "
        "daily after monitor_run: each reminder and circular goes to each person once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", help=_("Act as on this day (YYYY-MM-DD); today by default."))

    def handle(self, *args, day=None, **options):
        today = timezone.localdate()
        if day:
            try:
                today = datetime.date.fromisoformat(day)
            except ValueError:
                raise CommandError(
                    _("“%(value)s” is not a date; write it as YYYY-MM-DD.") % {"value": day}
                ) from None
        monthly = send_monthly(today)
        quarterly = send_quarterly(today)
        self.stdout.write(
            _("Monthly reminders sent: %(monthly)d; quarterly circulars sent: %(quarterly)d.")
            % {"monthly": monthly, "quarterly": quarterly}
        )
