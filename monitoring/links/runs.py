"""One link check at a time (``monitor_links``).

Cron starts a run every night; a run bounded by ``--max-seconds`` ends in time, but an unbounded
one over a million links may still be going when the next starts, and two runs would check the
same hosts side by side, breaking the per-host politeness. :func:`one_run_at_a_time` creates
the job's row in :class:`~monitoring.links.models.LinkRun` (its name is unique, so of two runs
starting at once only one creates it) and deletes it at the end, whatever happens. A running
run beats its heartbeat (:meth:`RunLease.beat`) between batches; a row whose heartbeat is
older than :data:`RUN_LEASE` belongs to a run that died, and a new run takes it over. The row is
in the database: it holds across processes and machines, on SQLite and PostgreSQL alike.
"""

import os
import socket
from contextlib import contextmanager
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import LinkRun

JOB = "monitor_links"
RUN_LEASE = timedelta(minutes=15)
IN_PROGRESS = _(
    "Another link check (%(holder)s, started %(started)s) is running; nothing was done. "
    "Run again when it has finished."
)


class RunInProgress(Exception):
    def __init__(self, run: LinkRun):
        self.run = run
        started = date_format(timezone.localtime(run.started_at), "DATETIME_FORMAT")
        super().__init__(str(IN_PROGRESS % {"holder": run.holder, "started": started}))


class RunLease:
    def __init__(self, run: LinkRun):
        self.run = run

    def beat(self) -> None:
        LinkRun.objects.filter(pk=self.run.pk, holder=self.run.holder).update(
            heartbeat_at=timezone.now()
        )


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def one_run_at_a_time(job: str = JOB, *, lease: timedelta = RUN_LEASE):
    """The block runs as the job's only run, with its :class:`RunLease`, or
    :class:`RunInProgress` is raised and it does not run at all."""
    holder, now = _holder(), timezone.now()
    try:
        with transaction.atomic():
            run, created = LinkRun.objects.select_for_update().get_or_create(
                name=job, defaults={"holder": holder, "started_at": now, "heartbeat_at": now}
            )
            if not created:
                if run.heartbeat_at > now - lease:
                    raise RunInProgress(run)
                run.holder, run.started_at, run.heartbeat_at = holder, now, now
                run.save()
    except IntegrityError:
        # Another run created the row between our look and our insert.
        raise RunInProgress(LinkRun.objects.get(name=job)) from None
    try:
        yield RunLease(run)
    finally:
        LinkRun.objects.filter(name=job, holder=holder, started_at=now).delete()
