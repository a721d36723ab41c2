"""Indexes of Wagtail's tables for the review queue (the definitions and the reasons are in
editorial/schema.py)."""

from django.db import migrations

from editorial.schema import create_indexes, drop_indexes


class Migration(migrations.Migration):

    dependencies = [
        ("editorial", "0005_review_co_issuing_units"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
