"""The database's guards know surveys as information items: reinstalled with their table."""

from django.db import migrations

from editorial import dbguards


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("editorial", "0004_database_guards"),
        ("interpretation", "0002_topic_categories"),
    ]

    operations = [
        migrations.RunPython(dbguards.install, migrations.RunPython.noop, elidable=False),
    ]
