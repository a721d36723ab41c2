"""Each unit gets its own collection of the shared image and document library (a child of the
root collection, named after the unit); roles then edit files only in the collections of their
unit and of the units below it (cms/organisation/permissions.py re-derives the grants after
``migrate``)."""

import django.db.models.deletion
from django.db import migrations, models


def create_unit_collections(apps, schema_editor):
    # The frozen models insert the rows; the real Collection only lends treebeard's path
    # arithmetic and re-sorts the root's children by name, touching nothing but the tree fields
    # (as wagtailcore's 0059_apply_collection_ordering does).
    from wagtail.models import Collection as TreeCollection

    Collection = apps.get_model("wagtailcore", "Collection")
    Unit = apps.get_model("organisation", "Unit")
    UnitCollection = apps.get_model("organisation", "UnitCollection")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    units = list(
        Unit.objects.exclude(pk__in=UnitCollection.objects.values("unit_id")).order_by("path")
    )
    if not units:
        return
    children = Collection.objects.filter(path__startswith=root.path, depth=root.depth + 1)
    last = children.order_by("-path").values_list("path", flat=True).first()
    step = TreeCollection._str2int(last[-TreeCollection.steplen :]) if last else 0
    for unit in units:
        step += 1
        collection = Collection.objects.create(
            name=unit.name,
            path=TreeCollection._get_path(root.path, root.depth + 1, step),
            depth=root.depth + 1,
            numchild=0,
        )
        UnitCollection.objects.create(unit=unit, collection=collection)
    Collection.objects.filter(pk=root.pk).update(numchild=children.count())
    TreeCollection.fix_tree(fix_paths=True)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_remove_stock_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="UnitCollection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "collection",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="unit_link",
                        to="wagtailcore.collection",
                    ),
                ),
                (
                    "unit",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="library_link",
                        to="organisation.unit",
                    ),
                ),
            ],
        ),
        migrations.RunPython(create_unit_collections, migrations.RunPython.noop),
    ]
