"""The database's own refusals: unreviewed items never go live, cleared revisions keep their
content, the audit log is append-only (the SQL is in editorial/dbguards.py)."""

from django.db import migrations

from editorial import dbguards


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0003_review_unit_findings"),
        ("content", "0002_initial"),
        ("interpretation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(dbguards.install, dbguards.uninstall, elidable=False),
    ]
