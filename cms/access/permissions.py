"""Derive Wagtail groups and permissions from role assignments — the one place that does.

Each (unit, role) pair owns one Wagtail group. The group holds the role's model permissions
and page permissions on the columns owned by the unit or by a unit below it (and, for the
website administrator, on the roots of the sites the unit sponsors or operates). In the shared
image and document library it adds and changes files in the collection of the unit — and so,
the collections mirroring the unit tree, in those of the units below it — and chooses from the
whole library. A person's role groups are exactly those of their assignments. No role holds
``publish_page``: under 审发分离 (R17) only the review workflow makes a page live; no role
deletes a file of the library.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.db.models import Case, Value, When
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from cms.content.models import ColumnPage
from cms.organisation.models import Role, RoleAssignment, Unit, UnitCollection, UnitRoleGroup
from cms.sites.models import SiteIdentity, run_by

ROLE_PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.INFO_OFFICER: ("add_page", "change_page"),
    Role.SECTION_CHIEF: ("add_page", "change_page", "lock_page"),
    Role.DEPUTY_HEAD: ("add_page", "change_page", "lock_page", "unlock_page"),
    Role.PRINCIPAL_HEAD: ("change_page",),
    Role.SITE_ADMIN: ("add_page", "change_page", "lock_page", "unlock_page"),
}

_EVERY_ROLE = ("wagtailadmin.access_admin",)
ROLE_MODEL_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.INFO_OFFICER: _EVERY_ROLE,
    Role.SECTION_CHIEF: _EVERY_ROLE,
    Role.DEPUTY_HEAD: _EVERY_ROLE,
    Role.PRINCIPAL_HEAD: _EVERY_ROLE,
    Role.SITE_ADMIN: _EVERY_ROLE
    + (
        "content.add_reprintsource",
        "content.change_reprintsource",
        "content.delete_reprintsource",
        # The archive rules of the sites their unit runs (archive/rule_admin.py scopes them).
        "archive.add_archiverule",
        "archive.change_archiverule",
        "archive.delete_archiverule",
        "archive.view_archiverule",
        # The public search's synonym dictionary, and what citizens searched for in vain.
        "search.add_synonym",
        "search.change_synonym",
        "search.delete_synonym",
        "search.view_synonym",
        "search.view_missedquery",
        # The questions the automatic answers could not answer, for curation, and the entries'
        # popularity.
        "knowledgebase.view_askedquestion",
        "knowledgebase.change_askedquestion",
        "knowledgebase.view_entrypopularity",
    ),
}


# Wagtail checks image and document permissions per collection (GroupCollectionPermission),
# never on the group itself, and a grant on a collection covers the collections below it. Each
# unit's collection is below its parent unit's (the collection tree mirrors the unit tree), so a
# role granted these on its unit's collection adds and changes files in the collections of its
# unit and of the units below it — a file another unit uses is not theirs to replace, retitle or
# flag as a map — with a constant number of grants however many units are below (Wagtail's
# queries OR one filter per grant: one per unit below overflowed SQLite's expression depth). A
# role chooses from the whole library (R1: one resource library), that is on the root
# collection. Deleting a file is left to superusers.
LIBRARY_IN_REACH = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
)
LIBRARY_EVERYWHERE = ("wagtailimages.choose_image", "wagtaildocs.choose_document")


class LibraryPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's policy for images and documents, but only active superusers delete.

    Wagtail's ``CollectionOwnershipPermissionPolicy`` counts deleting a file as changing it (it
    never reads ``delete_image``/``delete_document``): whoever may change a file may delete it,
    so without this every role could delete the files of its unit and of the units below it.
    Registered for the image and document models in ``wagtail_hooks``."""

    @staticmethod
    def _without_delete(user, actions) -> list[str]:
        if user.is_active and user.is_superuser:
            return list(actions)
        return [action for action in actions if action != "delete"]

    def user_has_permission(self, user, action):
        return bool(self._without_delete(user, [action])) and super().user_has_permission(
            user, action
        )

    def user_has_any_permission(self, user, actions):
        kept = self._without_delete(user, actions)
        return bool(kept) and super().user_has_any_permission(user, kept)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        kept = self._without_delete(user, actions)
        return bool(kept) and super().user_has_any_permission_for_instance(user, kept, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        kept = self._without_delete(user, actions)
        if not kept:
            return self.model._default_manager.none()
        return super().instances_user_has_any_permission_for(user, kept)

    def collections_user_has_any_permission_for(self, user, actions):
        kept = self._without_delete(user, actions)
        if not kept:
            return Collection.objects.none()
        collections = super().collections_user_has_any_permission_for(user, kept)
        if set(kept) == {"add"} and user.is_authenticated and not user.is_superuser:
            return own_unit_first(collections, user)
        return collections

    def users_with_any_permission(self, actions):
        kept = [action for action in actions if action != "delete"]
        if not kept:
            return get_user_model().objects.filter(is_active=True, is_superuser=True)
        return super().users_with_any_permission(kept)

    def users_with_any_permission_for_instance(self, actions, instance):
        kept = [action for action in actions if action != "delete"]
        if not kept:
            return get_user_model().objects.filter(is_active=True, is_superuser=True)
        return super().users_with_any_permission_for_instance(kept, instance)


def own_unit_first(collections, user):
    """``collections`` (those ``user`` may add files to), the collection of the unit of the
    person's first role assignment and those below it first, then the others in tree order.

    This is how the upload forms preselect the person's own unit's collection. It relies on
    Wagtail 8.0 offering the collections of this policy's answer for "add", in its order, with
    no option marked selected: ``BaseCollectionMemberForm.__init__`` (wagtail/admin/forms/
    collections.py: the add forms of images and documents, and the upload tab of their
    choosers) makes it the collection field's queryset while the field's initial value is the
    new file's collection, the root, which a role never adds to; and
    ``multiple_upload.AddView.get_context_data`` (wagtail/admin/views/generic/) lists it in the
    multiple upload's select, marking an option selected only for ``?collection_id=``. A select
    with no option selected shows and posts its first (HTML's selectedness setting). A person
    with roles in one unit needs no reordering (their unit's collection is above the others in
    reach, so first in tree order); with roles in several, the first assignment's unit comes
    first."""
    own = (
        RoleAssignment.objects.filter(user=user)
        .order_by("assigned_at", "pk")
        .values_list("unit__library_link__collection__path", flat=True)
        .first()
    )
    if not own:
        return collections
    return collections.order_by(
        Case(When(path__startswith=own, then=Value(0)), default=Value(1)), "path"
    )


def library_permission_policies() -> list[tuple[type, LibraryPermissionPolicy]]:
    """The policies of the image and the document model (as Wagtail builds its own)."""
    from wagtail.documents import get_document_model, get_document_model_string
    from wagtail.images import get_image_model

    return [
        (
            get_image_model(),
            LibraryPermissionPolicy(
                get_image_model(),
                auth_model="wagtailimages.Image",
                owner_field_name="uploaded_by_user",
            ),
        ),
        (
            get_document_model(),
            LibraryPermissionPolicy(
                get_document_model_string(),
                auth_model="wagtaildocs.Document",
                owner_field_name="uploaded_by_user",
            ),
        ),
    ]


def _permissions(dotted: tuple[str, ...]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in dotted}
    found = [
        perm
        for perm in Permission.objects.select_related("content_type").filter(
            codename__in=[codename for _, codename in wanted]
        )
        if (perm.content_type.app_label, perm.codename) in wanted
    ]
    return found


def _page_permissions(codenames: tuple[str, ...]) -> list[Permission]:
    return list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames)
    )


def pages_granted_to(unit: Unit, role: str) -> list[Page]:
    """The pages a role in ``unit`` is granted on: columns owned in the unit's subtree."""
    units = Unit.get_tree(unit)
    pages = list(ColumnPage.objects.filter(responsible_unit__in=units))
    if role == Role.SITE_ADMIN:
        identities = SiteIdentity.objects.filter(run_by(units)).select_related("site__root_page")
        pages.extend(identity.site.root_page for identity in identities)
    # A grant on a page covers its subtree: keep only the topmost granted pages.
    pages.sort(key=lambda page: page.path)
    topmost: list[Page] = []
    for page in pages:
        if not any(page.path.startswith(kept.path) for kept in topmost):
            topmost.append(page)
    return topmost


def _root_collection() -> Collection:
    root = Collection.get_first_root_node()
    # Named as cms/content/migrations/0004 names Wagtail's "Root": the libraries show it.
    return root if root is not None else Collection.add_root(name="全部文件")


def _create_unit_collection(unit: Unit) -> Collection:
    """A new collection for ``unit`` below its parent unit's (created first if missing), or below
    the root for a top-level unit; if another request linked one first, theirs."""
    link = UnitCollection.objects.select_related("collection").filter(unit=unit).first()
    if link is not None:
        return link.collection
    parent = Unit.objects.get(pk=unit.pk).get_parent()  # as stored: paths move as units are added
    above = unit_collection(parent) if parent is not None else _root_collection()
    try:
        with transaction.atomic():
            # As stored: treebeard adds below the stored path and number of children.
            above = Collection.objects.get(pk=above.pk)
            collection = above.add_child(instance=Collection(name=unit.name))
            UnitCollection.objects.create(unit=unit, collection=collection)
            return collection
    except IntegrityError:
        link = UnitCollection.objects.select_related("collection").filter(unit=unit).first()
        if link is None:
            raise
        return link.collection


def unit_collections(units) -> dict[int, Collection]:
    """The library collection of each of ``units`` by unit id, created where missing (below its
    parent unit's) and named after its unit."""
    units = sorted(units, key=lambda unit: unit.path)
    found = {
        link.unit_id: link.collection
        for link in UnitCollection.objects.filter(unit__in=units).select_related("collection")
    }
    for unit in units:
        collection = found.get(unit.pk)
        if collection is None:
            found[unit.pk] = _create_unit_collection(unit)
        elif collection.name != unit.name:
            collection.name = unit.name
            collection.save(update_fields=["name"])
    return found


def unit_collection(unit: Unit) -> Collection:
    """The unit's collection of the shared library (created on first use)."""
    return unit_collections([unit])[unit.pk]


@transaction.atomic
def place_unit_collection(unit: Unit) -> None:
    """Move the unit's collection (with the collections below it) below its parent unit's, or
    below the root for a top-level unit, if it is elsewhere: after the unit moved."""
    unit = Unit.objects.get(pk=unit.pk)
    parent = unit.get_parent()
    above = unit_collection(parent) if parent is not None else _root_collection()
    # As stored: treebeard moves from and to the stored paths.
    collection = Collection.objects.get(pk=unit_collection(unit).pk)
    if collection.get_parent(update=True).pk != above.pk:
        collection.move(Collection.objects.get(pk=above.pk), pos="sorted-child")


def _sync_collection_permissions(group: Group, unit: Unit, library=None) -> None:
    """Make ``group`` hold exactly the library permissions of a role in ``unit``: adding and
    changing files in the unit's collection (and so below it), choosing in the root's.
    ``library``: ``_library_permissions()``, when the caller syncs many groups."""
    in_reach, everywhere = library or _library_permissions()
    own, root = unit_collection(unit), _root_collection()
    GroupCollectionPermission.objects.filter(group=group).delete()
    GroupCollectionPermission.objects.bulk_create(
        [
            *(
                GroupCollectionPermission(group=group, collection=own, permission=permission)
                for permission in in_reach
            ),
            *(
                GroupCollectionPermission(group=group, collection=root, permission=permission)
                for permission in everywhere
            ),
        ]
    )


def _library_permissions() -> tuple[list[Permission], list[Permission]]:
    return _permissions(LIBRARY_IN_REACH), _permissions(LIBRARY_EVERYWHERE)


@transaction.atomic
def sync_role_group(unit: Unit, role: str) -> Group:
    """Make the (unit, role) group hold exactly the permissions the role grants."""
    link = UnitRoleGroup.objects.filter(unit=unit, role=role).select_related("group").first()
    if link is None:
        group = Group.objects.create(name=f"{unit.name} · {Role(role).label} #{unit.pk}")
        link = UnitRoleGroup.objects.create(unit=unit, role=role, group=group)
    group = link.group
    group.permissions.set(_permissions(ROLE_MODEL_PERMISSIONS[role]))
    _sync_collection_permissions(group, unit)
    GroupPagePermission.objects.filter(group=group).delete()
    page_permissions = _page_permissions(ROLE_PAGE_PERMISSIONS[role])
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=page, permission=permission)
        for page in pages_granted_to(unit, role)
        for permission in page_permissions
    )
    return group


@transaction.atomic
def sync_model_permissions() -> None:
    """Give every role group the model and library permissions its role grants now (after a
    release that changed them: run after each ``migrate``, see ``receivers``)."""
    library = _library_permissions()
    for link in UnitRoleGroup.objects.select_related("group", "unit"):
        link.group.permissions.set(_permissions(ROLE_MODEL_PERMISSIONS[link.role]))
        _sync_collection_permissions(link.group, link.unit, library)


@transaction.atomic
def sync_user_groups(user) -> None:
    """Give ``user`` exactly the role groups of their assignments; other groups stay."""
    wanted = {
        sync_role_group(assignment.unit, assignment.role).pk
        for assignment in RoleAssignment.objects.filter(user=user).select_related("unit")
    }
    role_groups = set(UnitRoleGroup.objects.values_list("group_id", flat=True))
    current = set(user.groups.values_list("pk", flat=True))
    user.groups.remove(*(current & role_groups) - wanted)
    user.groups.add(*wanted - current)


@transaction.atomic
def sync_unit_chain(unit: Unit) -> None:
    """Re-derive the groups of ``unit`` and the units above it (their reach includes it)."""
    chain = [*unit.get_ancestors(), unit]
    for link in UnitRoleGroup.objects.filter(unit__in=chain).select_related("unit"):
        sync_role_group(link.unit, link.role)
