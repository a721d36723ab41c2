"""Password age (R35): the one place that decides whether a password has expired."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import PasswordRecord


def password_changed_record(user) -> None:
    PasswordRecord.objects.update_or_create(user=user, defaults={"changed_at": timezone.now()})


def password_expired(user) -> bool:
    if not user.has_usable_password():
        return False
    record = PasswordRecord.objects.filter(user=user).values_list("changed_at", flat=True).first()
    changed_at = record or user.date_joined
    return timezone.now() - changed_at > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
