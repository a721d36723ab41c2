"""The read model's counts (:class:`publicapi.models.PublicCount`), kept by the database.

A listing's count was a COUNT over the rows it selects, which grows with the site (at a million
pages it cost more than the rest of the request). The counts are kept instead per site, column,
type and archive state, by triggers on ``publicapi_publicpage``: in the statement that inserts,
changes or deletes rows, whoever runs it — ``services`` rendering a page, the archive swapping
tails in bulk, Django cascading a page's deletion, the tamper check taking a row offline, the
generator's COPY. No Python path can forget them, and they commit or roll back with the rows.

PostgreSQL counts once per statement (transition tables: filing 100,000 rows is one grouped
upsert); SQLite once per row. A later migration that rebuilds the table on SQLite drops its
triggers: :func:`restore_after_migrate` puts them back and recounts, as ``editorial.schema``
does for its guards. :func:`recount` (``manage.py public_counts``) rebuilds the table from the
rows; :func:`drift` says where stored counts and real ones differ.
"""

from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import post_migrate

from .models import PublicCount, PublicPage

MIGRATION = ("publicapi", "0008_public_counts")
PAGES = "publicapi_publicpage"
COUNTS = "publicapi_publiccount"
KEY = "site_id, column_id, type, archived"
PG_FUNCTION = "publicapi_publiccount_follow"
TRIGGERS = {
    "postgresql": [f"{PAGES}_count_{op}" for op in ("insert", "update", "delete")],
    "sqlite": [f"{PAGES}_count_{op}" for op in ("insert", "update", "delete")],
}


def _keyed(rows: str, delta: str) -> str:
    return (
        f"SELECT site_id, COALESCE(column_id, 0) AS column_id, type, "
        f"archived_at IS NOT NULL AS archived, {delta} AS delta FROM {rows}"
    )


def _pg_upsert(parts: list[str]) -> str:
    # Sorted keys: concurrent writers lock the count rows in one order, never in a cycle.
    return f"""
      INSERT INTO {COUNTS} AS c ({KEY}, count)
      SELECT {KEY}, SUM(delta) FROM ({" UNION ALL ".join(parts)}) AS d
      GROUP BY {KEY} HAVING SUM(delta) <> 0 ORDER BY {KEY}
      ON CONFLICT ({KEY}) DO UPDATE SET count = c.count + EXCLUDED.count;"""


def postgresql_install() -> list[str]:
    inserted, deleted = _keyed("new_rows", "1"), _keyed("old_rows", "-1")
    function = f"""
CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN {_pg_upsert([inserted])}
  ELSIF TG_OP = 'DELETE' THEN {_pg_upsert([deleted])}
  ELSE {_pg_upsert([inserted, deleted])}
  END IF;
  RETURN NULL;
END $$"""
    referencing = {
        "insert": "NEW TABLE AS new_rows",
        "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "delete": "OLD TABLE AS old_rows",
    }
    statements = [function]
    for op, tables in referencing.items():
        statements += [
            f"CREATE OR REPLACE TRIGGER {PAGES}_count_{op} AFTER {op.upper()} ON {PAGES} "
            f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()",
            # Fired in replica sessions too: the bulk writer (cms.content.bulk) switches
            # triggers off that way to skip foreign-key checks; the counts must still follow.
            f"ALTER TABLE {PAGES} ENABLE ALWAYS TRIGGER {PAGES}_count_{op}",
        ]
    return statements


def _sqlite_add(row: str, delta: str) -> str:
    return (
        f"INSERT INTO {COUNTS} ({KEY}, count) VALUES ({row}.site_id, "
        f"COALESCE({row}.column_id, 0), {row}.type, {row}.archived_at IS NOT NULL, {delta}) "
        f"ON CONFLICT ({KEY}) DO UPDATE SET count = count + excluded.count;"
    )


def _sqlite_take(row: str) -> str:
    # A row that goes was counted: its count is taken down, never created below zero. (Django's
    # flush empties the tables one by one in no fixed order; when the counts went first, the
    # rows' deletes find nothing to take from and leave nothing behind.)
    return (
        f"UPDATE {COUNTS} SET count = count - 1 WHERE site_id = {row}.site_id "
        f"AND column_id = COALESCE({row}.column_id, 0) AND type = {row}.type "
        f"AND archived = ({row}.archived_at IS NOT NULL);"
    )


def sqlite_install() -> list[str]:
    changed = "site_id, column_id, type, archived_at"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {PAGES}_count_insert AFTER INSERT ON {PAGES} "
        f"BEGIN {_sqlite_add('NEW', '1')} END",
        f"CREATE TRIGGER IF NOT EXISTS {PAGES}_count_update AFTER UPDATE OF {changed} "
        f"ON {PAGES} BEGIN {_sqlite_take('OLD')} {_sqlite_add('NEW', '1')} END",
        f"CREATE TRIGGER IF NOT EXISTS {PAGES}_count_delete AFTER DELETE ON {PAGES} "
        f"BEGIN {_sqlite_take('OLD')} END",
    ]


def uninstall_statements(vendor: str) -> list[str]:
    drops = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS[vendor]]
    if vendor == "postgresql":
        return [f"{drop} ON {PAGES}" for drop in drops] + [
            f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()"
        ]
    return drops


def _statements(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return postgresql_install()
    if vendor == "sqlite":
        return sqlite_install()
    raise NotImplementedError(f"No read-model counts for {vendor}")


def install(apps, schema_editor) -> None:
    """The migration's forward step: the triggers, then the counts of the rows already there."""
    for statement in _statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)
    recount(using=schema_editor.connection.alias)


def uninstall(apps, schema_editor) -> None:
    for statement in uninstall_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def installed(using: str = "default") -> bool:
    link = connections[using]
    with link.cursor() as cursor:
        if link.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", [f"{PAGES}_count_%"]
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{PAGES}_count_%"],
            )
        return {name for (name,) in cursor.fetchall()} >= set(TRIGGERS[link.vendor])


def _real(using: str = "default"):
    return (
        PublicPage.objects.using(using)
        .annotate(column_key=Coalesce("column_id", 0), is_archived=Q(archived_at__isnull=False))
        .values("site_id", "column_key", "type", "is_archived")
        .annotate(n=Count("*"))
        .order_by()
    )


def real_counts(using: str = "default") -> dict[tuple, int]:
    """What a COUNT over the rows gives, by (site, column, type, archived)."""
    return {
        (row["site_id"], row["column_key"], row["type"], row["is_archived"]): row["n"]
        for row in _real(using)
    }


def stored_counts(using: str = "default") -> dict[tuple, int]:
    rows = PublicCount.objects.using(using).exclude(count=0)
    return {
        (row.site_id, row.column_id, row.type, row.archived): row.count
        for row in rows.only("site_id", "column_id", "type", "archived", "count")
    }


def drift(using: str = "default") -> dict[tuple, tuple[int, int]]:
    """The keys whose stored count differs from the real one: key → (stored, real)."""
    stored, real = stored_counts(using), real_counts(using)
    return {
        key: (stored.get(key, 0), real.get(key, 0))
        for key in stored.keys() | real.keys()
        if stored.get(key, 0) != real.get(key, 0)
    }


def recount(using: str = "default") -> int:
    """Count every row again, replacing the stored counts, in one transaction; returns how many
    counts are stored. On PostgreSQL the rows are locked against writers meanwhile, so no
    trigger adds to a count being replaced. Plain SQL: the migration runs it too."""
    link = connections[using]
    with transaction.atomic(using=using), link.cursor() as cursor:
        if link.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {PAGES} IN SHARE MODE")
        cursor.execute(f"DELETE FROM {COUNTS}")
        cursor.execute(
            f"INSERT INTO {COUNTS} ({KEY}, count) "
            f"SELECT site_id, COALESCE(column_id, 0), type, archived_at IS NOT NULL, COUNT(*) "
            f"FROM {PAGES} GROUP BY site_id, COALESCE(column_id, 0), type, archived_at IS NOT NULL"
        )
        return cursor.rowcount


def restore_after_migrate(sender, app_config=None, using="default", **kwargs) -> None:
    """After ``migrate``: the triggers put back (and the counts taken again) if a migration
    rebuilt ``publicapi_publicpage`` on SQLite and dropped them with the old table, or if they
    were switched off on PostgreSQL."""
    if app_config is None or app_config.label != "publicapi":
        return
    link = connections[using]
    if link.vendor not in TRIGGERS:
        return
    applied = MigrationRecorder(link).applied_migrations()
    if MIGRATION not in applied or installed(using):
        return
    with link.schema_editor() as editor:
        for statement in _statements(link.vendor):
            editor.execute(statement, params=None)
    recount(using)


post_migrate.connect(restore_after_migrate, dispatch_uid="publicapi.counts.restore")


def listing_count(keys: Q) -> int:
    """The sum of the stored counts ``keys`` (a filter on ``PublicCount``) selects."""
    return PublicCount.objects.filter(keys).aggregate(n=Sum("count"))["n"] or 0
