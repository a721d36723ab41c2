"""Wagtail's root collection is called "Root", and the image and document libraries show it by
that name: it is named in Chinese."""

from django.db import migrations

WAGTAIL_NAME = "Root"
NAME = "全部文件"


def rename(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name=WAGTAIL_NAME).update(name=NAME)


def rename_back(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name=NAME).update(name=WAGTAIL_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_releases"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
