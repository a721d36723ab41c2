"""Delete the security log's entries older than the retention period, and only those."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cms.security.models import SecurityEvent
from cms.security.retention import retention_days


class Command(BaseCommand):
    help = _(
        "Delete security log entries older than SECURITY_LOG_RETENTION_DAYS (at least 183 days); "
        "younger entries are kept."
    )

    def handle(self, *args, **options):
        count, _by_model = SecurityEvent.objects.expired().delete()
        self.stdout.write(
            _("%(count)d security log entries older than %(days)d days deleted.")
            % {"count": count, "days": retention_days()}
        )
