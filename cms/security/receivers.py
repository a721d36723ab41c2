"""What puts events in the security log: Django's sign-in signals, django-axes' lockout, a
password saved changed, a role given or taken (:mod:`cms.organisation`). A sign-in also starts
the second factor (:mod:`cms.security.twofactor`) and the session's watch
(:mod:`cms.security.sessions`); a sign-out ends the latter."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from cms.organisation.models import RoleAssignment

from . import events, scope, sessions, twofactor
from .models import EventKind, Outcome


@receiver(user_logged_in, dispatch_uid="security_logged_in")
def logged_in(sender, request, user, **kwargs):
    if request is None or getattr(request, "session", None) is None:
        events.record(EventKind.LOGIN, Outcome.SUCCESS, account=user, request=request)
        return
    owed = twofactor.on_sign_in(request, user)
    detail = {
        twofactor.Owed.CODE: _("Password accepted; the verification code is due"),
        twofactor.Owed.ENROL: _("Password accepted; two-step verification must be enabled"),
    }.get(owed, "")
    events.record(EventKind.LOGIN, Outcome.SUCCESS, account=user, request=request, detail=detail)


@receiver(user_logged_out, dispatch_uid="security_logged_out")
def logged_out(sender, request, user, **kwargs):
    if request is not None:
        sessions.forget(request)
    if user is not None:
        outcome = getattr(request, sessions.ENDED_ATTRIBUTE, Outcome.SUCCESS)
        detail = ""
        if outcome == Outcome.IDLE:
            detail = _("Idle for more than %(minutes)d minutes") % {
                "minutes": sessions.idle_minutes()
            }
        events.record(EventKind.LOGOUT, outcome, account=user, request=request, detail=str(detail))


def _typed_username(credentials) -> str:
    return str(
        credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or ""
    )


@receiver(user_login_failed, dispatch_uid="security_login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    if credentials.get(twofactor.SECOND_FACTOR):
        return  # a wrong code: recorded as such by cms.security.twofactor
    events.record(
        EventKind.LOGIN_FAILED,
        Outcome.FAILURE,
        username=_typed_username(credentials),
        request=request,
    )


@receiver(user_locked_out, dispatch_uid="security_locked_out")
def locked_out(sender, request, username=None, ip_address=None, **kwargs):
    events.record(EventKind.LOCKED_OUT, Outcome.REFUSED, username=username or "", request=request)


# Passwords: the stored hash compared before the save, recorded after it. A new account's first
# password is no change; a save that names its fields and not the password changes none.


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="security_password_before")
def password_before(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True)
    instance._security_password_changed = stored.first() not in (None, instance.password)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="security_password_after")
def password_after(sender, instance, created, **kwargs):
    if instance.__dict__.pop("_security_password_changed", False):
        events.record(EventKind.PASSWORD_CHANGED, Outcome.SUCCESS, account=instance)


def _role(assignment) -> str:
    return f"{assignment.get_role_display()} · {assignment.unit}"


@receiver(post_save, sender=RoleAssignment, dispatch_uid="security_role_granted")
def role_granted(sender, instance, created, **kwargs):
    if created:
        scope.forget(instance.user_id)
        events.record(
            EventKind.ROLE_GRANTED, Outcome.SUCCESS, account=instance.user, detail=_role(instance)
        )


@receiver(post_delete, sender=RoleAssignment, dispatch_uid="security_role_revoked")
def role_revoked(sender, instance, **kwargs):
    scope.forget(instance.user_id)
    account = get_user_model()._default_manager.filter(pk=instance.user_id).first()
    events.record(
        EventKind.ROLE_REVOKED,
        Outcome.SUCCESS,
        account=account,
        username="" if account else f"#{instance.user_id}",
        detail=_role(instance),
    )
