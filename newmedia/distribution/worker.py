"""One pass of the worker: claim what is due, send each through its channel's adapter,
record each outcome (:mod:`.outbox` says how a crash between sending and recording is
survived)."""

import logging
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from . import outbox
from .adapters import adapter_for, failed, retry

logger = logging.getLogger(__name__)


def send_one(delivery):
    adapter = adapter_for(delivery.channel.adapter)
    if adapter is None:
        return failed(_("No adapter is called %(key)s.") % {"key": delivery.channel.adapter})
    try:
        return adapter.send(delivery)
    except Exception as error:  # an adapter's bug must not stop the other deliveries
        logger.exception("newmedia delivery %s", delivery.pk)
        return retry(_("The adapter failed: %(error)s") % {"error": error})


def deliver_due(*, limit: int = 20, lease: timedelta | None = None) -> Counter:
    """Deliver what is due now, up to ``limit``; how many ended in each outcome."""
    counts: Counter = Counter()
    # Reasons are recorded in the platform's language, whoever runs the worker.
    with translation.override(settings.LANGUAGE_CODE):
        for delivery in outbox.claim(limit=limit, lease=lease):
            outcome = send_one(delivery)
            if outbox.record(delivery, outcome):
                counts[outcome.kind] += 1
            else:
                counts["lost"] += 1
    return counts
