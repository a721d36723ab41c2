"""The unit collections of the library, all below the root since 0003, are nested as the units
are: each below its parent unit's, a top-level unit's below the root. A role's grants on its
unit's collection then cover the collections of the units below it (Wagtail's collection
permissions reach down the tree), and the re-derivation after ``migrate``
(cms/organisation/receivers.py) leaves each role group its own unit's collection only, in
place of one per unit in reach.

A unit without a collection (0003's were made on demand, for the units a role reached) gets
one. Other collections keep their parent (one made below a unit's collection moves with it),
every file keeps its collection. Running it again changes nothing."""

from django.db import migrations


def mirror_unit_tree(apps, schema_editor):
    # The frozen models read and write the rows; the real Collection only lends treebeard's path
    # arithmetic (as 0003 does). The tree is rebuilt in memory and only the tree fields of the
    # collections whose place changed are written.
    from wagtail.models import Collection as TreeCollection

    Collection = apps.get_model("wagtailcore", "Collection")
    Unit = apps.get_model("organisation", "Unit")
    UnitCollection = apps.get_model("organisation", "UnitCollection")
    if not Collection.objects.filter(depth=1).exists():
        return

    # A unit that no role reached had no collection (they were made on demand); one below it
    # could. Each gets its own now, to be nested with the others ("#" is no path character: the
    # rows are placed below).
    for pk, name in Unit.objects.exclude(
        pk__in=UnitCollection.objects.values("unit_id")
    ).values_list("pk", "name"):
        collection = Collection.objects.create(name=name, path=f"#u{pk}", depth=0, numchild=0)
        UnitCollection.objects.create(unit_id=pk, collection=collection)

    stored = {
        pk: (path, depth, numchild, name)
        for pk, path, depth, numchild, name in Collection.objects.values_list(
            "pk", "path", "depth", "numchild", "name"
        )
    }
    roots = sorted((row[0], pk) for pk, row in stored.items() if row[1] == 1)
    root = roots[0][1]
    by_path = {row[0]: pk for pk, row in stored.items()}

    def parent_path(path: str, depth: int) -> str:
        return path[: len(path) // depth * (depth - 1)]

    # Every collection's parent as stored (None for the new ones), and as wanted.
    parent = {
        pk: by_path.get(parent_path(path, depth)) if depth > 1 else None
        for pk, (path, depth, _numchild, _name) in stored.items()
        if depth != 1
    }
    units = {
        pk: (path, depth) for pk, path, depth in Unit.objects.values_list("pk", "path", "depth")
    }
    unit_at = {path: pk for pk, (path, _depth) in units.items()}
    link = {
        unit: collection
        for unit, collection in UnitCollection.objects.values_list("unit_id", "collection_id")
        if collection in parent  # never a root
    }
    wanted = {
        collection: link.get(unit_at.get(parent_path(*units[unit])), root)  # a top unit: root
        for unit, collection in link.items()
    }
    if all(parent[collection] == above for collection, above in wanted.items()):
        return
    parent.update(wanted)

    children: dict[int, list[int]] = {}
    for pk, above in parent.items():
        children.setdefault(above, []).append(pk)
    placed = {}

    def place(pk: int, path: str, depth: int) -> None:
        below = sorted(children.get(pk, []), key=lambda child: (stored[child][3], child))
        placed[pk] = (path, depth, len(below))
        for step, child in enumerate(below, start=1):
            place(child, TreeCollection._get_path(path, depth + 1, step), depth + 1)

    for _path, pk in roots:
        place(pk, stored[pk][0], 1)
    if len(placed) != len(stored):
        # Only a collection whose parent's path is missing (a broken tree) is left unplaced: unit
        # collections follow the unit tree, the others keep their parents.
        raise RuntimeError(
            "Some collections have no parent; repair the tree first "
            "(Collection.fix_tree(fix_paths=True)). Nothing was changed."
        )

    changed = [
        Collection(pk=pk, path=path, depth=depth, numchild=numchild)
        for pk, (path, depth, numchild) in placed.items()
        if (path, depth, numchild) != stored[pk][:3]
    ]
    # Paths are unique: first out of the way ("#" is no path character), then in place.
    for collection in changed:
        collection.final_path, collection.path = collection.path, f"#{collection.pk}"
    Collection.objects.bulk_update(changed, ["path"], batch_size=500)
    for collection in changed:
        collection.path = collection.final_path
    Collection.objects.bulk_update(changed, ["path", "depth", "numchild"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0003_unit_collections"),
    ]

    operations = [
        migrations.RunPython(mirror_unit_tree, migrations.RunPython.noop),
    ]
