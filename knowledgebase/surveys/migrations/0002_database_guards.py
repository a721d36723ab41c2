"""The database's guards know surveys as information items: reinstalled with their table
(and with the knowledge base's entries and guides, whose app installs none of its own)."""

from django.db import migrations

from editorial import dbguards


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("editorial", "0004_database_guards"),
        ("interpretation", "0002_topic_categories"),
        ("knowledgebase", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(dbguards.install, migrations.RunPython.noop, elidable=False),
    ]
