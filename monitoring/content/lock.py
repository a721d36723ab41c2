"""One rescan at a time, on SQLite and PostgreSQL alike.

The lock is the state row's ``run_token``: a run takes it with one conditional ``UPDATE`` (free,
or its holder silent for longer than :data:`STALE_AFTER`), which the database makes atomic on
both backends, and gives it back when it ends. A run keeps showing it is alive
(:func:`heartbeat`) after each batch, so the lock of a run that was killed frees itself.
"""

import uuid
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ScanState

STALE_AFTER = timedelta(minutes=10)

ALREADY_RUNNING = _(
    "Another content rescan has been running since %(since)s. Nothing was done: "
    "run it again once that one has finished."
)


class RescanRunning(Exception):
    def __init__(self, since):
        self.since = since
        super().__init__(str(ALREADY_RUNNING % {"since": since}))


def state() -> ScanState:
    return ScanState.objects.get_or_create(pk=1)[0]


def acquire() -> str:
    """Take the lock and return the run's token; :class:`RescanRunning` if another run has it."""
    state()
    token = uuid.uuid4().hex
    now = timezone.now()
    taken = ScanState.objects.filter(
        Q(run_token="") | Q(heartbeat_at__lt=now - STALE_AFTER), pk=1
    ).update(run_token=token, run_started_at=now, heartbeat_at=now)
    if not taken:
        current = ScanState.objects.get(pk=1)
        since = timezone.localtime(current.run_started_at).strftime("%Y-%m-%d %H:%M:%S")
        raise RescanRunning(since)
    return token


def heartbeat(token: str) -> None:
    ScanState.objects.filter(pk=1, run_token=token).update(heartbeat_at=timezone.now())


def release(token: str) -> None:
    ScanState.objects.filter(pk=1, run_token=token).update(
        run_token="", run_started_at=None, heartbeat_at=None
    )
