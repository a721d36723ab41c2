import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from newmedia.distribution.worker import deliver_due


class Command(BaseCommand):
    help = _(
        "Send the queued new-media deliveries to their channels: one pass (for cron), or "
        "--loop to keep going. Several workers may run at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help=_("Keep delivering; wait between passes.")
        )
        parser.add_argument(
            "--sleep",
            type=float,
            default=10.0,
            help=_("Seconds to wait between passes with --loop (default 10)."),
        )
        parser.add_argument(
            "--limit", type=int, default=20, help=_("Deliveries claimed per pass (default 20).")
        )
        parser.add_argument(
            "--lease",
            type=float,
            default=None,
            help=_(
                "Seconds a claimed delivery stays with this worker before another may take it "
                "over (default NEWMEDIA_CLAIM_SECONDS)."
            ),
        )

    def handle(self, *args, loop, sleep, limit, lease, **options):
        lease = timedelta(seconds=lease) if lease else None
        while True:
            while True:
                counts = deliver_due(limit=limit, lease=lease)
                if sum(counts.values()):
                    self.stdout.write(
                        _("Delivered %(delivered)s, to retry %(retry)s, failed %(failed)s.")
                        % {
                            "delivered": counts["delivered"],
                            "retry": counts["retry"],
                            "failed": counts["failed"],
                        }
                    )
                if sum(counts.values()) < limit:
                    break
            if not loop:
                return
            time.sleep(sleep)
