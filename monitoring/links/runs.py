"""One link check at a time (``monitor_links``): the platform's job lock (:mod:`cms.jobs.runs`).

Cron starts a run every night; an unbounded run over a million links may still be going when
the next starts, and two runs would check the same hosts side by side, breaking the per-host
politeness. The run renews its lease between batches (``Lease.beat``), so a run that died is
taken over after :data:`LEASE` and a live one never is.
"""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

JOB = "monitor_links"
JOB_LABEL = _("link checking job")
LEASE = timedelta(minutes=15)
