"""The shared image and document library, scoped to units (issue 12): a role adds and changes
files only in the collections of its unit and of the units below it, and chooses from the whole
library (R1). Proven through the real admin views, as the people named."""

import hashlib
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.models import Collection, GroupCollectionPermission

from cms.access.permissions import unit_collection
from cms.content.models import PlatformImage
from cms.organisation.models import Role, RoleAssignment, Unit, UnitCollection, UnitKind
from tests import factories

MAP_NUMBER = "GS(2019)1822号"


@pytest.fixture
def education_files(db):
    """区政府 → 人社局 (owns no portal column); 区政府 → 教育局 → 教育局办公室.

    教育局's column holds a live news item whose cover image (a map) and attachment are files
    of 教育局's collection.
    """
    government = factories.unit("渭滨区人民政府", kind=UnitKind.GOVERNMENT)
    renshe = factories.unit("渭滨区人力资源和社会保障局", parent=government)
    education = factories.unit("渭滨区教育局", parent=government)
    education_office = factories.unit("渭滨区教育局办公室", parent=education, kind=UnitKind.SECTION)
    site = factories.site("渭滨区人民政府", sponsor=government)
    column = factories.column(site.root_page, "教育", owner=education, slug="jiaoyu")
    education_officer = factories.user("xinxiyuan_jiaoyu", unit=education, role=Role.INFO_OFFICER)
    picture = factories.image(
        "渭滨区学校分布图",
        collection=unit_collection(education),
        uploaded_by_user=education_officer,
        description="渭滨区中小学分布",
        is_map=True,
        map_approval_number=MAP_NUMBER,
    )
    document = _document("2026年招生简章", unit_collection(education), education_officer)
    item = factories.news(
        column,
        "2026年招生工作通知",
        cover_image=picture,
        attachments=[("attachment", {"document": document, "title": ""})],
    )
    return SimpleNamespace(
        government=government,
        renshe=renshe,
        education=education,
        education_office=education_office,
        item=item,
        picture=picture,
        document=document,
        renshe_officer=factories.user("xinxiyuan_renshe", unit=renshe, role=Role.INFO_OFFICER),
        education_officer=education_officer,
    )


def _png(colour="white") -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (64, 48), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _pdf(text="招生简章") -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


def _document(title, collection, person=None) -> Document:
    return Document.objects.create(
        title=title,
        file=ContentFile(_pdf(title), name="jianzhang.pdf"),
        collection=collection,
        uploaded_by_user=person,
    )


def _image_state(picture) -> tuple:
    stored = PlatformImage.objects.get(pk=picture.pk)
    with stored.file.open("rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    return (
        stored.title,
        stored.description,
        stored.is_map,
        stored.map_approval_number,
        stored.file.name,
        digest,
        stored.collection_id,
    )


def _document_state(document) -> tuple:
    stored = Document.objects.get(pk=document.pk)
    with stored.file.open("rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    return (stored.title, stored.file.name, digest, stored.collection_id)


def _image_edit(client, picture, **changes):
    url = reverse("wagtailimages:edit", args=[picture.pk])
    data = factories.form_data(client.get(url).content, containing="title")
    data.update(changes)
    return client.post(url, data)


def _document_edit(client, document, **changes):
    url = reverse("wagtaildocs:edit", args=[document.pk])
    data = factories.form_data(client.get(url).content, containing="title")
    data.update(changes)
    return client.post(url, data)


# --- Another unit's files ------------------------------------------------------------------------


def test_officer_cannot_open_or_change_another_units_image(client, education_files):
    picture = education_files.picture
    factories.login(client, education_files.renshe_officer)
    before = _image_state(picture)
    forged = {
        "title": "被替换的图片",
        "description": "被改的替代文字",
        "map_approval_number": "",
        "collection": str(unit_collection(education_files.renshe).pk),
        "file": SimpleUploadedFile("tihuan.png", _png("red"), content_type="image/png"),
    }

    factories.assert_admin_denied(client.get(reverse("wagtailimages:edit", args=[picture.pk])))
    factories.assert_admin_denied(
        client.post(reverse("wagtailimages:edit", args=[picture.pk]), forged)
    )
    forged["file"].seek(0)
    factories.assert_admin_denied(
        client.post(
            reverse("wagtailimages:edit_multiple", args=[picture.pk]),
            {f"image-{picture.pk}-{name}": value for name, value in forged.items()},
            headers={"x-requested-with": "XMLHttpRequest"},
        )
    )
    for url in (
        reverse("wagtailimages:image_usage", args=[picture.pk]),
        reverse("wagtailimages:preview", args=[picture.pk, "original"]),
        reverse("wagtailimages:delete", args=[picture.pk]),
    ):
        factories.assert_admin_denied(client.get(url))
    factories.assert_admin_denied(client.post(reverse("wagtailimages:delete", args=[picture.pk])))

    assert _image_state(picture) == before
    assert before[2:4] == (True, MAP_NUMBER)
    # The listing shows none of another unit's files.
    listing = client.get(reverse("wagtailimages:index"))
    assert listing.status_code == 200
    assert picture.title not in listing.content.decode()


def test_officer_cannot_open_or_change_another_units_document(client, education_files):
    document = education_files.document
    factories.login(client, education_files.renshe_officer)
    before = _document_state(document)
    forged = {
        "title": "被替换的文件",
        "collection": str(unit_collection(education_files.renshe).pk),
        "file": SimpleUploadedFile("tihuan.pdf", _pdf("伪造"), content_type="application/pdf"),
    }

    factories.assert_admin_denied(client.get(reverse("wagtaildocs:edit", args=[document.pk])))
    factories.assert_admin_denied(
        client.post(reverse("wagtaildocs:edit", args=[document.pk]), forged)
    )
    forged["file"].seek(0)
    factories.assert_admin_denied(
        client.post(
            reverse("wagtaildocs:edit_multiple", args=[document.pk]),
            {f"doc-{document.pk}-{name}": value for name, value in forged.items()},
            headers={"x-requested-with": "XMLHttpRequest"},
        )
    )
    factories.assert_admin_denied(client.post(reverse("wagtaildocs:delete", args=[document.pk])))

    assert _document_state(document) == before
    listing = client.get(reverse("wagtaildocs:index"))
    assert listing.status_code == 200
    assert document.title not in listing.content.decode()


def test_officer_cannot_upload_into_another_units_collection(client, education_files):
    theirs = unit_collection(education_files.education)
    factories.login(client, education_files.renshe_officer)
    images, documents = PlatformImage.objects.count(), Document.objects.count()

    client.post(
        reverse("wagtailimages:add"),
        {
            "title": "塞进别人库里的图",
            "collection": str(theirs.pk),
            "file": SimpleUploadedFile("sai.png", _png(), content_type="image/png"),
        },
    )
    client.post(
        reverse("wagtailimages:add_multiple"),
        {"collection": str(theirs.pk), "files[]": SimpleUploadedFile("sai2.png", _png())},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "塞进别人库里的文件",
            "collection": str(theirs.pk),
            "file": SimpleUploadedFile("sai.pdf", _pdf(), content_type="application/pdf"),
        },
    )

    # Nothing landed in their collection; whatever was stored went into the officer's own.
    assert list(PlatformImage.objects.filter(collection=theirs)) == [education_files.picture]
    assert list(Document.objects.filter(collection=theirs)) == [education_files.document]
    own = unit_collection(education_files.renshe)
    assert (
        PlatformImage.objects.count() - images
        == PlatformImage.objects.filter(collection=own).count()
    )
    assert Document.objects.count() - documents == Document.objects.filter(collection=own).count()


# --- Own unit's files ----------------------------------------------------------------------------


def test_officer_uploads_into_and_edits_in_own_units_collection(client, education_files):
    own = unit_collection(education_files.renshe)
    factories.login(client, education_files.renshe_officer)

    # One collection to add to: Wagtail asks nothing and files the upload there.
    form = client.get(reverse("wagtailimages:add"))
    assert form.status_code == 200
    assert "collection" not in form.context["form"].fields
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "社保卡办理流程图",
            "file": SimpleUploadedFile("liucheng.png", _png(), content_type="image/png"),
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    picture = PlatformImage.objects.get(title="社保卡办理流程图")
    assert (picture.collection, picture.uploaded_by_user) == (own, education_files.renshe_officer)

    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "社保卡办理指南",
            "file": SimpleUploadedFile("zhinan.pdf", _pdf(), content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    document = Document.objects.get(title="社保卡办理指南")
    assert document.collection == own

    # A colleague's file of the same unit is as much theirs to edit as their own.
    colleague = factories.user(
        "xinxiyuan_renshe2", unit=education_files.renshe, role=Role.INFO_OFFICER
    )
    map_of_colleague = factories.image("社保网点分布图", collection=own, uploaded_by_user=colleague)
    for target in (picture, map_of_colleague):
        response = _image_edit(
            client,
            target,
            title=f"{target.title}（修订）",
            description="替代文字",
            is_map="on",
            map_approval_number=MAP_NUMBER,
            file=SimpleUploadedFile("xin.png", _png("blue"), content_type="image/png"),
        )
        assert response.status_code == 302, response.context and response.context["form"].errors
        stored = PlatformImage.objects.get(pk=target.pk)
        assert (stored.title, stored.description, stored.is_map) == (
            f"{target.title}（修订）",
            "替代文字",
            True,
        )
        assert stored.collection == own
    response = _document_edit(
        client,
        document,
        title="社保卡办理指南（2026版）",
        file=SimpleUploadedFile("xin.pdf", _pdf("新版"), content_type="application/pdf"),
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert Document.objects.get(pk=document.pk).title == "社保卡办理指南（2026版）"
    # The listings show the unit's own files (and, above, none of another unit's).
    assert "社保卡办理流程图（修订）" in client.get(reverse("wagtailimages:index")).content.decode()
    assert "社保卡办理指南（2026版）" in client.get(reverse("wagtaildocs:index")).content.decode()
    # Nobody but a superuser deletes a file.
    factories.assert_admin_denied(client.post(reverse("wagtailimages:delete", args=[picture.pk])))
    factories.assert_admin_denied(client.post(reverse("wagtaildocs:delete", args=[document.pk])))
    assert PlatformImage.objects.filter(pk=picture.pk).exists()
    assert Document.objects.filter(pk=document.pk).exists()
    client.logout()
    factories.login(client, factories.superuser())
    assert client.post(reverse("wagtailimages:delete", args=[picture.pk])).status_code == 302
    assert not PlatformImage.objects.filter(pk=picture.pk).exists()


def test_officer_still_chooses_any_file_of_the_library(client, education_files):
    factories.login(client, education_files.renshe_officer)

    images = client.get(reverse("wagtailimages_chooser:choose"))
    assert images.status_code == 200
    assert education_files.picture.title in images.json()["html"]
    chosen = client.get(reverse("wagtailimages_chooser:chosen", args=[education_files.picture.pk]))
    assert chosen.status_code == 200
    assert int(chosen.json()["result"]["id"]) == education_files.picture.pk

    documents = client.get(reverse("wagtaildocs_chooser:choose"))
    assert documents.status_code == 200
    assert education_files.document.title in documents.json()["html"]
    chosen = client.get(reverse("wagtaildocs_chooser:chosen", args=[education_files.document.pk]))
    assert chosen.status_code == 200
    assert int(chosen.json()["result"]["id"]) == education_files.document.pk


def test_files_of_the_root_collection_are_for_superusers_only(client, education_files):
    """Files uploaded before the library was scoped stay in the root collection: their uploader
    no longer edits them, the platform's superuser does (and may file them with a unit)."""
    old = factories.image("旧图", uploaded_by_user=education_files.renshe_officer)
    assert old.collection == Collection.get_first_root_node()
    factories.login(client, education_files.renshe_officer)
    factories.assert_admin_denied(client.get(reverse("wagtailimages:edit", args=[old.pk])))
    client.logout()

    factories.login(client, factories.superuser())
    own = unit_collection(education_files.renshe)
    response = _image_edit(client, old, collection=str(own.pk))
    assert response.status_code == 302, response.context and response.context["form"].errors
    client.logout()
    factories.login(client, education_files.renshe_officer)
    assert client.get(reverse("wagtailimages:edit", args=[old.pk])).status_code == 200


# --- Units above reach the files of the units below ----------------------------------------------


def test_a_higher_unit_edits_files_of_the_units_below(client, education_files):
    chief = factories.user("keshizhang", unit=education_files.government, role=Role.SECTION_CHIEF)
    office_file = _document("办公室值班表", unit_collection(education_files.education_office))
    factories.login(client, chief)

    response = _image_edit(client, education_files.picture, title="渭滨区学校分布图（2026）")
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert (
        PlatformImage.objects.get(pk=education_files.picture.pk).title == "渭滨区学校分布图（2026）"
    )
    response = _document_edit(client, office_file, title="办公室值班表（修订）")
    assert response.status_code == 302, response.context and response.context["form"].errors

    # Where the person may add to several collections, Wagtail asks which: those of the units
    # in reach, and only those.
    form = client.get(reverse("wagtailimages:add")).context["form"]
    reach = Unit.get_tree(education_files.government)
    assert set(form.fields["collection"].queryset) == {unit_collection(unit) for unit in reach}


def test_a_unit_reaches_down_but_not_up(client, education_files):
    head = factories.user("fenguan", unit=education_files.education, role=Role.DEPUTY_HEAD)
    section_officer = factories.user(
        "xinxiyuan_bangongshi", unit=education_files.education_office, role=Role.INFO_OFFICER
    )
    office_file = _document("办公室值班表", unit_collection(education_files.education_office))

    factories.login(client, head)
    assert client.get(reverse("wagtaildocs:edit", args=[office_file.pk])).status_code == 200
    client.logout()
    factories.login(client, section_officer)
    assert client.get(reverse("wagtaildocs:edit", args=[office_file.pk])).status_code == 200
    factories.assert_admin_denied(
        client.get(reverse("wagtaildocs:edit", args=[education_files.document.pk]))
    )
    factories.assert_admin_denied(
        client.get(reverse("wagtailimages:edit", args=[education_files.picture.pk]))
    )


# --- Grants follow roles, units and releases -----------------------------------------------------


def _library_grants(person) -> set[tuple[str, str]]:
    return {
        (row.collection.name, row.permission.codename)
        for row in GroupCollectionPermission.objects.filter(group__user=person).select_related(
            "collection", "permission"
        )
    }


def test_grants_of_a_role(education_files):
    root = Collection.get_first_root_node().name
    own = unit_collection(education_files.renshe).name
    assert _library_grants(education_files.renshe_officer) == {
        (own, "add_image"),
        (own, "change_image"),
        (own, "add_document"),
        (own, "change_document"),
        (root, "choose_image"),
        (root, "choose_document"),
    }
    assert not GroupCollectionPermission.objects.filter(
        permission__codename__in=["delete_image", "delete_document"]
    ).exists()
    # The library's permissions are held per collection only, never on the group itself.
    assert not education_files.renshe_officer.has_perm("wagtailimages.change_image")


def test_removing_the_role_takes_the_grants_away(client, education_files):
    officer = education_files.renshe_officer
    own_file = factories.image("社保图", collection=unit_collection(education_files.renshe))
    factories.login(client, officer)
    assert client.get(reverse("wagtailimages:edit", args=[own_file.pk])).status_code == 200
    client.logout()

    factories.login(client, factories.superuser())
    assignment = RoleAssignment.objects.get(user=officer, unit=education_files.renshe)
    url = reverse("wagtailsnippets_organisation_roleassignment:delete", args=[assignment.pk])
    assert client.post(url).status_code == 302
    client.logout()

    assert _library_grants(officer) == set()
    factories.login(client, officer)
    for url in (
        reverse("wagtailimages:edit", args=[own_file.pk]),
        reverse("wagtailimages_chooser:choose"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), response["Location"]


def test_a_role_moved_to_another_unit_keeps_no_grant_on_the_old_one(client, education_files):
    officer = education_files.renshe_officer
    own_file = factories.image("社保图", collection=unit_collection(education_files.renshe))
    RoleAssignment.objects.create(
        user=officer, unit=education_files.education, role=Role.INFO_OFFICER
    )
    RoleAssignment.objects.get(user=officer, unit=education_files.renshe).delete()

    factories.login(client, officer)
    factories.assert_admin_denied(client.get(reverse("wagtailimages:edit", args=[own_file.pk])))
    assert (
        client.get(reverse("wagtailimages:edit", args=[education_files.picture.pk])).status_code
        == 200
    )


def test_a_new_unit_is_in_reach_of_the_roles_above_it(client, education_files):
    head = factories.user("fenguan", unit=education_files.education, role=Role.DEPUTY_HEAD)
    factories.login(client, factories.superuser())
    url = reverse("wagtailsnippets_organisation_unit:add")
    data = factories.form_data(client.get(url).content, containing="name")
    data.update(
        name="渭滨区教育局基础教育科",
        kind=UnitKind.SECTION,
        parent=str(education_files.education.pk),
    )
    assert client.post(url, data).status_code == 302
    client.logout()

    new_unit = Unit.objects.get(name="渭滨区教育局基础教育科")
    theirs = UnitCollection.objects.get(unit=new_unit).collection
    assert (theirs.name, theirs.get_parent()) == (
        new_unit.name,
        unit_collection(education_files.education),
    )
    section_file = _document("基础教育科工作要点", theirs)
    factories.login(client, head)
    assert client.get(reverse("wagtaildocs:edit", args=[section_file.pk])).status_code == 200


def test_the_collection_follows_the_units_name(client, education_files):
    factories.login(client, factories.superuser())
    url = reverse("wagtailsnippets_organisation_unit:edit", args=[education_files.renshe.pk])
    data = factories.form_data(client.get(url).content, containing="name")
    data["name"] = "渭滨区人社局"
    assert client.post(url, data).status_code == 302

    assert unit_collection(Unit.objects.get(pk=education_files.renshe.pk)).name == "渭滨区人社局"
    assert Collection.objects.filter(name="渭滨区人社局").count() == 1


def test_an_upgraded_installation_loses_the_root_collection_grants(education_files):
    """Before this release every role group held add/change on the root collection. The
    re-derivation after ``migrate`` takes them away and creates what is missing."""
    root = Collection.get_first_root_node()
    group = education_files.renshe_officer.groups.get()
    old = Permission.objects.filter(
        content_type__app_label__in=["wagtailimages", "wagtaildocs"],
        codename__in=["add_image", "change_image", "add_document", "change_document"],
    )
    GroupCollectionPermission.objects.filter(group=group).delete()
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection=root, permission=permission)
        for permission in old
    )
    group.permissions.add(*old)
    UnitCollection.objects.filter(unit=education_files.renshe).delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    own = UnitCollection.objects.get(unit=education_files.renshe).collection
    assert own.name == education_files.renshe.name
    assert _library_grants(education_files.renshe_officer) == {
        (own.name, "add_image"),
        (own.name, "change_image"),
        (own.name, "add_document"),
        (own.name, "change_document"),
        (root.name, "choose_image"),
        (root.name, "choose_document"),
    }
    assert not group.permissions.filter(content_type__app_label="wagtailimages").exists()


def test_the_data_migration_gives_every_unit_its_collection(db):
    """Units of an installation upgraded to this release, none with a collection yet, beside a
    collection an administrator made by hand."""
    from importlib import import_module

    migration = import_module("cms.organisation.migrations.0003_unit_collections")
    government = factories.unit("渭滨区人民政府", kind=UnitKind.GOVERNMENT)
    for name in ("渭滨区教育局", "渭滨区财政局", "渭滨区人力资源和社会保障局"):
        factories.unit(name, parent=government)
    # Units now get their collection when created (0004 nests them): as before 0003, none.
    Collection.objects.filter(unit_link__isnull=False).delete()
    root = Collection.get_first_root_node()
    by_hand = root.add_child(instance=Collection(name="领导讲话图片"))
    assert not UnitCollection.objects.exists()

    migration.create_unit_collections(global_apps, None)
    migration.create_unit_collections(global_apps, None)  # a second run changes nothing

    links = UnitCollection.objects.select_related("unit", "collection")
    assert {link.unit for link in links} == set(Unit.objects.all())
    assert all(link.collection.name == link.unit.name for link in links)
    children = list(Collection.get_first_root_node().get_children())  # in the order of paths
    assert set(children) == {link.collection for link in links} | {by_hand}
    assert children == list(Collection.get_first_root_node().get_children().order_by("name"))
    assert Collection.find_problems() == ([], [], [], [], [])
