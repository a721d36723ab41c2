"""Who may act on which page: a role reaches the content of its unit and the units below it."""

from wagtail.models import Page, PagePermissionTester

from .models import RoleAssignment, Unit


def units_in_reach(user) -> frozenset[int]:
    """Ids of the units where ``user`` holds any role, with every unit below them."""
    cached = getattr(user, "_units_in_reach", None)
    if cached is not None:
        return cached
    ids: set[int] = set()
    held = Unit.objects.filter(pk__in=RoleAssignment.objects.filter(user=user).values("unit_id"))
    for unit in held:
        ids.update(Unit.get_tree(unit).values_list("pk", flat=True))
    user._units_in_reach = frozenset(ids)
    return user._units_in_reach


def owning_unit_id(page: Page) -> int | None:
    """The unit responsible for the nearest column at or above ``page``, if any."""
    from cms.content.models import ColumnPage

    column = (
        ColumnPage.objects.filter(path__in=_ancestor_paths(page))
        .order_by("-depth")
        .values("responsible_unit_id")
        .first()
    )
    return column["responsible_unit_id"] if column else None


def _ancestor_paths(page: Page) -> list[str]:
    steplen = Page.steplen
    return [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]


class UnitScopedPermissionTester(PagePermissionTester):
    """Wagtail's tester, but a person outside the owning unit's reach gets no permission.

    Page permissions are inherited down the tree in Wagtail; a column owned by another unit
    nested in one's own column must still be out of one's hands.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser and self.permissions:
            owner = owning_unit_id(page)
            if owner is not None and owner not in units_in_reach(user):
                self.permissions = set()
