"""Bulk row writing: COPY on PostgreSQL, ``executemany`` on SQLite.

Django's ``bulk_create`` refuses multi-table inherited models and builds SQL per batch with
every value as a parameter; here each table gets its rows straight, with values prepared by the
model fields themselves (``get_db_prep_save``), so what lands is what Django would have written.
"""

from __future__ import annotations

import datetime
import queue
import threading
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction

# Field classes whose prepared value is the Python value itself (when it has the right type);
# every other field goes through its own ``get_db_prep_save``.
_PLAIN_FIELDS = frozenset(
    {
        models.CharField,
        models.SlugField,
        models.TextField,
        models.BooleanField,
        models.IntegerField,
        models.SmallIntegerField,
        models.BigIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.AutoField,
        models.BigAutoField,
    }
)


def _is_plain(field: models.Field) -> bool:
    if isinstance(field, models.ForeignKey):
        return _is_plain(field.target_field)
    return type(field) in _PLAIN_FIELDS


def _sqlite_datetime(value: datetime.datetime, connection) -> str:
    # What DateTimeField.get_db_prep_save gives on SQLite for an aware datetime, a lot faster.
    return str(value.astimezone(datetime.UTC).replace(tzinfo=None))


def _prep_for(field: models.Field, vendor: str):
    """How to prepare a value of ``field`` for the driver; None when it goes as it is."""
    if _is_plain(field):
        return None
    kind = type(field)
    if vendor == "postgresql" and kind in {
        models.DateTimeField,
        models.DateField,
        models.UUIDField,
    }:
        return None  # Django hands these to psycopg unchanged
    if vendor == "sqlite" and kind is models.DateTimeField and settings.USE_TZ:
        return _sqlite_datetime
    return field.get_db_prep_save


class Table:
    """The rows of one table: ``row()`` takes an instance (or a dict of attnames)."""

    def __init__(self, model: type[models.Model], fields: Sequence[models.Field]):
        self.model = model
        self.fields = list(fields)
        self.attnames = [f.attname for f in self.fields]
        self.columns = [f.column for f in self.fields]
        self.name = model._meta.db_table
        self._connection = connections[DEFAULT_DB_ALIAS]  # not the proxy: it costs per access
        self.preps = [_prep_for(f, self._connection.vendor) for f in self.fields]
        self.rows: list[tuple] = []
        self._last: list[tuple[Any, Any] | None] = [None] * len(self.fields)

    @classmethod
    def local(cls, model: type[models.Model], *, without: Iterable[str] = ()) -> Table:
        skip = set(without)
        return cls(model, [f for f in model._meta.local_concrete_fields if f.name not in skip])

    def add(self, obj: Any) -> None:
        get = obj.get if isinstance(obj, dict) else obj.__dict__.get
        values = []
        last = self._last
        db = self._connection
        for index, (attname, prep) in enumerate(zip(self.attnames, self.preps, strict=True)):
            value = get(attname)
            if prep is not None and value is not None:
                previous = last[index]
                if previous is not None and previous[0] is value:
                    value = previous[1]  # the very same object (a shared default): same result
                else:
                    prepared = prep(value, db)
                    last[index] = (value, prepared)
                    value = prepared
            values.append(value)
        self.rows.append(tuple(values))

    def take(self) -> tuple[str, list[str], list[tuple]]:
        """The rows added since the last call, for :func:`write_rows`; the table is emptied."""
        rows, self.rows = self.rows, []
        return self.name, self.columns, rows

    def flush(self) -> int:
        name, columns, rows = self.take()
        if rows:
            write_rows(name, columns, rows)
        return len(rows)


class BatchWriter:
    """Writes batches of rows in a thread of its own, on its own connection.

    The database then inserts (and indexes, and compresses) one batch while Python builds the
    next: on PostgreSQL the server is another process, and SQLite releases the GIL while it
    works. At most one finished batch waits, so memory stays bounded. Each batch is one
    transaction. An error in the thread is raised in the caller at the next ``submit`` or at
    ``close``.
    """

    def __init__(self):
        self._queue: queue.Queue = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with bulk_session():
                while (batch := self._queue.get()) is not None:
                    if self._error is not None:
                        continue  # keep draining so the producer never blocks
                    try:
                        with transaction.atomic():
                            for name, columns, rows in batch:
                                if rows:
                                    write_rows(name, columns, rows)
                    except BaseException as error:
                        self._error = error
        except BaseException as error:
            self._error = self._error or error
        finally:
            connections.close_all()  # this thread's connections only

    def submit(self, batch: list[tuple[str, list[str], list[tuple]]]) -> None:
        if self._error is not None:
            self.close()
        self._queue.put(batch)

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise RuntimeError("Writing a batch failed") from error


def write_rows(table: str, columns: Sequence[str], rows: Sequence[tuple]) -> None:
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    name = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {name} ({quoted}) VALUES ({marks})", rows)


def reserve_ids(model: type[models.Model], count: int) -> int:
    """Reserve ``count`` consecutive primary keys of ``model``; return the first.

    The generator writes explicit ids so it knows every path, parent and revision before
    writing anything. On PostgreSQL the id sequence is moved past the block; SQLite's
    AUTOINCREMENT follows explicit ids by itself.
    """
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX({column}), 0) FROM {table}")
        highest = cursor.fetchone()[0]
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, column])
            sequence = cursor.fetchone()[0]
            cursor.execute(f"SELECT nextval('{sequence}')")
            first = max(highest + 1, cursor.fetchone()[0])
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
            return first
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            return max(highest, found[0] if found else 0) + 1
    raise NotImplementedError(
        f"The generator supports PostgreSQL and SQLite, not {connection.vendor}."
    )


@contextmanager
def bulk_session():
    """Settings for this connection only that make a bulk load cheaper; restored afterwards.

    On PostgreSQL, foreign-key triggers are switched off as ``pg_restore --disable-triggers``
    does (``session_replication_role = replica``, superusers only): with them on, every row
    queues deferred checks whose cached plans were made on empty tables, and the load slows
    down as the tables grow. Yields whether they were off, so the caller can check every
    foreign key afterwards, set-wise (:func:`dangling_foreign_keys`).
    """
    db = connections[DEFAULT_DB_ALIAS]
    triggers_off = False
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute("SHOW synchronous_commit")
            synchronous_commit = cursor.fetchone()[0]
            # A crash may lose the last transactions, never corrupt them: fine for a generator.
            cursor.execute("SET synchronous_commit TO off")
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET session_replication_role = replica")
                triggers_off = True
        elif db.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size")
            cache_size = cursor.fetchone()[0]
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB
    try:
        yield triggers_off
    finally:
        with db.cursor() as cursor:
            if db.vendor == "postgresql":
                cursor.execute("SET session_replication_role = DEFAULT")
                cursor.execute(
                    "SELECT set_config('synchronous_commit', %s, false)", [synchronous_commit]
                )
            elif db.vendor == "sqlite":
                cursor.execute(f"PRAGMA cache_size = {int(cache_size)}")


def dangling_foreign_keys(models_written: Iterable[type[models.Model]]) -> list[str]:
    """Every foreign key of these tables that points nowhere, as ``table.column: count``."""
    problems = []
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    with db.cursor() as cursor:
        for model in models_written:
            for field in model._meta.local_concrete_fields:
                if not isinstance(field, models.ForeignKey) or not field.db_constraint:
                    continue
                target = field.target_field
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(model._meta.db_table)} c "
                    f"LEFT JOIN {quote(target.model._meta.db_table)} p "
                    f"ON p.{quote(target.column)} = c.{quote(field.column)} "
                    f"WHERE c.{quote(field.column)} IS NOT NULL "
                    f"AND p.{quote(target.column)} IS NULL"
                )
                count = cursor.fetchone()[0]
                if count:
                    problems.append(f"{model._meta.db_table}.{field.column}: {count} dangling")
    return problems


def analyze(models_written: Iterable[type[models.Model]]) -> None:
    """Fresh planner statistics for the tables just filled (PostgreSQL)."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        return
    with db.cursor() as cursor:
        for model in models_written:
            cursor.execute(f"ANALYZE {db.ops.quote_name(model._meta.db_table)}")
