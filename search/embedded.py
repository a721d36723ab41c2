"""The embedded backend: full-text search in the application's own database.

Beside the portable rows of :class:`search.models.IndexedPage`, each database keeps its own
structure, which triggers keep in step with the rows whatever writes them:

* SQLite: an FTS5 table over the three word columns (external content: the rows hold the
  text), ranked by ``bm25`` with weights;
* PostgreSQL: a ``tsvector`` column with a GIN index, the title weighted A, document numbers B
  and the body D, ranked by ``ts_rank_cd``.

The words are cut by :mod:`search.segment` before either database sees them, and both split
on spaces only, so a query word finds exactly the indexed word. A query asks for every word.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection as default_connection

from .models import IndexedPage
from .segment import query_words

TABLE = IndexedPage._meta.db_table
FTS_TABLE = "search_fts"
# Title, document numbers, body: a word in the title counts ten times one in the body.
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
SQLITE_TRIGGERS = ("search_fts_insert", "search_fts_delete", "search_fts_update")

_SQLITE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    f"title_words, number_words, body_words, content='{TABLE}', content_rowid='page_id', "
    "tokenize='unicode61 remove_diacritics 0')"
)
_SQLITE_NEW = "new.page_id, new.title_words, new.number_words, new.body_words"
_SQLITE_OLD = "old.page_id, old.title_words, old.number_words, old.body_words"
_SQLITE_COLUMNS = "rowid, title_words, number_words, body_words"
_SQLITE_TRIGGER_SQL = {
    "search_fts_insert": (
        f"CREATE TRIGGER IF NOT EXISTS search_fts_insert AFTER INSERT ON {TABLE} BEGIN "
        f"INSERT INTO {FTS_TABLE}({_SQLITE_COLUMNS}) VALUES ({_SQLITE_NEW}); END"
    ),
    "search_fts_delete": (
        f"CREATE TRIGGER IF NOT EXISTS search_fts_delete AFTER DELETE ON {TABLE} BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, {_SQLITE_COLUMNS}) "
        f"VALUES ('delete', {_SQLITE_OLD}); END"
    ),
    "search_fts_update": (
        f"CREATE TRIGGER IF NOT EXISTS search_fts_update AFTER UPDATE ON {TABLE} BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, {_SQLITE_COLUMNS}) "
        f"VALUES ('delete', {_SQLITE_OLD}); "
        f"INSERT INTO {FTS_TABLE}({_SQLITE_COLUMNS}) VALUES ({_SQLITE_NEW}); END"
    ),
}

_POSTGRES_VECTOR = (
    "setweight(to_tsvector('simple', coalesce(NEW.title_words, '')), 'A') || "
    "setweight(to_tsvector('simple', coalesce(NEW.number_words, '')), 'B') || "
    "setweight(to_tsvector('simple', coalesce(NEW.body_words, '')), 'D')"
)
_POSTGRES_INSTALL = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS vector tsvector",
    f"CREATE INDEX IF NOT EXISTS search_vector_gin ON {TABLE} USING gin (vector)",
    "CREATE OR REPLACE FUNCTION search_vector_fill() RETURNS trigger AS $$ BEGIN "
    f"NEW.vector := {_POSTGRES_VECTOR}; RETURN NEW; END $$ LANGUAGE plpgsql",
    f"DROP TRIGGER IF EXISTS search_vector_fill ON {TABLE}",
    "CREATE TRIGGER search_vector_fill BEFORE INSERT OR UPDATE ON "
    f"{TABLE} FOR EACH ROW EXECUTE FUNCTION search_vector_fill()",
]


def install(apps=None, schema_editor=None, *, connection=None) -> None:
    """Create this database's full-text structure if it is missing (idempotent): from the
    migration, and after every ``migrate`` in case a migration rebuilt the table (SQLite)."""
    if schema_editor is not None:
        db = schema_editor.connection
    else:
        db = connection or default_connection
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            for statement in _POSTGRES_INSTALL:
                cursor.execute(statement)
        elif db.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            missing = set(SQLITE_TRIGGERS) - {name for (name,) in cursor.fetchall()}
            cursor.execute(_SQLITE_FTS)
            for name in SQLITE_TRIGGERS:
                cursor.execute(_SQLITE_TRIGGER_SQL[name])
            if missing:  # rows may have been written while a trigger was gone
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def uninstall(apps=None, schema_editor=None) -> None:
    db = schema_editor.connection
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS search_vector_fill ON {TABLE}")
            cursor.execute("DROP FUNCTION IF EXISTS search_vector_fill()")
            cursor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS vector")
        elif db.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


@dataclass(frozen=True)
class Hits:
    """One page of results, best first: page ids with their scores (higher is better)."""

    total: int
    page_ids: list[int]
    scores: list[float]


def put(rows: Iterable[IndexedPage]) -> None:
    """Index ``rows``, replacing what was indexed of their pages."""
    rows = list(rows)
    IndexedPage.objects.filter(pk__in=[row.page_id for row in rows]).delete()
    IndexedPage.objects.bulk_create(rows, batch_size=500)


def remove(page_ids: Iterable[int]) -> None:
    IndexedPage.objects.filter(pk__in=list(page_ids)).delete()


def _filters(
    site_ids: Sequence[int] | None,
    kinds: Sequence[str] | None,
    column_path: str | None,
    archived: bool | None,
) -> tuple[str, list]:
    where, params = [], []
    if site_ids is not None:
        where.append(f"d.site_id IN ({', '.join(['%s'] * len(site_ids)) or 'NULL'})")
        params += list(site_ids)
    if kinds is not None:
        where.append(f"d.kind IN ({', '.join(['%s'] * len(kinds)) or 'NULL'})")
        params += list(kinds)
    if column_path:
        where.append("d.column_path LIKE %s")
        params.append(column_path.replace("%", "").replace("_", "") + "%")
    if archived is not None:
        where.append("d.archived = %s")
        params.append(archived)
    return "".join(f" AND {clause}" for clause in where), params


def find(
    text: str,
    *,
    site_ids: Sequence[int] | None = None,
    kinds: Sequence[str] | None = None,
    column_path: str | None = None,
    archived: bool | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Hits:
    """The indexed pages holding every word of ``text``, best first, newest first among
    equals; ``archived`` None finds filed and unfiled pages alike."""
    words = query_words(text)
    if not words:
        return Hits(0, [], [])
    where, params = _filters(site_ids, kinds, column_path, archived)
    connection = default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            source = f"FROM {TABLE} d, plainto_tsquery('simple', %s) q WHERE d.vector @@ q{where}"
            first = [" ".join(words), *params]
            cursor.execute(f"SELECT COUNT(*) {source}", first)
            total = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT d.page_id, ts_rank_cd(d.vector, q) AS score {source} "
                "ORDER BY score DESC, d.published_at DESC NULLS LAST, d.page_id DESC "
                "LIMIT %s OFFSET %s",
                [*first, limit, offset],
            )
        else:
            match = " AND ".join('"' + word.replace('"', '""') + '"' for word in words)
            # CROSS JOIN: SQLite keeps this order, the full-text match first; joined the other
            # way, a site's rows were read one by one and each probed in the FTS table.
            source = (
                f"FROM {FTS_TABLE} CROSS JOIN {TABLE} d ON d.page_id = {FTS_TABLE}.rowid "
                f"WHERE {FTS_TABLE} MATCH %s{where}"
            )
            cursor.execute(f"SELECT COUNT(*) {source}", [match, *params])
            total = cursor.fetchone()[0]
            weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
            cursor.execute(
                f"SELECT d.page_id, -bm25({FTS_TABLE}, {weights}) AS score {source} "
                "ORDER BY score DESC, d.published_at IS NULL, d.published_at DESC, "
                "d.page_id DESC LIMIT %s OFFSET %s",
                [match, *params, limit, offset],
            )
        rows = cursor.fetchall()
    return Hits(total, [row[0] for row in rows], [float(row[1]) for row in rows])
