"""The database's side of a backup: a consistent dump, and its restore into an empty database.

PostgreSQL: ``pg_dump --format=custom`` in the snapshot the backup's own transaction exported
(so the manifest's counts and digests describe exactly what was dumped), restored with
``pg_restore --single-transaction`` (all of it or nothing). The connection settings reach the
client tools through their environment (``PGHOST``, ``PGPASSWORD`` …), never the command line.
SQLite: the sqlite3 online backup API, from inside the backup's read transaction (consistent
while the site writes), restored by copying the file into place under a temporary name.
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import psycopg
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
DUMP_FILES = {POSTGRESQL: "database.dump", SQLITE: "database.sqlite3"}

UNSUPPORTED = _("Database engine %(engine)s is not supported: PostgreSQL or SQLite only.")
TOOL_FAILED = _("%(tool)s failed (exit code %(code)d): %(error)s")
UNREACHABLE = _(
    "Cannot connect to the target database %(name)s: %(error)s. Create it first as an empty "
    "database (createdb)."
)


class DatabaseError(Exception):
    pass


@dataclass(frozen=True)
class Database:
    """A database as Django's settings describe it (``ENGINE``, ``NAME``, ``HOST`` …)."""

    settings: dict

    @property
    def engine(self) -> str:
        engine = self.settings["ENGINE"]
        if "postgresql" in engine:
            return POSTGRESQL
        if "sqlite3" in engine:
            return SQLITE
        raise DatabaseError(str(UNSUPPORTED % {"engine": engine}))

    @property
    def name(self) -> str:
        return str(self.settings["NAME"])


def current() -> Database:
    return Database(dict(connection.settings_dict))


def from_url(url: str) -> Database:
    return Database(dj_database_url.parse(url))


def _tool(name: str) -> str:
    return str(Path(settings.BACKUP_PG_BIN_DIR) / name)


def _pg_environment(database: Database) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.settings.get(key):
            env[variable] = str(database.settings[key])
    sslmode = (database.settings.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(tool: str, arguments: list[str], database: Database) -> None:
    result = subprocess.run(
        [_tool(tool), *arguments],
        env=_pg_environment(database),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        error = (result.stderr or result.stdout).strip()
        raise DatabaseError(
            str(TOOL_FAILED % {"tool": tool, "code": result.returncode, "error": error})
        )


# --- Backup ---------------------------------------------------------------------------------


def begin_snapshot() -> str | None:
    """In the backup's transaction (just opened): fix what it sees; on PostgreSQL return the
    snapshot ``pg_dump`` is to dump."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            return cursor.fetchone()[0]
        # SQLite: the first read starts the read transaction the online backup copies from.
        cursor.execute("SELECT COUNT(*) FROM sqlite_master")
        return None


def dump(path: Path, snapshot: str | None) -> None:
    """Write the database the default connection reaches to ``path``, as the open snapshot
    sees it."""
    database = current()
    if database.engine == POSTGRESQL:
        arguments = ["--format=custom", "--no-password", f"--file={path}"]
        if snapshot:
            arguments.append(f"--snapshot={snapshot}")
        _run("pg_dump", arguments, database)
        return
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


# --- Restore --------------------------------------------------------------------------------


def _pg_connect(database: Database):
    options = database.settings
    try:
        return psycopg.connect(
            dbname=options["NAME"],
            host=options.get("HOST") or None,
            port=options.get("PORT") or None,
            user=options.get("USER") or None,
            password=options.get("PASSWORD") or None,
            autocommit=True,
        )
    except psycopg.Error as error:
        raise DatabaseError(str(UNREACHABLE % {"name": database.name, "error": error})) from error


def table_count(database: Database) -> int:
    """How many tables the database holds: 0 for an empty one (or a SQLite file not there)."""
    if database.engine == POSTGRESQL:
        with _pg_connect(database) as conn:
            return conn.execute(
                "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
                "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'"
            ).fetchone()[0]
    path = Path(database.name)
    if not path.exists() or path.stat().st_size == 0:
        return 0
    target = sqlite3.connect(path)
    try:
        return target.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type IN ('table', 'view')"
        ).fetchone()[0]
    finally:
        target.close()


def empty(database: Database) -> None:
    """Remove everything the target holds (``restore --force``)."""
    if database.engine == POSTGRESQL:
        with _pg_connect(database) as conn:
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(database.name + suffix).unlink(missing_ok=True)


def load(dump_path: Path, database: Database) -> None:
    """Restore ``dump_path`` into the (empty) ``database``: all of it or nothing."""
    if database.engine == POSTGRESQL:
        _pg_connect(database).close()  # a clear message when it is not there
        arguments = [
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--no-password",
            f"--dbname={database.name}",
            str(dump_path),
        ]
        _run("pg_restore", arguments, database)
        return
    target = Path(database.name)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(dump_path, partial)
    os.replace(partial, target)
