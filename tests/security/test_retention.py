"""The security log is append-only (cms/security/models.py, dbguards.py): no row changes, no
row younger than 183 days is deleted — through the ORM, and below it through SQL — and
``security_log_prune`` removes only the older ones."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cms.security import dbguards
from cms.security.models import EventKind, LogIsAppendOnly, Outcome, SecurityEvent

pytestmark = pytest.mark.django_db


def _event(days_ago: float, username: str = "rizhi") -> SecurityEvent:
    return SecurityEvent.objects.create(
        occurred_at=timezone.now() - timedelta(days=days_ago),
        kind=EventKind.LOGIN,
        outcome=Outcome.SUCCESS,
        username=username,
    )


def test_a_row_cannot_be_changed():
    event = _event(0)
    event.outcome = Outcome.FAILURE
    with pytest.raises(LogIsAppendOnly):
        event.save()
    with pytest.raises(LogIsAppendOnly):
        SecurityEvent.objects.filter(pk=event.pk).update(outcome=Outcome.FAILURE)
    # An old row neither.
    with pytest.raises(LogIsAppendOnly):
        SecurityEvent.objects.filter(pk=_event(400).pk).update(username="x")


def test_a_young_row_cannot_be_deleted():
    young = _event(183 - 1 / 24)  # an hour short of the retention period
    with pytest.raises(LogIsAppendOnly):
        young.delete()
    with pytest.raises(LogIsAppendOnly):
        SecurityEvent.objects.filter(pk=young.pk).delete()
    assert SecurityEvent.objects.filter(pk=young.pk).exists()


def test_an_old_row_can_be_deleted():
    old = _event(183 + 1 / 24)
    old.delete()
    assert not SecurityEvent.objects.filter(username="rizhi").exists()


def test_the_prune_removes_only_rows_older_than_the_retention_period():
    kept = [_event(0, "jin"), _event(183 - 1 / 24, "jiu")]
    _event(183 + 1 / 24, "guoqi")
    _event(1000, "henjiu")
    call_command("security_log_prune", stdout=io.StringIO())
    assert set(SecurityEvent.objects.values_list("pk", flat=True)) == {e.pk for e in kept}


def test_a_shorter_setting_does_not_shorten_the_legal_minimum(settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 30
    young = _event(100)
    with pytest.raises(LogIsAppendOnly):
        young.delete()


def test_a_longer_setting_keeps_rows_longer(settings):
    settings.SECURITY_LOG_RETENTION_DAYS = 365
    call_command("security_log_prune", stdout=io.StringIO())
    event = _event(200)
    call_command("security_log_prune", stdout=io.StringIO())
    assert SecurityEvent.objects.filter(pk=event.pk).exists()


def test_the_database_refuses_an_update_in_sql():
    event = _event(400)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE security_securityevent SET username = %s WHERE id = %s",
                ["tampered", event.pk],
            )
    assert SecurityEvent.objects.get(pk=event.pk).username == "rizhi"


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def test_the_database_refuses_an_early_delete_in_sql_on_postgresql():
    """On SQLite only the ORM refuses (flush deletes row by row there: dbguards.py)."""
    young, old = _event(182), _event(184)
    if connection.vendor == "sqlite":
        assert dbguards.UPDATE_TRIGGER in _triggers()
        assert dbguards.DELETE_TRIGGER not in _triggers()
        return
    assert {dbguards.UPDATE_TRIGGER, dbguards.DELETE_TRIGGER} <= _triggers()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM security_securityevent WHERE id = %s", [young.pk])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM security_securityevent WHERE id = %s", [old.pk])
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [young.pk]
