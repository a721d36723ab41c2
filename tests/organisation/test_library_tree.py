"""The library's collections mirror the unit tree (issue 12, continued): a role holds its grants
on its own unit's collection only and Wagtail's collection policy extends them to the collections
below it, those of the units below. A role at the top of a large organisation then works on
SQLite too (one filter per grant, not per unit below), its grants do not grow with the units
below, a unit that moves takes its collection along, and the upload forms offer the person's
own unit's collection first."""

import time
from importlib import import_module
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from cms.access.permissions import unit_collection
from cms.content.models import PlatformImage
from cms.organisation.models import Role, RoleAssignment, Unit, UnitCollection, UnitKind
from tests import factories

# 1 city government, 12 bureaus, 9 offices in each, 10 sections in each office: 1,200 units
# below the top one.
BUREAUS, OFFICES, SECTIONS = 12, 9, 10


def _pdf(text: str) -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


def _png() -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (64, 48), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _document(title, collection, person=None) -> Document:
    return Document.objects.create(
        title=title,
        file=ContentFile(_pdf(title), name="wenjian.pdf"),
        collection=collection,
        uploaded_by_user=person,
    )


def _in_reach(person) -> set[int]:
    """The collections Wagtail lets ``person`` add files to (and change files in)."""
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(get_image_model())
    return set(
        policy.collections_user_has_permission_for(person, "add").values_list("pk", flat=True)
    )


@pytest.fixture
def city(db):
    top = factories.unit("宝鸡市人民政府", kind=UnitKind.GOVERNMENT)
    deepest = None
    for b in range(1, BUREAUS + 1):
        bureau = factories.unit(f"宝鸡市第{b:02d}局", parent=top)
        for o in range(1, OFFICES + 1):
            office = factories.unit(f"宝鸡市第{b:02d}局第{o:02d}处", parent=bureau)
            for s in range(1, SECTIONS + 1):
                deepest = factories.unit(
                    f"宝鸡市第{b:02d}局第{o:02d}处第{s:02d}科",
                    parent=office,
                    kind=UnitKind.SECTION,
                )
    assert Unit.objects.count() == 1 + BUREAUS * (1 + OFFICES * (1 + SECTIONS)) == 1201
    section_officer = factories.user("xinxiyuan_ke", unit=deepest, role=Role.INFO_OFFICER)
    own = unit_collection(deepest)
    picture = factories.image(
        "第十科办公地点示意图", collection=own, uploaded_by_user=section_officer
    )
    return SimpleNamespace(
        top=top,
        deepest=Unit.objects.get(pk=deepest.pk),
        picture=picture,
        document=_document("第十科值班表", own, section_officer),
        mayor_office=factories.user("xinxiyuan_shi", unit=top, role=Role.SITE_ADMIN),
    )


def test_a_role_at_the_top_of_1200_units_works(client, city):
    person = city.mayor_office
    factories.login(client, person)
    pages = {
        "images": reverse("wagtailimages:index"),
        "documents": reverse("wagtaildocs:index"),
        "image chooser": reverse("wagtailimages_chooser:choose"),
        "document chooser": reverse("wagtaildocs_chooser:choose"),
        "add image": reverse("wagtailimages:add"),
        "add images": reverse("wagtailimages:add_multiple"),
        "add document": reverse("wagtaildocs:add"),
        "add documents": reverse("wagtaildocs:add_multiple"),
        "edit image": reverse("wagtailimages:edit", args=[city.picture.pk]),
        "edit document": reverse("wagtaildocs:edit", args=[city.document.pk]),
    }
    figures = []
    for label, url in pages.items():
        client.get(url)  # warm: templates, translations
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
        assert response.status_code == 200, (label, response.status_code)
        figures.append(f"{label} {elapsed * 1000:.0f} ms/{len(queries)} q")
    print(f"\n[{connection.vendor}, 1,200 units below] " + "; ".join(figures))

    # The files of a section three levels below are listed and theirs to edit.
    assert city.picture.title in client.get(pages["images"]).content.decode()
    assert city.document.title in client.get(pages["documents"]).content.decode()
    data = factories.form_data(client.get(pages["edit image"]).content, containing="title")
    data["title"] = "第十科办公地点示意图（修订）"
    response = client.post(pages["edit image"], data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    data = factories.form_data(client.get(pages["edit document"]).content, containing="title")
    data["title"] = "第十科值班表（修订）"
    response = client.post(pages["edit document"], data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert PlatformImage.objects.get(pk=city.picture.pk).title.endswith("（修订）")
    assert Document.objects.get(pk=city.document.pk).title.endswith("（修订）")
    # Every unit's collection is in reach, and nothing else.
    assert _in_reach(person) == set(UnitCollection.objects.values_list("collection_id", flat=True))


def test_the_grants_do_not_grow_with_the_units_below(city):
    """Four grants on the unit's own collection and two on the root, at the top of 1,200 units
    as in a section with none below."""
    top_group = city.mayor_office.groups.get()
    section_group = RoleAssignment.objects.get(unit=city.deepest).user.groups.get()
    for group, unit in ((top_group, city.top), (section_group, city.deepest)):
        rows = GroupCollectionPermission.objects.filter(group=group)
        assert rows.count() == 6
        assert set(rows.values_list("collection_id", flat=True)) == {
            unit_collection(unit).pk,
            Collection.get_first_root_node().pk,
        }


# --- The collection tree mirrors the unit tree ---------------------------------------------------


def _mirrored() -> bool:
    root = Collection.get_first_root_node()
    for link in UnitCollection.objects.select_related("unit", "collection"):
        parent = link.unit.get_parent()
        expected = unit_collection(parent) if parent else root
        if link.collection.get_parent() != expected:
            return False
    return Collection.find_problems() == ([], [], [], [], [])


@pytest.fixture
def unit_tree(db):
    """区政府 → 人社局; 区政府 → 教育局 → 教育局办公室 (which owns a column of the portal)."""
    government = factories.unit("渭滨区人民政府", kind=UnitKind.GOVERNMENT)
    renshe = factories.unit("渭滨区人力资源和社会保障局", parent=government)
    education = factories.unit("渭滨区教育局", parent=government)
    office = factories.unit("渭滨区教育局办公室", parent=education, kind=UnitKind.SECTION)
    site = factories.site("渭滨区人民政府", sponsor=government)
    column = factories.column(site.root_page, "教育办公", owner=office, slug="jiaoyu-bangong")
    return SimpleNamespace(
        government=government,
        renshe=renshe,
        education=education,
        office=office,
        column=column,
        office_file=_document("办公室值班表", unit_collection(office)),
        renshe_officer=factories.user("xinxiyuan_renshe", unit=renshe, role=Role.INFO_OFFICER),
        education_head=factories.user("fenguan_jiaoyu", unit=education, role=Role.DEPUTY_HEAD),
    )


def test_each_units_collection_is_below_its_parent_units(unit_tree):
    government = unit_collection(unit_tree.government)
    assert government.get_parent() == Collection.get_first_root_node()
    assert unit_collection(unit_tree.renshe).get_parent() == government
    assert unit_collection(unit_tree.education).get_parent() == government
    assert unit_collection(unit_tree.office).get_parent() == unit_collection(unit_tree.education)
    assert _mirrored()


def _grants(group) -> set[tuple[int, int]]:
    rows = GroupCollectionPermission.objects.filter(group=group)
    return set(rows.values_list("collection_id", "permission_id"))


def test_a_moved_units_collection_moves_and_the_grants_follow(client, unit_tree):
    edit = reverse("wagtaildocs:edit", args=[unit_tree.office_file.pk])
    factories.login(client, unit_tree.education_head)
    assert client.get(edit).status_code == 200
    client.logout()
    factories.login(client, unit_tree.renshe_officer)
    factories.assert_admin_denied(client.get(edit))
    client.logout()
    renshe_group = unit_tree.renshe_officer.groups.get()
    education_group = unit_tree.education_head.groups.get()
    grants_before = {group.pk: _grants(group) for group in (renshe_group, education_group)}

    # The platform's superuser moves 教育局办公室 below 人社局 in the unit admin.
    factories.login(client, factories.superuser())
    url = reverse("wagtailsnippets_organisation_unit:edit", args=[unit_tree.office.pk])
    data = factories.form_data(client.get(url).content, containing="name")
    data["parent"] = str(unit_tree.renshe.pk)
    assert client.post(url, data).status_code == 302
    client.logout()

    office = Unit.objects.get(pk=unit_tree.office.pk)
    assert office.get_parent() == unit_tree.renshe
    assert unit_collection(office).get_parent() == unit_collection(unit_tree.renshe)
    assert _mirrored()
    # The files go with the collection: now 人社局's to edit, no longer 教育局's.
    factories.login(client, unit_tree.renshe_officer)
    assert client.get(edit).status_code == 200
    assert unit_tree.office_file.title in client.get(reverse("wagtaildocs:index")).content.decode()
    client.logout()
    factories.login(client, unit_tree.education_head)
    factories.assert_admin_denied(client.get(edit))
    client.logout()
    # No grant row had to change for that; the column's page grants moved with the unit.
    for group in (renshe_group, education_group):
        assert _grants(group) == grants_before[group.pk]
    column_groups = set(
        GroupPagePermission.objects.filter(page=unit_tree.column).values_list("group_id", flat=True)
    )
    assert renshe_group.pk in column_groups
    assert education_group.pk not in column_groups


def test_a_unit_moved_to_the_top_takes_its_collection_below_the_root(unit_tree):
    """Units are moved with treebeard's ``move`` (cms/organisation/forms.py), wherever from."""
    unit_tree.education.move(Unit.get_first_root_node(), pos="sorted-sibling")
    education = Unit.objects.get(pk=unit_tree.education.pk)
    assert education.is_root()
    assert unit_collection(education).get_parent() == Collection.get_first_root_node()
    assert unit_collection(unit_tree.office).get_parent() == unit_collection(education)
    assert _mirrored()


def test_a_new_units_collection_is_below_its_parent_units(unit_tree):
    section = factories.unit("渭滨区教育局办公室档案组", parent=unit_tree.office)
    link = UnitCollection.objects.get(unit=section)
    assert link.collection.name == section.name
    assert link.collection.get_parent() == unit_collection(unit_tree.office)
    assert _mirrored()


# --- The upload forms offer the person's own unit's collection first ----------------------------


def _chosen_collection(html, containing, name="collection") -> str:
    """The collection a browser posts from the form as shown: the option marked selected or, when
    none is, the first one (HTML's selectedness setting)."""
    return factories.form_data(html, containing=containing)[name]


UPLOAD_FORMS = {
    "add image": ("wagtailimages:add", "title"),
    "add images": ("wagtailimages:add_multiple", "collection"),
    "add document": ("wagtaildocs:add", "title"),
    "add documents": ("wagtaildocs:add_multiple", "collection"),
}


@pytest.mark.parametrize("form", UPLOAD_FORMS, ids=list(UPLOAD_FORMS))
def test_the_upload_form_preselects_the_persons_own_units_collection(client, unit_tree, form):
    url_name, containing = UPLOAD_FORMS[form]
    # A head of 区政府 adds to the collections of every unit of the unit_tree; before the
    # collections mirrored the units, the form preselected the first by name (人社局).
    head = factories.user("quzhang", unit=unit_tree.government, role=Role.DEPUTY_HEAD)
    factories.login(client, head)
    html = client.get(reverse(url_name)).content
    assert _chosen_collection(html, containing) == str(unit_collection(unit_tree.government).pk)
    client.logout()

    # Roles in several units: the first assignment's unit, though another sorts first.
    RoleAssignment.objects.create(
        user=unit_tree.education_head, unit=unit_tree.renshe, role="site_admin"
    )
    factories.login(client, unit_tree.education_head)
    html = client.get(reverse(url_name)).content
    assert _chosen_collection(html, containing) == str(unit_collection(unit_tree.education).pk)


def test_the_chooser_upload_form_preselects_the_persons_own_units_collection(client, unit_tree):
    RoleAssignment.objects.create(
        user=unit_tree.education_head, unit=unit_tree.renshe, role="site_admin"
    )
    factories.login(client, unit_tree.education_head)
    for url_name, prefix in (
        ("wagtailimages_chooser:choose", "image-chooser-upload"),
        ("wagtaildocs_chooser:choose", "document-chooser-upload"),
    ):
        html = client.get(reverse(url_name)).json()["html"]
        chosen = _chosen_collection(html, f"{prefix}-title", f"{prefix}-collection")
        assert chosen == str(unit_collection(unit_tree.education).pk)


def test_an_upload_without_a_chosen_collection_lands_in_the_own_units(client, unit_tree):
    """What a browser posts from the add form as shown."""
    factories.login(client, unit_tree.education_head)
    url = reverse("wagtailimages:add")
    data = factories.form_data(client.get(url).content, containing="title")
    data.update(
        title="教育局标志",
        file=SimpleUploadedFile("biaozhi.png", _png(), content_type="image/png"),
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    stored = PlatformImage.objects.get(title="教育局标志")
    assert stored.collection == unit_collection(unit_tree.education)


# --- Upgrading an installation whose unit collections are all below the root ----------------------


def test_the_migration_moves_the_unit_collections_into_the_tree(unit_tree):
    """An installation at migration 0003: the collections of the units a role reached below the
    root (区政府 has none: no role there), a collection an administrator made below the root and
    one below 教育局's, the role groups holding grants on the collection of every unit in reach.
    The migration gives 区政府 its collection, nests them all as the units are, keeps every file
    where it is, and a second run changes nothing; the re-derivation after ``migrate`` leaves
    each group its own unit's collection."""
    flat = import_module("cms.organisation.migrations.0003_unit_collections")
    tree = import_module("cms.organisation.migrations.0004_unit_collection_tree")
    root = Collection.get_first_root_node()
    by_hand = root.add_child(instance=Collection(name="领导讲话图片"))
    Document.objects.update(collection=root)  # (deleting a collection deletes its files)
    Collection.objects.filter(unit_link__isnull=False).delete()
    flat.create_unit_collections(global_apps, None)
    Collection.objects.filter(unit_link__unit=unit_tree.government).delete()
    links = {link.unit_id: link.collection for link in UnitCollection.objects.all()}
    assert all(collection.depth == 2 for collection in links.values())
    assert unit_tree.government.pk not in links
    in_education = Collection.objects.get(pk=links[unit_tree.education.pk].pk).add_child(
        instance=Collection(name="教育局活动照片")
    )
    Document.objects.filter(pk=unit_tree.office_file.pk).update(
        collection=links[unit_tree.office.pk]
    )
    _document("教育局活动简报", in_education)
    files = {document.pk: document.collection_id for document in Document.objects.all()}
    old = Permission.objects.filter(
        codename__in=["add_image", "change_image", "add_document", "change_document"]
    )
    head_group = unit_tree.education_head.groups.get()
    GroupCollectionPermission.objects.filter(group=head_group).delete()
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=head_group, collection=links[unit.pk], permission=perm)
        for unit in Unit.get_tree(Unit.objects.get(pk=unit_tree.education.pk))
        for perm in old
    )

    tree.mirror_unit_tree(global_apps, None)
    assert _mirrored()
    paths = dict(Collection.objects.values_list("pk", "path"))
    tree.mirror_unit_tree(global_apps, None)  # a second run changes nothing
    assert dict(Collection.objects.values_list("pk", "path")) == paths

    assert Collection.objects.get(pk=by_hand.pk).get_parent() == Collection.get_first_root_node()
    assert Collection.objects.get(pk=in_education.pk).get_parent() == links[unit_tree.education.pk]
    assert {d.pk: d.collection_id for d in Document.objects.all()} == files
    government = UnitCollection.objects.get(unit=unit_tree.government).collection
    assert (government.name, government.depth) == (unit_tree.government.name, 2)
    links[unit_tree.government.pk] = government
    assert {link.unit_id: link.collection for link in UnitCollection.objects.all()} == links

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert set(
        GroupCollectionPermission.objects.filter(group=head_group, permission__in=old).values_list(
            "collection_id", flat=True
        )
    ) == {links[unit_tree.education.pk].pk}
    assert links[unit_tree.office.pk].pk in _in_reach(unit_tree.education_head)
    assert in_education.pk in _in_reach(unit_tree.education_head)
