"""Derive Wagtail groups and permissions from role assignments — the one place that does.

Each (unit, role) pair owns one Wagtail group. The group holds the role's model permissions
and page permissions on the columns owned by the unit or by a unit below it (and, for the
website administrator, on the roots of the sites the unit sponsors or operates). In the shared
image and document library it adds and changes files in the collections of the unit and of the
units below it, and chooses from the whole library. A person's role groups are exactly those of
their assignments. No role holds ``publish_page``: under 审发分离 (R17) only the review workflow
makes a page live; no role deletes a file of the library.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from .models import Role, RoleAssignment, Unit, UnitCollection, UnitRoleGroup

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
    ),
}


# Wagtail checks image and document permissions per collection (GroupCollectionPermission),
# never on the group itself. Every role adds and changes files in the collections of its unit and
# of the units below it — a file another unit uses is not theirs to replace, retitle or flag as a
# map — and chooses from the whole library (R1: one resource library), that is on the root
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
        return super().collections_user_has_any_permission_for(user, kept)

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
    from cms.content.models import ColumnPage
    from cms.sites.models import SiteIdentity, run_by

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
    return root if root is not None else Collection.add_root(name="Root")


def _create_unit_collection(unit: Unit) -> Collection:
    """A new collection for ``unit`` below the root; if another request linked one first, theirs."""
    try:
        with transaction.atomic():
            collection = _root_collection().add_child(instance=Collection(name=unit.name))
            UnitCollection.objects.create(unit=unit, collection=collection)
            return collection
    except IntegrityError:
        link = UnitCollection.objects.select_related("collection").filter(unit=unit).first()
        if link is None:
            raise
        return link.collection


def unit_collections(units) -> dict[int, Collection]:
    """The library collection of each of ``units`` by unit id, created where missing and
    named after its unit."""
    units = list(units)
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


def collections_granted_to(unit: Unit) -> list[Collection]:
    """The collections a role in ``unit`` adds and changes files in: those of the unit's subtree."""
    return list(unit_collections(Unit.get_tree(unit)).values())


def _sync_collection_permissions(group: Group, unit: Unit, library=None) -> None:
    """Make ``group`` hold exactly the library permissions of a role in ``unit``.
    ``library``: ``_library_permissions()``, when the caller syncs many groups."""
    in_reach, everywhere = library or _library_permissions()
    root = _root_collection()
    GroupCollectionPermission.objects.filter(group=group).delete()
    GroupCollectionPermission.objects.bulk_create(
        [
            *(
                GroupCollectionPermission(group=group, collection=collection, permission=permission)
                for collection in collections_granted_to(unit)
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
