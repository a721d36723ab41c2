"""Wagtail's default workflow and task, "Moderators approval" (disabled by 0002), keep being listed
in the workflow reports' filters: they are named in Chinese, and the task is disabled as well."""

from django.db import migrations

WAGTAIL_NAME = "Moderators approval"
NAME = "原默认审核（已停用）"


def rename(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WAGTAIL_NAME).update(name=NAME)
    apps.get_model("wagtailcore", "Task").objects.filter(name=WAGTAIL_NAME).update(
        name=NAME, active=False
    )


def rename_back(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=NAME).update(name=WAGTAIL_NAME)
    apps.get_model("wagtailcore", "Task").objects.filter(name=NAME).update(name=WAGTAIL_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0006_review_queue_indexes"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
