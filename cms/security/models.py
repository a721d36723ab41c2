"""The security log (等保 level 3, the Cybersecurity Law's six months): every sign-in, sign-out,
failed sign-in, lockout, unlock, password change, role change, second-factor event and sign-in
while the account is in use elsewhere, with its time, account, address, user agent and outcome;
and the live sessions of each account (:class:`LiveSession`, :mod:`cms.security.sessions`).

Append-only: a row never changes, and is not deleted while it is within the retention period
(:mod:`cms.security.retention`) — ``save()`` of an existing row, ``delete()`` of a young one and
a queryset's ``update()`` or ``delete()`` of young rows raise :class:`LogIsAppendOnly`. The
database refuses the same below the ORM (:mod:`cms.security.dbguards`). Accounts are kept by id
and name, not by foreign key: deleting a person must not rewrite the log.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .retention import kept_since


class LogIsAppendOnly(Exception):
    """A change or an early deletion of the security log."""


class EventKind(models.TextChoices):
    LOGIN = "login", _("Sign-in")
    LOGOUT = "logout", _("Sign-out")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOCKED_OUT = "locked_out", _("Lockout")
    UNLOCKED = "unlocked", _("Unlock")
    PASSWORD_CHANGED = "password_changed", _("Password change")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
    TWOFACTOR_ENROLLED = "2fa_enrolled", _("Two-step verification enabled")
    TWOFACTOR_REMOVED = "2fa_removed", _("Two-step verification removed")
    TWOFACTOR_RESET = "2fa_reset", _("Two-step verification reset")
    TWOFACTOR_VERIFIED = "2fa_verified", _("Verification code accepted")
    TWOFACTOR_FAILED = "2fa_failed", _("Wrong verification code")
    RECOVERY_REGENERATED = "2fa_codes_renewed", _("Recovery codes regenerated")
    RECOVERY_USED = "2fa_recovery_used", _("Recovery code used")
    CONCURRENT_SESSION = "concurrent_session", _("Signed in while in use elsewhere")
    HANDED_OVER = "handed_over", _("Account deactivated, work handed over")
    BACKUP = "backup", _("Backup")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Succeeded")
    FAILURE = "failure", _("Failed")
    REFUSED = "refused", _("Refused (locked)")
    IDLE = "idle", _("Ended (idle)")
    REPLACED = "replaced", _("Ended (signed in elsewhere)")
    NOTIFIED = "notified", _("Both sessions told")


class SecurityEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LogIsAppendOnly(_("The security log cannot be changed."))

    def delete(self):
        if self.filter(occurred_at__gte=kept_since()).exists():
            raise LogIsAppendOnly(
                _("Entries of the security log are kept for the retention period.")
            )
        return super().delete()

    def expired(self):
        return self.filter(occurred_at__lt=kept_since())


class SecurityEvent(models.Model):
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    # The account concerned: for a failed sign-in the name typed, which may be nobody's.
    username = models.CharField(_("account name"), max_length=150, db_index=True)
    account_id = models.BigIntegerField(_("account id"), null=True, blank=True, db_index=True)
    # Who did it, where that is someone else (an unlock, a role given, a password set).
    actor = models.CharField(_("by"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=45, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.username} {self.kind} {self.outcome}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise LogIsAppendOnly(_("The security log cannot be changed."))
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.occurred_at >= kept_since():
            raise LogIsAppendOnly(
                _("Entries of the security log are kept for the retention period.")
            )
        return super().delete(*args, **kwargs)


class LiveSession(models.Model):
    """A signed-in session of an account (R35: accounts are personal), kept to tell a sign-in
    that the account is in use elsewhere. The session is known by the SHA-256 of its key, never
    the key; the row goes at sign-out and when the session idles out, and is not live once it
    has been idle longer than ``SECURITY_IDLE_MINUTES``. ``notice`` is what the session is told
    at its next request; ``ended`` is set when a newer sign-in ends it
    (``SECURITY_SINGLE_SESSION``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="live_sessions",
    )
    key_hash = models.CharField(_("session key hash"), max_length=64, unique=True)
    address = models.CharField(_("address"), max_length=45, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True)
    signed_in_at = models.DateTimeField(_("signed in at"))
    last_seen = models.DateTimeField(_("last seen"), db_index=True)
    notice = models.CharField(_("notice"), max_length=255, blank=True)
    ended = models.BooleanField(_("ended"), default=False)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")

    def __str__(self) -> str:
        return f"{self.user_id} {self.address} {self.last_seen:%Y-%m-%d %H:%M}"
