"""Derive Wagtail groups and permissions from role assignments — the one place that does.

Each (unit, role) pair owns one Wagtail group. The group holds the role's model permissions
and page permissions on the columns owned by the unit or by a unit below it (and, for the
website administrator, on the roots of the sites the unit sponsors or operates). A person's
role groups are exactly those of their assignments. No role holds ``publish_page``: under
审发分离 (R17) only the review workflow makes a page live.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from .models import Role, RoleAssignment, Unit, UnitRoleGroup

ROLE_PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.INFO_OFFICER: ("add_page", "change_page"),
    Role.SECTION_CHIEF: ("add_page", "change_page", "lock_page"),
    Role.DEPUTY_HEAD: ("add_page", "change_page", "lock_page", "unlock_page"),
    Role.PRINCIPAL_HEAD: ("change_page",),
    Role.SITE_ADMIN: ("add_page", "change_page", "lock_page", "unlock_page"),
}

_EVERY_ROLE = (
    "wagtailadmin.access_admin",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
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


# Wagtail checks image and document permissions per collection, never on the group itself: a
# role holds them on the root collection, that is on the whole shared library.
COLLECTION_APPS = frozenset({"wagtailimages", "wagtaildocs"})


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


@transaction.atomic
def sync_role_group(unit: Unit, role: str) -> Group:
    """Make the (unit, role) group hold exactly the permissions the role grants."""
    link = UnitRoleGroup.objects.filter(unit=unit, role=role).select_related("group").first()
    if link is None:
        group = Group.objects.create(name=f"{unit.name} · {Role(role).label} #{unit.pk}")
        link = UnitRoleGroup.objects.create(unit=unit, role=role, group=group)
    group = link.group
    model_permissions = _permissions(ROLE_MODEL_PERMISSIONS[role])
    group.permissions.set(model_permissions)
    GroupCollectionPermission.objects.filter(group=group).delete()
    library = Collection.get_first_root_node()
    if library is not None:
        GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(group=group, collection=library, permission=permission)
            for permission in model_permissions
            if permission.content_type.app_label in COLLECTION_APPS
        )
    GroupPagePermission.objects.filter(group=group).delete()
    page_permissions = _page_permissions(ROLE_PAGE_PERMISSIONS[role])
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=page, permission=permission)
        for page in pages_granted_to(unit, role)
        for permission in page_permissions
    )
    return group


def sync_model_permissions() -> None:
    """Give every role group the model permissions its role grants now (after a release that
    changed them: run after each ``migrate``, see ``receivers``)."""
    for link in UnitRoleGroup.objects.select_related("group"):
        link.group.permissions.set(_permissions(ROLE_MODEL_PERMISSIONS[link.role]))


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
