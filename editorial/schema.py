"""What the database holds beyond the models, and how it survives later migrations.

* The guards of :mod:`editorial.dbguards` (migration 0004): triggers on Wagtail's tables.
* Indexes of Wagtail's tables for the review queue (:func:`editorial.selectors.review_queue`,
  migration 0006):

  - the stages in progress, a few thousand among every stage ever opened
    (``wagtailcore_taskstate`` keeps them all), with what the queue joins and sorts on: the
    queue never scans the history;
  - "did this person write the item?" for each candidate stage: the revision's author and the
    page's owner, answered from an index alone rather than from rows of the two largest tables
    (a million pages, several million revisions).

Django knows neither. When a later migration (Wagtail's or ours) alters one of those tables,
SQLite rebuilds it — a new table, the rows copied, the old one dropped — and the triggers and
indexes go with the old table, silently. :func:`restore_after_migrate` puts them back after
every ``migrate`` (both are idempotent), where the migrations that made them are applied.
"""

from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

from . import dbguards

GUARDS_MIGRATION = ("editorial", "0004_database_guards")
INDEXES_MIGRATION = ("editorial", "0006_review_queue_indexes")

INDEXES = {
    "editorial_taskstate_in_progress": {
        # PostgreSQL finds the row by id and reads the rest from the index alone.
        "postgresql": "wagtailcore_taskstate (id) INCLUDE (workflow_state_id, revision_id, "
        "started_at) WHERE status = 'in_progress'",
        "sqlite": "wagtailcore_taskstate (id, workflow_state_id, revision_id, started_at) "
        "WHERE status = 'in_progress'",
    },
    "editorial_revision_author": {
        "postgresql": "wagtailcore_revision (user_id, id)",
        "sqlite": "wagtailcore_revision (user_id, id)",
    },
    "editorial_page_owner": {
        "postgresql": "wagtailcore_page (owner_id, id)",
        "sqlite": "wagtailcore_page (owner_id, id)",
    },
}


def _creating(name: str, vendor: str, *, if_not_exists: bool = False) -> str:
    guard = "IF NOT EXISTS " if if_not_exists else ""
    return f"CREATE INDEX {guard}{name} ON {INDEXES[name][vendor]}"


def create_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, definitions in INDEXES.items():
        if vendor in definitions:
            schema_editor.execute(_creating(name, vendor, if_not_exists=True))


def drop_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, definitions in INDEXES.items():
        if vendor in definitions:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def restore_after_migrate(apps, using: str) -> None:
    """Install the guards again if a trigger is missing, and any missing index, where their
    migrations are applied. Nothing is written when all are in place; plain statements on the
    connection, so that it also runs inside a transaction (SQLite's schema editor refuses to)."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    applied = MigrationRecorder(connection).applied_migrations()
    statements = []
    if GUARDS_MIGRATION in applied:
        expected = dbguards.trigger_names(apps, vendor)
        if expected - dbguards.installed_trigger_names(connection):
            statements += dbguards.install_statements(apps, vendor)
    if INDEXES_MIGRATION in applied:
        statements += [
            _creating(name, vendor)
            for name, definitions in INDEXES.items()
            if vendor in definitions and name not in _index_names(connection, definitions[vendor])
        ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _index_names(connection, definition: str) -> set[str]:
    table = definition.split(" ", 1)[0]
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))
