"""The database guards and the queue's indexes outlive a migration that rebuilds their tables
(editorial/schema.py): SQLite drops a table's triggers and the indexes Django does not know when
a migration alters it; every ``migrate`` puts them back."""

import pytest
from django.apps import apps
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from wagtail.models import Page

from editorial import dbguards, schema
from tests import factories

from .test_publish_paths import assert_never_live, refused

pytestmark = pytest.mark.django_db

PAGE_TRIGGER_DROP = {
    "sqlite": f"DROP TRIGGER {dbguards.PAGE_TRIGGER}",
    "postgresql": f"DROP TRIGGER {dbguards.PAGE_TRIGGER} ON wagtailcore_page",
}


def _indexes(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


def _rebuilt_table_lost_its_guard_and_index():
    """What SQLite's rebuild of ``wagtailcore_page`` leaves: no trigger, no index of ours."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test's rows wait in deferred constraint checks, which PostgreSQL will not
            # leave pending under a change of the table (a real ``migrate`` has none).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(PAGE_TRIGGER_DROP[connection.vendor])
        cursor.execute("DROP INDEX editorial_page_owner")


def test_every_index_and_trigger_is_in_place_after_the_migrations():
    for name, definitions in schema.INDEXES.items():
        table = definitions[connection.vendor].split(" ", 1)[0]
        assert name in _indexes(table), name
    expected = dbguards.trigger_names(apps, connection.vendor)
    assert expected <= dbguards.installed_trigger_names(connection)


def test_migrate_puts_back_the_guard_and_the_index_a_rebuild_dropped(staffed_site):
    draft = factories.news(staffed_site.column, "未经审核的稿件", publish=False)
    _rebuilt_table_lost_its_guard_and_index()
    assert "editorial_page_owner" not in _indexes("wagtailcore_page")

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert "editorial_page_owner" in _indexes("wagtailcore_page")
    assert dbguards.trigger_names(apps, connection.vendor) <= dbguards.installed_trigger_names(
        connection
    )
    with refused():
        Page.objects.filter(pk=draft.pk).update(
            live=True, live_revision=draft.get_latest_revision()
        )
    assert_never_live(draft)


def test_nothing_is_put_back_where_its_migration_is_not_applied(staffed_site, monkeypatch):
    monkeypatch.setattr(schema, "GUARDS_MIGRATION", ("editorial", "9999_not_applied"))
    monkeypatch.setattr(schema, "INDEXES_MIGRATION", ("editorial", "9999_not_applied"))
    _rebuilt_table_lost_its_guard_and_index()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert "editorial_page_owner" not in _indexes("wagtailcore_page")
    assert dbguards.PAGE_TRIGGER not in dbguards.installed_trigger_names(connection)
