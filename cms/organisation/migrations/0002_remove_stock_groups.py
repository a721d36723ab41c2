"""Role membership is the one source of permissions: remove Wagtail's stock Editors and
Moderators groups, which grant page permissions (publish included) on the whole tree."""

from django.db import migrations

STOCK_GROUPS = ("Moderators", "Editors")


def remove_stock_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=STOCK_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(remove_stock_groups, migrations.RunPython.noop)]
