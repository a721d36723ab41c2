"""One run of a scheduled job at a time (filing, the daily inspection, link checks, rescans).

Cron starts a job every night; a big run may still be going when the next starts, and two runs
would do the same work side by side. :func:`one_run_at_a_time` takes the job's row in
:class:`~cms.jobs.models.JobRun` for the run and lets it go at the end, whatever happens; a
second run finds the row and stops at once with :class:`RunInProgress`, whose message names the
job, who holds it and since when. The row expires (after ``lease``), so a run killed without
cleaning up blocks the job only until then; a long run renews its lease as it goes
(:meth:`Lease.beat`), so that the lease can be short and a dead run soon replaced. The row
lives in the database, so it holds across processes and machines and works the same on SQLite
and PostgreSQL.
"""

import os
import socket
from contextlib import contextmanager
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import JobRun

IN_PROGRESS = _(
    "Another %(job)s (%(holder)s, started %(started)s) is running; nothing was done. "
    "Run again when it has finished."
)


class RunInProgress(Exception):
    def __init__(self, run: JobRun, label: str):
        self.run = run
        started = date_format(timezone.localtime(run.started_at), "DATETIME_FORMAT")
        super().__init__(
            str(IN_PROGRESS % {"job": label, "holder": run.holder, "started": started})
        )


class Lease:
    """The run's hold on its job, yielded by :func:`one_run_at_a_time`."""

    def __init__(self, run: JobRun, lease: timedelta):
        self.run = run
        self.lease = lease

    def beat(self) -> None:
        """Still going: the job stays held for another ``lease`` from now."""
        JobRun.objects.filter(pk=self.run.pk, holder=self.run.holder).update(
            expires_at=timezone.now() + self.lease
        )


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@contextmanager
def one_run_at_a_time(job: str, *, label: str, lease: timedelta, dry_run: bool = False):
    """The block runs as ``job``'s only run, with its :class:`Lease`, or
    :class:`RunInProgress` is raised (its message calls the job ``label``) and it does not run
    at all. A dry run runs beside anything (and gets no lease)."""
    if dry_run:
        yield None
        return
    holder, now = _holder(), timezone.now()
    with transaction.atomic():
        # Two runs starting at once: the unique name lets one create the row; the other, in
        # get_or_create, reads it (locked until the first commits) and stops.
        run, created = JobRun.objects.select_for_update().get_or_create(
            name=job, defaults={"holder": holder, "started_at": now, "expires_at": now + lease}
        )
        if not created:
            if run.expires_at > now:
                raise RunInProgress(run, str(label))
            run.holder, run.started_at, run.expires_at = holder, now, now + lease
            run.save()
    try:
        yield Lease(run, lease)
    finally:
        JobRun.objects.filter(name=job, holder=holder, started_at=now).delete()
