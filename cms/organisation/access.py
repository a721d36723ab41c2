"""Which units a person reaches: a role reaches its unit and the units below it.

What that means for pages (the unit owning a page's column) is :mod:`cms.content.models.columns`.
"""

from django.db.models import Q, QuerySet

from .models import RoleAssignment, Unit

# Two queries whatever the number of units a person serves (admin pages ask on every request);
# beyond this many subtrees the units are read whole and sorted here, rather than make SQLite
# parse an OR deeper than it allows.
MAX_SUBTREES_IN_ONE_QUERY = 200


def roles_held(user) -> frozenset[str]:
    """The roles ``user`` holds anywhere, read once per request (every admin page asks, for
    its menu): the person's user object lives for one request."""
    if "_roles_held" not in user.__dict__:
        held = RoleAssignment.objects.filter(user=user).values_list("role", flat=True)
        user.__dict__["_roles_held"] = frozenset(held)
    return user.__dict__["_roles_held"]


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
    held = sorted(
        set(
            Unit.objects.filter(pk__in=assignments.values("unit_id")).values_list("path", flat=True)
        )
    )
    # A unit below another one held adds nothing; each of the others is a subtree.
    tops: list[str] = []
    for path in held:
        if not any(path.startswith(top) for top in tops):
            tops.append(path)
    ids: set[int] = set()
    if len(tops) > MAX_SUBTREES_IN_ONE_QUERY:
        ids = {
            pk
            for pk, path in Unit.objects.values_list("pk", "path")
            if path.startswith(tuple(tops))
        }
    elif tops:
        subtrees = Q()
        for top in tops:
            subtrees |= Q(path__startswith=top)
        ids = set(Unit.objects.filter(subtrees).values_list("pk", flat=True))
    cache[key] = frozenset(ids)
    return cache[key]


def holders_reaching(unit_ids, roles=None) -> QuerySet:
    """The role assignments (of active people; in ``roles``, if given) that reach any of
    ``unit_ids``: held in that unit or in a unit above it, nearest first."""
    paths = {
        path[:end]
        for path in Unit.objects.filter(
            pk__in=[pk for pk in unit_ids if pk is not None]
        ).values_list("path", flat=True)
        for end in range(Unit.steplen, len(path) + 1, Unit.steplen)
    }
    holders = RoleAssignment.objects.filter(unit__path__in=paths, user__is_active=True)
    if roles is not None:
        holders = holders.filter(role__in=roles)
    return holders.order_by("-unit__depth", "user_id")
