"""What the database itself refuses of the security log, below the ORM (migration 0002): any
UPDATE of a row (SQLite and PostgreSQL), and on PostgreSQL the DELETE of a row younger than
:data:`~cms.security.retention.LEGAL_MINIMUM_DAYS`.

On SQLite, deletion is refused by the ORM only (:mod:`cms.security.models`): Django's ``flush``
(the test suite's reset) empties SQLite tables with DELETE, which a trigger would refuse;
PostgreSQL's ``flush`` truncates, which fires no row trigger. Whoever owns the tables can drop a
trigger: this stops the application and its users, not the database's administrator.
"""

from .retention import LEGAL_MINIMUM_DAYS

TABLE = "security_securityevent"
REFUSAL = "security: refused: the security log is append-only"
UPDATE_TRIGGER = "security_event_no_update"
DELETE_TRIGGER = "security_event_no_early_delete"


def postgresql_install() -> list[str]:
    return [
        f"""
CREATE OR REPLACE FUNCTION {UPDATE_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{REFUSAL}';
END;
$$""",
        f"DROP TRIGGER IF EXISTS {UPDATE_TRIGGER} ON {TABLE}",
        f"CREATE TRIGGER {UPDATE_TRIGGER} BEFORE UPDATE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {UPDATE_TRIGGER}()",
        f"""
CREATE OR REPLACE FUNCTION {DELETE_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.occurred_at >= now() - interval '{LEGAL_MINIMUM_DAYS} days' THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{REFUSAL}';
    END IF;
    RETURN OLD;
END;
$$""",
        f"DROP TRIGGER IF EXISTS {DELETE_TRIGGER} ON {TABLE}",
        f"CREATE TRIGGER {DELETE_TRIGGER} BEFORE DELETE ON {TABLE} "
        f"FOR EACH ROW EXECUTE FUNCTION {DELETE_TRIGGER}()",
    ]


def postgresql_uninstall() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {DELETE_TRIGGER} ON {TABLE}",
        f"DROP FUNCTION IF EXISTS {DELETE_TRIGGER}()",
        f"DROP TRIGGER IF EXISTS {UPDATE_TRIGGER} ON {TABLE}",
        f"DROP FUNCTION IF EXISTS {UPDATE_TRIGGER}()",
    ]


def sqlite_install() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {UPDATE_TRIGGER}",
        f"""
CREATE TRIGGER {UPDATE_TRIGGER} BEFORE UPDATE ON {TABLE}
BEGIN
    SELECT RAISE(ABORT, '{REFUSAL}');
END""",
    ]


def sqlite_uninstall() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {UPDATE_TRIGGER}"]


def _run(schema_editor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def install(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, postgresql_install())
    elif vendor == "sqlite":
        _run(schema_editor, sqlite_install())


def uninstall(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, postgresql_uninstall())
    elif vendor == "sqlite":
        _run(schema_editor, sqlite_uninstall())
