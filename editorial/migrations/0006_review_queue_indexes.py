"""Indexes of Wagtail's tables for the review queue (editorial.selectors.review_queue).

* The stages in progress, a few thousand among every stage ever opened (``wagtailcore_taskstate``
  keeps them all), with what the queue joins and sorts on: the queue never scans the history.
* "Did this person write the item?" for each candidate stage: the revision's author and the
  page's owner, answered from an index alone rather than from rows of the two largest tables
  (a million pages, several million revisions).
"""

from django.db import migrations

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


def create_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, definitions in INDEXES.items():
        if vendor in definitions:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definitions[vendor]}")


def drop_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, definitions in INDEXES.items():
        if vendor in definitions:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("editorial", "0005_review_co_issuing_units"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
