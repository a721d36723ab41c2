"""Sessions (R35, 等保 level 3): when a signed-in session is ended for idleness, and what a sign-in
does while the account is in use elsewhere.

- Idle: a session whose last request is more than ``SECURITY_IDLE_MINUTES`` ago (0: never) is
  ended at its next request, which goes to the login page saying so, recorded as a sign-out
  with the outcome "idle". The time of the last request is kept in the session, written at
  most once a minute (:data:`WRITE_EVERY`), not on every request.
- In use elsewhere: when an account completes its sign-in (the password, and the second factor
  if it owes one) while it has another live session from another address or browser, the new
  session is told where and when the other one was last used, and the other one is told at its
  next request; with ``SECURITY_SINGLE_SESSION`` the other one is ended instead. Recorded.

A session is known by the SHA-256 of its key (:class:`~cms.security.models.LiveSession`).
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import events
from .addresses import client_address, user_agent
from .models import EventKind, LiveSession, Outcome

LAST_SEEN_KEY = "security_last_seen"
TRACKED_KEY = "security_tracked"
WRITE_EVERY = 60  # seconds
# Read by the sign-out receiver: how the session ended, when not by the person.
ENDED_ATTRIBUTE = "_security_session_ended"


def idle_minutes() -> int:
    return max(int(settings.SECURITY_IDLE_MINUTES), 0)


def key_hash(session_key: str | None) -> str:
    return hashlib.sha256((session_key or "").encode()).hexdigest()


def live_since():
    """Sessions last seen before this are not live (idle past the timeout, or abandoned)."""
    minutes = idle_minutes() or settings.SESSION_COOKIE_AGE // 60
    return timezone.now() - timedelta(minutes=minutes)


def idle_message(minutes: int) -> str:
    return _(
        "Your session ended after %(minutes)d minutes without activity. Please sign in again."
    ) % {"minutes": minutes}


def replaced_message() -> str:
    return _(
        "Your session ended because your account signed in from another place. If that was not "
        "you, change your password at once and tell the website administrator."
    )


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def end(request, outcome: str) -> None:
    """Sign the session out, recorded as a sign-out with ``outcome`` (idle, replaced)."""
    setattr(request, ENDED_ATTRIBUTE, outcome)
    logout(request)


def on_request(request) -> str:
    """Keep the signed-in session's activity: returns the outcome it was ended with
    (:attr:`Outcome.IDLE`, :attr:`Outcome.REPLACED`), or ``""`` when it goes on."""
    session = request.session
    now = timezone.now().timestamp()
    minutes = idle_minutes()
    last = session.get(LAST_SEEN_KEY)
    if minutes and last is not None and now - last > minutes * 60:
        end(request, Outcome.IDLE)
        return Outcome.IDLE
    row = None
    if session.get(TRACKED_KEY):
        row = (
            LiveSession.objects.filter(key_hash=key_hash(session.session_key))
            .only("pk", "notice", "ended")
            .first()
        )
        if row is not None and row.ended:
            end(request, Outcome.REPLACED)
            return Outcome.REPLACED
        if row is not None and row.notice:
            messages.warning(request, row.notice, fail_silently=True)
            LiveSession.objects.filter(pk=row.pk).update(notice="")
    if last is None or now - last >= WRITE_EVERY:
        session[LAST_SEEN_KEY] = now
        if row is not None:
            LiveSession.objects.filter(pk=row.pk).update(last_seen=timezone.now())
    return ""


def end_all(user, *, keep: str | None = None) -> int:
    """End every session of ``user`` but the one whose key is ``keep`` (a person leaving, a
    second factor reset after a lost phone: whoever holds the phone holds no session either).
    Sessions are deleted where the session engine can list them (the database, as configured);
    with any other engine an inactive account is refused at its next request anyway (Django's
    backend answers no user for it), and a reset one still owes its second factor. Returns how
    many were ended."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    LiveSession.objects.filter(user=user).exclude(key_hash=key_hash(keep)).delete()
    if not hasattr(store, "get_model_class"):
        return 0
    model = store.get_model_class()
    ended = 0
    for session in model.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == keep:
            continue
        data = store().decode(session.session_data)
        if str(data.get("_auth_user_id")) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def forget(request) -> None:
    """The session is signing out: it is no longer live."""
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        LiveSession.objects.filter(key_hash=key_hash(session.session_key)).delete()


def signed_in(request, user) -> None:
    """The session has completed its sign-in: kept as live; another live session of the account
    from another address or browser is told (or ended), and so is this one; recorded."""
    session = request.session
    if not session.session_key:
        session.save()
    now = timezone.now()
    session[LAST_SEEN_KEY] = now.timestamp()
    session[TRACKED_KEY] = True
    mine = key_hash(session.session_key)
    address, agent = client_address(request), user_agent(request)
    LiveSession.objects.filter(user=user, last_seen__lt=live_since()).delete()
    others = list(
        LiveSession.objects.filter(user=user, ended=False)
        .exclude(key_hash=mine)
        .exclude(address=address, user_agent=agent)
        .order_by("-last_seen")
    )
    LiveSession.objects.update_or_create(
        key_hash=mine,
        defaults={
            "user": user,
            "address": address,
            "user_agent": agent,
            "signed_in_at": now,
            "last_seen": now,
            "notice": "",
            "ended": False,
        },
    )
    if not others:
        return
    latest = others[0]
    single = settings.SECURITY_SINGLE_SESSION
    if single:
        told = _(
            "Your account was in use at %(address)s (last active %(time)s); that session has "
            "been ended. Accounts are personal: if that was not you, change your password."
        )
    else:
        told = _(
            "Your account is also signed in at %(address)s (last active %(time)s). Accounts "
            "are personal: if that is not you, change your password and sign the other out."
        )
    messages.warning(
        request,
        told % {"address": latest.address or "-", "time": _when(latest.last_seen)},
        fail_silently=True,
    )
    older = LiveSession.objects.filter(pk__in=[other.pk for other in others])
    if single:
        older.update(ended=True)
    else:
        older.update(
            notice=_(
                "Your account signed in at %(address)s at %(time)s. Accounts are personal: if "
                "that was not you, change your password at once."
            )
            % {"address": address or "-", "time": _when(now)}
        )
    events.record(
        EventKind.CONCURRENT_SESSION,
        Outcome.REPLACED if single else Outcome.NOTIFIED,
        account=user,
        request=request,
        detail=_("Other session: %(address)s, last active %(time)s")
        % {"address": latest.address or "-", "time": _when(latest.last_seen)},
    )
