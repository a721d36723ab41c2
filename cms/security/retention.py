"""How long the security log is kept: at least ``SECURITY_LOG_RETENTION_DAYS`` (183 by default:
the Cybersecurity Law's six months of network logs), never less than :data:`LEGAL_MINIMUM_DAYS`
whatever the setting says. Younger rows cannot be deleted; older ones only by the prune."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

# Six months (the law's floor for network logs); a setting below it is read as this.
LEGAL_MINIMUM_DAYS = 183


def retention_days() -> int:
    return max(int(settings.SECURITY_LOG_RETENTION_DAYS), LEGAL_MINIMUM_DAYS)


def kept_since(now: datetime | None = None) -> datetime:
    """Rows at or after this moment are within the retention period."""
    return (now or timezone.now()) - timedelta(days=retention_days())
