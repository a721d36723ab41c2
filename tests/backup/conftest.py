"""A platform with content and files, committed (``transaction=True``: ``pg_dump`` and the
restore's own process must see it), and restore targets that are new, empty databases."""

import sqlite3
import uuid

import psycopg
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from wagtail.documents import get_document_model

from cms.organisation.models import UnitKind
from tests import factories


@pytest.fixture(autouse=True)
def _forget_cached_sites():
    cache.clear()
    yield
    cache.clear()


ATTACHMENT = b"%PDF-1.4 a citizen's attachment"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Citizens' attachments, kept outside the media (``MAILBOX_PRIVATE_ROOT``), with one file;
    the directory a restore puts them in is returned."""
    settings.MAILBOX_PRIVATE_ROOT = tmp_path / "private"
    (settings.MAILBOX_PRIVATE_ROOT / "2026" / "12").mkdir(parents=True)
    (settings.MAILBOX_PRIVATE_ROOT / "2026" / "12" / "letter.pdf").write_bytes(ATTACHMENT)
    return tmp_path / "restored-private"


@pytest.fixture
def platform():
    """Two sites with columns and live items, one showing a document (frozen into the media's
    released files), and an image in the library."""
    office = factories.unit("某区政府办公室", kind=UnitKind.OFFICE)
    other = factories.unit("另一区政府办公室", kind=UnitKind.OFFICE)
    site = factories.site("某区人民政府", sponsor=office)
    other_site = factories.site("另一区人民政府", sponsor=other)
    column = factories.column(site.root_page, "政务要闻", owner=office, slug="zwyw")
    other_column = factories.column(other_site.root_page, "要闻", owner=other)
    document = get_document_model().objects.create(
        title="会议纪要", file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf")
    )
    factories.news(column, "区政府召开常务会议")
    item = factories.news(
        column,
        "附有纪要的新闻",
        attachments=[("attachment", {"document": document, "title": "会议纪要全文"})],
    )
    elsewhere = factories.news(other_column, "另一个网站的新闻")
    factories.image("区政府大楼")
    return {"site": site, "other_site": other_site, "item": item, "elsewhere": elsewhere}


def _server_settings() -> dict:
    options = connection.settings_dict
    return {
        "host": options.get("HOST") or None,
        "port": options.get("PORT") or None,
        "user": options.get("USER") or None,
        "password": options.get("PASSWORD") or None,
    }


def postgres_url(name: str) -> str:
    options = connection.settings_dict
    user = options.get("USER") or ""
    password = f":{options['PASSWORD']}" if options.get("PASSWORD") else ""
    host = options.get("HOST") or "localhost"
    port = options.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{name}"


@pytest.fixture
def empty_database(tmp_path):
    """``make()`` gives the URL of a new, empty database of the suite's engine; PostgreSQL
    databases (``h_backup_restore_<random>``) are dropped afterwards."""
    made = []

    def make() -> str:
        if connection.vendor == "sqlite":
            return f"sqlite:///{tmp_path / f'restored-{uuid.uuid4().hex[:8]}.sqlite3'}"
        name = f"h_backup_restore_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(dbname="postgres", autocommit=True, **_server_settings()) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return postgres_url(name)

    yield make
    for name in made:
        with psycopg.connect(dbname="postgres", autocommit=True, **_server_settings()) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_sql(url: str, statement: str, params=()) -> None:
    """Change a restored database behind the platform's back (its own connection)."""
    if url.startswith("sqlite:///"):
        target = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            target.execute(statement.replace("%s", "?"), params)
            target.commit()
        finally:
            target.close()
        return
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(dbname=name, autocommit=True, **_server_settings()) as conn:
        conn.execute(statement, params)


@pytest.fixture
def current_database_url(tmp_path):
    """A URL another process can open holding what the test database holds now: the test
    database itself on PostgreSQL (its data is committed), a file copy on SQLite (the suite's
    database lives in this process's memory)."""
    if connection.vendor == "postgresql":
        return postgres_url(connection.settings_dict["NAME"])
    path = tmp_path / "copy.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    return f"sqlite:///{path}"
