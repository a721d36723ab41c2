"""Two-factor sign-in (等保 level 3), on django-otp: an authenticator app's codes (TOTP,
``otp_totp``) and one-time recovery codes (``otp_static``). No cryptography of our own.

What it decides, one function each:

- :func:`required`: whether a person must have a second factor — with ``SECURITY_2FA_REQUIRED``
  on, a superuser or a holder of one of ``SECURITY_2FA_REQUIRED_ROLES``
  (:func:`cms.organisation.access.roles_held`).
- :func:`owed`: what a session must still do after the password: give a code (the account has
  an authenticator), enrol (it must have one and has none), or nothing. Decided at sign-in and
  kept in the session (:func:`pending`), so a request asks the database nothing.
- :func:`verify`: a code given after the password, the authenticator's or a recovery code. A
  code is good once (django-otp keeps the time step of the last one accepted); a wrong one is
  recorded and counts toward the sign-in lockout (django-axes: a failed sign-in of the account,
  from the address) — and django-otp's back-off between tries applies too.
- Enrolment (:func:`start_enrolment`, :func:`confirm_enrolment`), recovery codes
  (:func:`renew_recovery_codes`), removal by the person (:func:`remove`, with a code) and an
  administrator's reset (:func:`reset`): each recorded in the security log.
"""

import base64
from enum import StrEnum

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.organisation.access import roles_held

from . import events, sessions
from .models import EventKind, Outcome

SESSION_KEY = "security_2fa"
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery"
# Marks the failed sign-in that django-axes counts as a wrong code, not a wrong password.
SECOND_FACTOR = "second_factor"


class Owed(StrEnum):
    NOTHING = "ok"
    CODE = "code"
    ENROL = "enrol"


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    LOCKED = "locked"


def required(user) -> bool:
    if not settings.SECURITY_2FA_REQUIRED:
        return False
    if user.is_superuser:
        return True
    return bool(roles_held(user) & set(settings.SECURITY_2FA_REQUIRED_ROLES))


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).first()


def enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def owed(user) -> Owed:
    if enrolled(user):
        return Owed.CODE
    if required(user):
        return Owed.ENROL
    return Owed.NOTHING


def on_sign_in(request, user) -> Owed:
    """The password was accepted: note what the session still owes; a session that owes
    nothing has completed its sign-in (:func:`cms.security.sessions.signed_in`)."""
    state = owed(user)
    request.session[SESSION_KEY] = state.value
    if state is Owed.NOTHING:
        sessions.signed_in(request, user)
    return state


def pending(request) -> Owed:
    """What the signed-in session still owes (decided once, then kept in the session)."""
    value = request.session.get(SESSION_KEY)
    if value is None:
        state = owed(request.user)
        if state is Owed.CODE and request.session.get(DEVICE_ID_SESSION_KEY):
            state = Owed.NOTHING  # verified before the session kept this
        request.session[SESSION_KEY] = state.value
        return state
    if value == Owed.CODE and not enrolled(request.user):
        # Reset by an administrator while the code was due: what is owed now.
        return on_sign_in(request, request.user)
    return Owed(value)


def _settle(request, device) -> None:
    """The session has given its second factor: a new session key (what was learnt of the
    old one is worth nothing now), the device noted by django-otp, the sign-in complete."""
    request.session.cycle_key()
    otp_login(request, device)
    request.session[SESSION_KEY] = Owed.NOTHING.value
    sessions.signed_in(request, request.user)


def _normalised(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


def _locked(request, username: str) -> bool:
    return AxesProxyHandler.is_locked(request, credentials={"username": username})


def verify(request, code: str) -> Verdict:
    """The code the signed-in person gives after the password (:class:`Verdict`)."""
    user = request.user
    username = user.get_username()
    if _locked(request, username):
        logout(request)
        return Verdict.LOCKED
    code = _normalised(code)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        accepted = None
        if device is not None and code.isdigit() and device.verify_token(code):
            accepted = device
        recovery = None
        if accepted is None and code and not code.isdigit():
            recovery = (
                StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
            if recovery is not None and recovery.verify_token(code):
                accepted = recovery
    if accepted is None:
        events.record(EventKind.TWOFACTOR_FAILED, Outcome.FAILURE, account=user, request=request)
        # Counted by django-axes like a wrong password: the account's and the address's failures.
        user_login_failed.send(
            sender=__name__,
            credentials={"username": username, SECOND_FACTOR: True},
            request=request,
        )
        if getattr(request, "axes_locked_out", False):
            logout(request)
            return Verdict.LOCKED
        return Verdict.WRONG
    if accepted is recovery:
        events.record(
            EventKind.RECOVERY_USED,
            Outcome.SUCCESS,
            account=user,
            request=request,
            detail=_("%(count)d recovery codes left") % {"count": recovery_codes_left(user)},
        )
    else:
        events.record(EventKind.TWOFACTOR_VERIFIED, Outcome.SUCCESS, account=user, request=request)
    _settle(request, accepted)
    return Verdict.ACCEPTED


def start_enrolment(user) -> TOTPDevice:
    """The authenticator being enrolled: a new secret, unconfirmed until a code from the app
    proves it was scanned (the one already waiting, when the page is opened again)."""
    waiting = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if waiting is not None:
        return waiting
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code (the ``otpauth://`` address), as SVG drawn here: nothing is sent
    to a service outside."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    text = base64.b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def renew_recovery_codes(user, *, request=None, recorded: bool = True) -> list[str]:
    """New recovery codes for ``user``, replacing the old ones; shown once, then kept only by
    django-otp (each is deleted when used)."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _n in range(settings.SECURITY_2FA_RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    if recorded:
        events.record(
            EventKind.RECOVERY_REGENERATED, Outcome.SUCCESS, account=user, request=request
        )
    return codes


def confirm_enrolment(request, device: TOTPDevice, code: str) -> list[str] | None:
    """The first code from the app just enrolled: when right, the authenticator replaces any
    older one, the recovery codes are made (returned, to be shown once) and the session is
    verified with it; None when wrong."""
    user = request.user
    code = _normalised(code)
    if device.user_id != user.pk or device.confirmed or not code.isdigit():
        return None
    if not device.verify_token(code):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = renew_recovery_codes(user, recorded=False)
    events.record(EventKind.TWOFACTOR_ENROLLED, Outcome.SUCCESS, account=user, request=request)
    was_pending = pending(request) is not Owed.NOTHING
    if was_pending:
        _settle(request, device)
    else:
        otp_login(request, device)
    return codes


def _remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def remove(request, code: str) -> bool:
    """The person removes their second factor, proving it with a code (authenticator or
    recovery); the session then owes an enrolment if the person must have one."""
    user = request.user
    code = _normalised(code)
    device = authenticator(user)
    good = device is not None and code.isdigit() and device.verify_token(code)
    if not good and code and not code.isdigit():
        recovery = recovery_device(user)
        good = recovery is not None and recovery.verify_token(code)
    if not good:
        events.record(
            EventKind.TWOFACTOR_FAILED,
            Outcome.FAILURE,
            account=user,
            request=request,
            detail=_("Removing two-step verification"),
        )
        return False
    _remove_devices(user)
    events.record(EventKind.TWOFACTOR_REMOVED, Outcome.SUCCESS, account=user, request=request)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session[SESSION_KEY] = Owed.ENROL.value if required(user) else Owed.NOTHING.value
    return True


def reset(account, *, actor=None, request=None, by: str = "") -> bool:
    """An administrator removes ``account``'s second factor (a lost phone): the person enrols
    again at their next sign-in if they must. Recorded with who did it. False when there was
    nothing to remove. The person's open sessions end with it (the lost phone may be in other
    hands, and so may a signed-in browser); the administrator's own session goes on."""
    had = enrolled(account) or recovery_device(account) is not None
    _remove_devices(account)
    own = request.session.session_key if request is not None else None
    sessions.end_all(account, keep=own)
    events.record(
        EventKind.TWOFACTOR_RESET,
        Outcome.SUCCESS,
        account=account,
        actor=actor,
        request=request,
        detail=by,
    )
    return had
