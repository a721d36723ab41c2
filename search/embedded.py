"""The embedded backend: full-text search in the application's own database.

Beside the portable rows of :class:`search.models.IndexedPage`, each database keeps its own
structure, which triggers keep in step with the rows whatever writes them:

* SQLite: an FTS5 table over the three word columns (external content: the rows hold the
  text), ranked by ``bm25`` with weights;
* PostgreSQL: a ``tsvector`` column with a GIN index, the title weighted A, document numbers B
  and the body D, ranked by ``ts_rank_cd``.

The words are cut by :mod:`search.segment` before either database sees them, and both split
on spaces only, so a query word finds exactly the indexed word. Queries are
:class:`search.query.Query`: groups of alternatives, built by :mod:`search.understanding`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection as default_connection

from .models import IndexedPage
from .query import FACETS, NOTHING, RELEVANCE, Filters, Hits, Query, Terms, facet_counts

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
_WORD_COLUMNS = "title_words, number_words, body_words"
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
        "CREATE TRIGGER IF NOT EXISTS search_fts_update "
        f"AFTER UPDATE OF {_WORD_COLUMNS} ON {TABLE} BEGIN "
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
    f"CREATE TRIGGER search_vector_fill BEFORE INSERT OR UPDATE OF {_WORD_COLUMNS} ON "
    f"{TABLE} FOR EACH ROW EXECUTE FUNCTION search_vector_fill()",
]


def _postgres_installed(cursor) -> bool:
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM information_schema.columns "
        "WHERE table_name = %s AND column_name = 'vector'), "
        "EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'search_vector_gin'), "
        "EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'search_vector_fill')",
        [TABLE],
    )
    return all(cursor.fetchone())


def install(apps=None, schema_editor=None, *, connection=None, replace=False) -> None:
    """Create this database's full-text structure if it is missing (idempotent): from the
    migration, and after every ``migrate`` in case a migration rebuilt the table (SQLite);
    ``replace`` makes it again whatever is there. PostgreSQL is asked first, not told: it
    refuses even a no-op ``ALTER TABLE`` while the transaction holds deferred checks on rows
    of the table (a test's, when ``post_migrate`` is sent inside it)."""
    if schema_editor is not None:
        db = schema_editor.connection
    else:
        db = connection or default_connection
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            if replace or not _postgres_installed(cursor):
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


def reinstall(apps=None, schema_editor=None) -> None:
    """Replace the triggers with today's (migration 0003: they fire only when words change)."""
    db = schema_editor.connection
    if db.vendor == "sqlite":
        with db.cursor() as cursor:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    install(schema_editor=schema_editor, replace=True)


def put(rows: Iterable[IndexedPage]) -> None:
    """Index ``rows``, replacing what was indexed of their pages."""
    rows = list(rows)
    remove([row.page_id for row in rows])
    IndexedPage.objects.bulk_create(rows, batch_size=500)


def _chunks(page_ids: Iterable[int], size: int = 500):
    ids = list(page_ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def remove(page_ids: Iterable[int]) -> None:
    for chunk in _chunks(page_ids):
        IndexedPage.objects.filter(pk__in=chunk).delete()


def mark_archived(page_ids: Iterable[int], archived: bool) -> None:
    """Filed or restored: the state changes, the words do not (no trigger fires)."""
    for chunk in _chunks(page_ids):
        IndexedPage.objects.filter(pk__in=chunk).update(archived=archived)


def clear() -> None:
    """Empty the index (before a rebuild)."""
    # Not TRUNCATE: PostgreSQL refuses it while the transaction holds deferred foreign-key checks.
    with default_connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")


def _in(column: str, values: Sequence) -> tuple[str, list]:
    return f"{column} IN ({', '.join(['%s'] * len(values)) or 'NULL'})", list(values)


def _where(filters: Filters) -> tuple[str, list]:
    clauses: list[tuple[str, list]] = []
    if filters.site_ids is not None:
        clauses.append(_in("d.site_id", filters.site_ids))
    if filters.kinds is not None:
        clauses.append(_in("d.kind", filters.kinds))
    if filters.column_path:
        clauses.append(("d.column_path LIKE %s", [filters.column_path + "%"]))
    if filters.archived is not None:
        clauses.append(("d.archived = %s", [filters.archived]))
    if filters.validity:
        clauses.append(("d.validity = %s", [filters.validity]))
    if filters.published_from is not None:
        clauses.append(("d.published_at >= %s", [filters.published_from]))
    if filters.published_before is not None:
        clauses.append(("d.published_at < %s", [filters.published_before]))
    return (
        "".join(f" AND {clause}" for clause, _ in clauses),
        [param for _, params in clauses for param in params],
    )


def _sqlite_match(terms: Terms) -> str:
    def quoted(word: str) -> str:
        return '"' + word.replace('"', '""') + '"'

    def group(alternatives) -> str:
        return (
            "("
            + " OR ".join("(" + " AND ".join(map(quoted, alt)) + ")" for alt in alternatives)
            + ")"
        )

    return " OR ".join(
        "(" + " AND ".join(map(group, groups)) + ")" for groups in terms.conjunctions()
    )


def _postgres_tsquery(terms: Terms) -> tuple[str, list]:
    """The tsquery as SQL over ``plainto_tsquery`` of each alternative's words: no query text
    is ever parsed as tsquery syntax."""
    conjunctions, params = [], []
    for groups in terms.conjunctions():
        parts = []
        for group in groups:
            parts.append("(" + " || ".join(["plainto_tsquery('simple', %s)"] * len(group)) + ")")
            params += [" ".join(alternative) for alternative in group]
        conjunctions.append("(" + " && ".join(parts) + ")")
    return " || ".join(conjunctions), params


_FACET_COLUMNS = "d.kind, d.site_id, d.archived, d.validity"


def find(query: Query) -> Hits:
    """The indexed pages matching ``query.terms`` within its filters, best (or newest) first,
    with the total and the facets (one grouped count over the matches)."""
    if not query.terms:
        return NOTHING
    where, params = _where(query.filters)
    newest = "d.published_at DESC NULLS LAST, d.page_id DESC"
    connection = default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tsquery, first = _postgres_tsquery(query.terms)
            source = f"FROM {TABLE} d, (SELECT {tsquery} AS q) AS q WHERE d.vector @@ q.q{where}"
            # Normalised by the log of the length (flag 1), as BM25 is on SQLite: a long text
            # does not outrank a short one by repeating a word (MRR 0.869 -> 0.876 on the set).
            score = "ts_rank_cd(d.vector, q.q, 1)"
        else:
            first = [_sqlite_match(query.terms)]
            # CROSS JOIN: SQLite keeps this order, the full-text match first; joined the other
            # way, a site's rows were read one by one and each probed in the FTS table.
            source = (
                f"FROM {FTS_TABLE} CROSS JOIN {TABLE} d ON d.page_id = {FTS_TABLE}.rowid "
                f"WHERE {FTS_TABLE} MATCH %s{where}"
            )
            weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
            score = f"-bm25({FTS_TABLE}, {weights})"
            newest = "d.published_at IS NULL, d.published_at DESC, d.page_id DESC"
        if query.at_most is not None:
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 {source} LIMIT %s) AS m",
                [*first, *params, query.at_most + 1],
            )
            if cursor.fetchone()[0] > query.at_most:
                return Hits(0, [], [], {name: {} for name in FACETS}, too_broad=True)
        cursor.execute(
            f"SELECT {_FACET_COLUMNS}, COUNT(*) {source} GROUP BY {_FACET_COLUMNS}",
            [*first, *params],
        )
        total, facets = facet_counts(cursor.fetchall())
        if not total:
            return Hits(0, [], [], facets)
        order = f"score DESC, {newest}" if query.sort == RELEVANCE else newest
        cursor.execute(
            f"SELECT d.page_id, {score} AS score {source} ORDER BY {order} LIMIT %s OFFSET %s",
            [*first, *params, query.limit, query.offset],
        )
        rows = cursor.fetchall()
    return Hits(total, [row[0] for row in rows], [float(row[1]) for row in rows], facets)
