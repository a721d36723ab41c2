"""Publication times are the system's record, never an editor's claim.

A back-dated publication date is a veto item in national checks. Wagtail sets
``first_published_at``/``last_published_at`` to "now" when it publishes; this guard refuses any
save that sets them to another time or changes a recorded first publication. Bulk imports of
historical content (the demo platform, a migration from an old CMS) declare themselves with
:func:`historical_import`.

The database refuses to put an unreviewed information item live (``editorial`` migration 0004,
:mod:`editorial.dbguards`); an import writes live pages in bulk, so :func:`historical_import` opens
that guard's escape too — inside its own transaction, closed before it ends: a transaction-local
setting on PostgreSQL, a row in ``editorial_guard_window`` on SQLite (a trigger of the main
schema cannot see a connection's temporary tables).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BACKDATED = _(
    "Publication times are recorded by the system when a page goes live; they cannot be set "
    "or changed by hand."
)
CLOCK_TOLERANCE = timedelta(minutes=5)
# Revisions store a page as JSON, where times keep only milliseconds (DjangoJSONEncoder); a page
# rebuilt from a revision carries its recorded times to that precision.
REVISION_PRECISION = timedelta(milliseconds=1)
_importing_history: ContextVar[bool] = ContextVar("importing_history", default=False)


# The escape the database guard reads (editorial.dbguards): its name on PostgreSQL, its table and
# kind on SQLite.
IMPORT_SETTING = "govcms.importing_history"
GUARD_WINDOW_TABLE = "editorial_guard_window"
IMPORT_WINDOW = "import"


@contextmanager
def historical_import(using: str = DEFAULT_DB_ALIAS):
    """Allow historical publication times while importing an existing archive.

    The import runs in one transaction (a savepoint inside an outer one); the database guard's
    escape is open only inside it, and a failed import rolls the escape back with its rows.
    """
    token = _importing_history.set(True)
    try:
        with transaction.atomic(using=using):
            opened = _open_import_window(using)
            yield
            _close_import_window(using, opened)
    finally:
        _importing_history.reset(token)


def _open_import_window(using: str):
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT current_setting(%s, true)", [IMPORT_SETTING])
            previous = cursor.fetchone()[0] or ""
            cursor.execute("SELECT set_config(%s, 'on', true)", [IMPORT_SETTING])
            return previous
        if connection.vendor == "sqlite" and _window_table_exists(cursor):
            cursor.execute(f"INSERT INTO {GUARD_WINDOW_TABLE} (kind) VALUES (%s)", [IMPORT_WINDOW])
            return cursor.lastrowid
    return None


def _close_import_window(using: str, opened) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, %s, true)", [IMPORT_SETTING, opened])
        elif connection.vendor == "sqlite" and opened is not None:
            cursor.execute(f"DELETE FROM {GUARD_WINDOW_TABLE} WHERE id = %s", [opened])


def _window_table_exists(cursor) -> bool:
    cursor.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [GUARD_WINDOW_TABLE]
    )
    return cursor.fetchone() is not None


def importing_history() -> bool:
    """Whether the current code runs inside :func:`historical_import`."""
    return _importing_history.get()


def guard_publication_timestamps(page) -> None:
    if _importing_history.get():
        return
    from wagtail.models import Page

    stored = (
        Page.objects.filter(pk=page.pk).values("first_published_at", "last_published_at").first()
        if page.pk
        else None
    ) or {"first_published_at": None, "last_published_at": None}
    now = timezone.now()
    for field in ("first_published_at", "last_published_at"):
        new, old = getattr(page, field), stored[field]
        if new is not None and old is not None and abs(new - old) < REVISION_PRECISION:
            setattr(page, field, old)  # the recorded time, as read back from a revision
            continue
        if field == "first_published_at" and old is not None:
            raise ValidationError({field: BACKDATED}, code="backdated")
        if new is None:
            continue
        if abs(now - new) > CLOCK_TOLERANCE:
            raise ValidationError({field: BACKDATED}, code="backdated")
