"""Each database's full-text structure beside the index rows (the SQL is in search/embedded.py):
an FTS5 table with its triggers on SQLite, a weighted tsvector column with a GIN index and its
trigger on PostgreSQL."""

from django.db import migrations

from search import embedded


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(embedded.install, embedded.uninstall, elidable=False)]
