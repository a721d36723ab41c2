"""Sign-in lockout (django-axes): after ``SECURITY_LOGIN_FAILURE_LIMIT`` failures for one account
(from any address: brute force) or from one address (on any account: password spraying), sign-in
is refused for ``SECURITY_LOCKOUT_MINUTES`` after the last failure — a try during the lockout
starts the wait again. This module says when a lock ends, answers a locked sign-in in Chinese
with that time, lists the locked accounts and lifts a lock (recorded in the security log).
"""

from datetime import datetime

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.db.models import Max, Q, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import events
from .addresses import client_address
from .models import EventKind, Outcome

LOCKED_STATUS = 429


def _attempts(username: str | None = None, address: str | None = None):
    """The failures that count now (within the cool-off) for an account or an address."""
    since = timezone.now() - get_cool_off()
    attempts = AccessAttempt.objects.filter(attempt_time__gte=since)
    who = Q(pk__in=[])
    if username:
        who |= Q(username=username)
    if address:
        who |= Q(ip_address=address)
    return attempts.filter(who)


def retry_at(username: str | None, address: str | None) -> datetime:
    """When sign-in for ``username`` from ``address`` is allowed again (local time)."""
    last = _attempts(username, address).aggregate(last=Max("attempt_time"))["last"]
    return timezone.localtime((last or timezone.now()) + get_cool_off())


def locked_message(when: datetime) -> str:
    return _(
        "Too many failed sign-ins: signing in to this account or from this address is locked. "
        "Try again after %(time)s, or ask a website administrator to unlock the account."
    ) % {"time": f"{when:%Y-%m-%d %H:%M}"}


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """The sign-in page again, saying until when sign-in is locked (``AXES_LOCKOUT_CALLABLE``)."""
    username = get_client_username(request, credentials)
    message = locked_message(retry_at(username, client_address(request)))
    messages.error(request, message)
    form = import_string(settings.WAGTAILADMIN_USER_LOGIN_FORM)(request=request)
    return render(request, "wagtailadmin/login.html", {"form": form}, status=LOCKED_STATUS)


def locked_usernames() -> list[str]:
    """The names locked now (failures within the cool-off at or over the limit), sorted."""
    totals = (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())
        .exclude(username=None)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return sorted(row["username"] for row in totals)


def unlock(username: str, *, actor=None, request=None, by: str = "") -> int:
    """Lift the lock on ``username`` (its failures from every address); recorded, with ``by``
    saying how when no person acted through the admin. Returns the failure records removed."""
    removed = reset(username=username)
    detail = _("%(count)d failure records removed") % {"count": removed}
    events.record(
        EventKind.UNLOCKED,
        Outcome.SUCCESS,
        username=username,
        actor=actor,
        request=request,
        detail=f"{detail} {by}".strip(),
    )
    return removed


def unlock_address(address: str, *, by: str = "") -> int:
    """Lift the lock on an address (its failures on every account); recorded."""
    removed = reset(ip=address)
    detail = _("Address %(address)s unlocked, %(count)d failure records removed") % {
        "address": address,
        "count": removed,
    }
    events.record(EventKind.UNLOCKED, Outcome.SUCCESS, detail=f"{detail} {by}".strip())
    return removed
