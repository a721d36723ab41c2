"""What the database itself refuses, below every Python path (migration 0004).

The gate (:mod:`editorial.gate`) sees every ``save()``; these triggers see what never reaches
it — ``QuerySet.update()``, ``bulk_update()``, raw SQL — on PostgreSQL (PL/pgSQL) and SQLite:

* **Unreviewed content never goes live.** An UPDATE of ``wagtailcore_page`` that makes an
  information item live, or changes the live revision of a live one, is refused unless
  ``editorial_clearance`` holds that revision for that page and the revision has not gone live
  since the review that cleared it started (a clearance admits its revision once: content that
  was taken down or replaced comes back only through review). Dropping the pointer of a live
  item to its live revision is allowed: Django does it when the revisions of a deleted page go.
  Information items are the pages with a row in one of :data:`ITEM_MODELS`' tables.
  :func:`cms.content.timestamps.historical_import` opens an escape for bulk imports, inside its
  own transaction only.
* **What was approved stays what was approved.** The content of a revision that holds a
  clearance cannot be rewritten (Wagtail overwrites the latest revision in place for its
  author, ``save_revision(overwrite_revision=…)``).
* **The audit log is append-only** (``wagtailcore_pagelogentry``, ``wagtailcore_modellogentry``):
  no DELETE, and no UPDATE except the one Django makes itself when a content type is deleted
  (``content_type`` is ``on_delete=SET_NULL``). Wagtail never rewrites an entry: a deletion is
  logged as a new entry with ``deleted=True``. ``flush`` (the test suite's reset) empties every
  table: PostgreSQL's TRUNCATE does not fire row triggers, and on SQLite the ``flush`` command
  of this app opens :data:`FLUSH_WINDOW` for the duration.

Whoever owns the tables can drop a trigger: this stops the application's own code and its
users, not the database's administrator.
"""

from cms.content.timestamps import GUARD_WINDOW_TABLE, IMPORT_SETTING, IMPORT_WINDOW

# Models whose pages are information items (concrete subclasses of ContentItemPage). A new item
# type needs a migration that reinstalls the guards (tests/editorial/test_publish_paths.py
# checks this list against the models).
ITEM_MODELS = (
    "content.NewsPage",
    "content.NoticePage",
    "content.ResponsePage",
    "content.TopicPage",
    "interpretation.InterpretationPage",
    "interpretation.PolicyDocumentPage",
    "knowledgebase.KnowledgeEntryPage",
    "knowledgebase.ServiceGuidePage",
    "surveys.SurveyPage",
)
LOG_MODELS = ("wagtailcore.PageLogEntry", "wagtailcore.ModelLogEntry")
# Log entries of these actions mean "this revision went live"; a clearance admits it only once.
PUBLISH_LOG_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled", "wagtail.revert")
FLUSH_WINDOW = "flush"

# The database's refusals start with this, so code can tell them from other integrity errors.
REFUSAL_PREFIX = "editorial:"
NOT_CLEARED_SQL = (
    f"{REFUSAL_PREFIX} refused: only a revision cleared by the whole review can go live "
    "(三审三校, R18)"
)
CLEARED_REVISION_SQL = f"{REFUSAL_PREFIX} refused: the content of a cleared revision cannot change"
AUDIT_LOG_SQL = f"{REFUSAL_PREFIX} refused: the audit log is append-only"

PAGE_TRIGGER = "editorial_refuse_unreviewed_live"
REVISION_TRIGGER = "editorial_keep_cleared_revision"


def is_refusal(error: Exception) -> bool:
    """Whether a database error is one of these guards refusing."""
    return REFUSAL_PREFIX in str(error)


def _quoted(values) -> str:
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


def _is_item(item_tables: list[str], page_id: str) -> str:
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} WHERE page_ptr_id = {page_id})" for table in item_tables
    )


def _admitted(revision_id: str, page_id: str) -> str:
    """SQL: the revision may go live on that page now — the rule of
    :func:`editorial.gate._clearance_refusal`, which ``tests/editorial/test_one_rule.py`` checks
    case by case against this one. Change them together.

    It holds a clearance for that page, and has not gone live since the review that cleared it
    started (a clearance made outside a workflow, as the test factories make, has no start).
    """
    return (
        f"{revision_id} IS NOT NULL"
        f" AND EXISTS (SELECT 1 FROM editorial_clearance c"
        f" WHERE c.revision_id = {revision_id} AND c.page_id = {page_id}"
        f" AND NOT EXISTS (SELECT 1 FROM wagtailcore_pagelogentry l"
        f" JOIN wagtailcore_workflowstate ws ON ws.id = c.workflow_state_id"
        f" WHERE l.page_id = {page_id} AND l.revision_id = {revision_id}"
        f" AND l.action IN ({_quoted(PUBLISH_LOG_ACTIONS)})"
        f" AND l.timestamp >= ws.created_at))"
    )


# --- PostgreSQL ---------------------------------------------------------------------------------


def postgresql_install(item_tables: list[str], log_tables: list[str]) -> list[str]:
    statements = [
        f"""
CREATE OR REPLACE FUNCTION {PAGE_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT NEW.live
       OR (OLD.live AND NEW.live_revision_id IS NOT DISTINCT FROM OLD.live_revision_id)
       OR (OLD.live AND NEW.live_revision_id IS NULL)
       OR coalesce(current_setting('{IMPORT_SETTING}', true), '') = 'on'
       OR NOT ({_is_item(item_tables, "NEW.id")})
       OR ({_admitted("NEW.live_revision_id", "NEW.id")})
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{NOT_CLEARED_SQL}';
END;
$$""",
        f"DROP TRIGGER IF EXISTS {PAGE_TRIGGER} ON wagtailcore_page",
        f"""
CREATE TRIGGER {PAGE_TRIGGER} BEFORE UPDATE OF live, live_revision_id ON wagtailcore_page
FOR EACH ROW EXECUTE FUNCTION {PAGE_TRIGGER}()""",
        f"""
CREATE OR REPLACE FUNCTION {REVISION_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.content IS DISTINCT FROM OLD.content
        OR NEW.object_id IS DISTINCT FROM OLD.object_id
        OR NEW.content_type_id IS DISTINCT FROM OLD.content_type_id)
       AND EXISTS (SELECT 1 FROM editorial_clearance c WHERE c.revision_id = OLD.id)
    THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{CLEARED_REVISION_SQL}';
    END IF;
    RETURN NEW;
END;
$$""",
        f"DROP TRIGGER IF EXISTS {REVISION_TRIGGER} ON wagtailcore_revision",
        f"""
CREATE TRIGGER {REVISION_TRIGGER} BEFORE UPDATE ON wagtailcore_revision
FOR EACH ROW EXECUTE FUNCTION {REVISION_TRIGGER}()""",
        f"""
CREATE OR REPLACE FUNCTION editorial_audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.content_type_id IS NULL OR NEW.content_type_id = OLD.content_type_id)
       AND to_jsonb(NEW) - 'content_type_id' = to_jsonb(OLD) - 'content_type_id'
    THEN
        RETURN NEW;  -- Django nulls the content type of a deleted model (SET_NULL)
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{AUDIT_LOG_SQL}';
END;
$$""",
    ]
    for table in log_tables:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION editorial_audit_log_append_only()",
        ]
    return statements


def postgresql_uninstall(item_tables: list[str], log_tables: list[str]) -> list[str]:
    statements = [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in log_tables]
    return [
        *statements,
        "DROP FUNCTION IF EXISTS editorial_audit_log_append_only()",
        f"DROP TRIGGER IF EXISTS {REVISION_TRIGGER} ON wagtailcore_revision",
        f"DROP FUNCTION IF EXISTS {REVISION_TRIGGER}()",
        f"DROP TRIGGER IF EXISTS {PAGE_TRIGGER} ON wagtailcore_page",
        f"DROP FUNCTION IF EXISTS {PAGE_TRIGGER}()",
    ]


# --- SQLite -------------------------------------------------------------------------------------


def _window_open(kind: str) -> str:
    return f"EXISTS (SELECT 1 FROM {GUARD_WINDOW_TABLE} WHERE kind = '{kind}')"


def sqlite_install(item_tables: list[str], log_columns: dict[str, list[str]]) -> list[str]:
    statements = [
        f"CREATE TABLE IF NOT EXISTS {GUARD_WINDOW_TABLE} "
        "(id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL)",
        f"DROP TRIGGER IF EXISTS {PAGE_TRIGGER}",
        f"""
CREATE TRIGGER {PAGE_TRIGGER} BEFORE UPDATE OF live, live_revision_id ON wagtailcore_page
FOR EACH ROW WHEN NEW.live
    AND NOT (OLD.live AND NEW.live_revision_id IS OLD.live_revision_id)
    AND NOT (OLD.live AND NEW.live_revision_id IS NULL)
    AND NOT {_window_open(IMPORT_WINDOW)}
    AND ({_is_item(item_tables, "NEW.id")})
    AND NOT ({_admitted("NEW.live_revision_id", "NEW.id")})
BEGIN
    SELECT RAISE(ABORT, '{NOT_CLEARED_SQL}');
END""",
        f"DROP TRIGGER IF EXISTS {REVISION_TRIGGER}",
        f"""
CREATE TRIGGER {REVISION_TRIGGER} BEFORE UPDATE ON wagtailcore_revision
FOR EACH ROW WHEN (NEW.content IS NOT OLD.content
        OR NEW.object_id IS NOT OLD.object_id
        OR NEW.content_type_id IS NOT OLD.content_type_id)
    AND EXISTS (SELECT 1 FROM editorial_clearance c WHERE c.revision_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, '{CLEARED_REVISION_SQL}');
END""",
    ]
    for table, columns in log_columns.items():
        unchanged = " AND ".join(
            f"NEW.{column} IS OLD.{column}" for column in columns if column != "content_type_id"
        )
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_no_delete",
            f"""
CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
FOR EACH ROW WHEN NOT {_window_open(FLUSH_WINDOW)}
BEGIN
    SELECT RAISE(ABORT, '{AUDIT_LOG_SQL}');
END""",
            f"DROP TRIGGER IF EXISTS {table}_no_update",
            f"""
CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
FOR EACH ROW WHEN NOT ({unchanged}
    AND (NEW.content_type_id IS NULL OR NEW.content_type_id IS OLD.content_type_id))
BEGIN
    SELECT RAISE(ABORT, '{AUDIT_LOG_SQL}');
END""",
        ]
    return statements


def sqlite_uninstall(item_tables: list[str], log_columns: dict[str, list[str]]) -> list[str]:
    statements = []
    for table in log_columns:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_no_delete",
            f"DROP TRIGGER IF EXISTS {table}_no_update",
        ]
    return [
        *statements,
        f"DROP TRIGGER IF EXISTS {REVISION_TRIGGER}",
        f"DROP TRIGGER IF EXISTS {PAGE_TRIGGER}",
        f"DROP TABLE IF EXISTS {GUARD_WINDOW_TABLE}",
    ]


# --- Used by the migration ----------------------------------------------------------------------


def _item_models(apps) -> list:
    """The item models ``apps`` (a migration's state) has: an earlier migration installs the
    guards before a later app's type exists; that app's migration installs them again."""
    found = []
    for label in ITEM_MODELS:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return found


def _tables(apps):
    item_tables = [model._meta.db_table for model in _item_models(apps)]
    log_columns = {
        model._meta.db_table: [field.column for field in model._meta.concrete_fields]
        for model in (apps.get_model(label) for label in LOG_MODELS)
    }
    return item_tables, log_columns


def _run(schema_editor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def install_statements(apps, vendor: str) -> list[str]:
    """The SQL that installs (or installs again) the guards on ``vendor``'s database."""
    item_tables, log_columns = _tables(apps)
    if vendor == "postgresql":
        return postgresql_install(item_tables, list(log_columns))
    if vendor == "sqlite":
        return sqlite_install(item_tables, log_columns)
    raise NotImplementedError(f"No database guards for {vendor}")


def trigger_names(apps, vendor: str) -> set[str]:
    """The triggers the guards consist of on ``vendor``'s database."""
    _item_tables, log_columns = _tables(apps)
    if vendor == "postgresql":
        logs = {f"{table}_append_only" for table in log_columns}
    else:
        logs = {f"{table}_{kind}" for table in log_columns for kind in ("no_delete", "no_update")}
    return {PAGE_TRIGGER, REVISION_TRIGGER, *logs}


def installed_trigger_names(connection) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def install(apps, schema_editor) -> None:
    _run(schema_editor, install_statements(apps, schema_editor.connection.vendor))


def uninstall(apps, schema_editor) -> None:
    item_tables, log_columns = _tables(apps)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, postgresql_uninstall(item_tables, list(log_columns)))
    elif vendor == "sqlite":
        _run(schema_editor, sqlite_uninstall(item_tables, log_columns))


# --- The flush escape (SQLite) ------------------------------------------------------------------


def open_flush_window(connection):
    """Let ``flush`` empty the audit log on SQLite; returns what :func:`close_flush_window`
    needs. Call inside the transaction that flushes (PostgreSQL's TRUNCATE needs nothing)."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [GUARD_WINDOW_TABLE]
        )
        if cursor.fetchone() is None:
            return None
        cursor.execute(f"INSERT INTO {GUARD_WINDOW_TABLE} (kind) VALUES (%s)", [FLUSH_WINDOW])
        return cursor.lastrowid


def close_flush_window(connection, opened) -> None:
    if opened is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {GUARD_WINDOW_TABLE} WHERE id = %s", [opened])
