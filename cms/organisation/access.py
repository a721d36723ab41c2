"""Who may act on which page: a role reaches the content of its unit and the units below it."""

from django.db.models import Q
from wagtail.models import Page, PagePermissionTester

from cms.content import holds

from .models import RoleAssignment, Unit


def units_in_reach(user, roles=None) -> frozenset[int]:
    """Ids of the units where ``user`` holds a role (any, or one of ``roles``), with every unit
    below them: a role reaches its unit's content and that of the units under it."""
    key = frozenset(roles) if roles is not None else None
    cache = user.__dict__.setdefault("_units_in_reach", {})
    if key in cache:
        return cache[key]
    assignments = RoleAssignment.objects.filter(user=user)
    if key is not None:
        assignments = assignments.filter(role__in=key)
    ids: set[int] = set()
    for unit in Unit.objects.filter(pk__in=assignments.values("unit_id")):
        ids.update(Unit.get_tree(unit).values_list("pk", flat=True))
    cache[key] = frozenset(ids)
    return cache[key]


def owning_unit_id(page: Page, known: dict[str, int | None] | None = None) -> int | None:
    """The unit responsible for the nearest column at or above ``page``, if any.

    ``known`` (a page path → this answer, filled as pages are answered) spares the reads: a
    page that is not a column has its parent's answer, so the rows of a listing, which share
    their parent, cost one read in all; a column loaded as such answers by itself."""
    from cms.content.models import ColumnPage
    from cms.content.tree import ancestor_paths

    if known is None:
        known = {}
    if page.path in known:
        return known[page.path]
    parent = page.path[: -Page.steplen]
    if parent in known:
        if isinstance(page, ColumnPage) and "responsible_unit_id" in page.__dict__:
            known[page.path] = page.responsible_unit_id
            return known[page.path]
        kind = page.specific_class
        if kind is not None and not issubclass(kind, ColumnPage):
            known[page.path] = known[parent]
            return known[page.path]
    chain = ancestor_paths(page)
    units = dict(
        ColumnPage.objects.filter(path__in=chain).values_list("path", "responsible_unit_id")
    )
    answer = None
    for path in chain:  # from the root down: the nearest column at or above each
        answer = units.get(path, answer)
        known[path] = answer
    return answer


def pages_in_reach(user, roles=None) -> Q:
    """A filter for the pages whose owning column belongs to a unit in ``user``'s reach.

    Conservative: a column of another unit nested in one of the user's columns is cut out
    with everything below it. Superusers reach every page.
    """
    from cms.content.models import ColumnPage

    if user.is_superuser:
        return Q()
    reach = units_in_reach(user, roles)
    columns = list(ColumnPage.objects.values_list("path", "responsible_unit_id"))
    mine = [path for path, unit_id in columns if unit_id in reach]
    if not mine:
        return Q(pk__in=[])
    theirs = [
        path
        for path, unit_id in columns
        if unit_id not in reach and any(path.startswith(own) for own in mine)
    ]
    included = Q()
    for path in mine:
        included |= Q(path__startswith=path)
    for path in theirs:
        included &= ~Q(path__startswith=path)
    return included


class UnitScopedPermissionTester(PagePermissionTester):
    """Wagtail's tester, but a person outside the owning unit's reach gets no permission.

    Page permissions are inherited down the tree in Wagtail; a column owned by another unit
    nested in one's own column must still be out of one's hands.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        if user.is_active and not user.is_superuser and self.permissions:
            # Read once per request for a listing's rows (the person's caches go with the
            # response: cms.organisation.middleware).
            owner = owning_unit_id(page, known=user.__dict__.setdefault("_owning_units", {}))
            if owner is not None and owner not in units_in_reach(user):
                self.permissions = set()

    # A held page (cms.content.holds: filed, archive/) is read-only for everybody, superusers
    # included; a page holding held pages below it keeps its place, so their addresses stay.

    def _held(self) -> bool:
        return holds.is_held(self.page)

    def _holds_held(self) -> bool:
        return holds.holds_within(self.page)

    def can_edit(self):
        return not self._held() and super().can_edit()

    def can_add_subpage(self):
        return not self._held() and super().can_add_subpage()

    def can_publish(self):
        return not self._held() and super().can_publish()

    def can_unpublish(self):
        return not self._held() and super().can_unpublish()

    def can_submit_for_moderation(self):
        return not self._held() and super().can_submit_for_moderation()

    def can_set_view_restrictions(self):
        return not self._held() and super().can_set_view_restrictions()

    def can_delete(self, ignore_bulk=False):
        if self._holds_held():
            return False
        if self.page.live and not self.user.is_superuser and "publish" not in self.permissions:
            # Wagtail's own answer for a live page and a person without "publish" — nobody
            # holds it (R17) — without its query for live pages in the subtree (it is one).
            return False
        return super().can_delete(ignore_bulk)

    def can_publish_subpage(self):
        return not self._held() and super().can_publish_subpage()

    def can_move(self):
        return not self._holds_held() and super().can_move()

    def can_move_to(self, destination):
        if self._holds_held() or holds.is_held(destination):
            return False
        return super().can_move_to(destination)
