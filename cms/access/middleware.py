"""A person's Wagtail permissions for one request: read once, each page built once, let go after.

Wagtail's permission policies cache what they read on the user object, for the request:
``GroupPagePermission`` rows with their page and permission, ``GroupCollectionPermission`` rows
with their collection and permission. A person holding roles in many units has a row per
(unit, role) group, column and permission: a deputy head serving fifty units, some seven
hundred rows, each read with its own copy of the page and of one of four permissions. And as
Django's request is in a reference cycle (``request.user`` is a lazy object whose function
holds the request), all of it outlives the response until the cycle collector's slowest,
whole-heap pass: a pause of a few hundred milliseconds every few requests of such a person.

:class:`RequestPermissionsMiddleware` fills those two caches with the same rows Wagtail would
read — in one query each when first asked for, with one instance per page, collection and
permission shared by the rows — and empties the user's per-request caches once the response is
made. What anyone may do is unchanged: Wagtail's policies only ask which permission a person
holds on which page or collection, and the rows answer exactly as those of its own query. What
this relies on of Wagtail's and Django's workings is :mod:`cms.access.wagtail_internals`.
"""

from django.conf import settings
from django.contrib.auth.models import Permission
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from .wagtail_internals import (
    COLLECTION_PERMISSION_CACHE,
    PAGE_PERMISSION_CACHE,
    loaded_instance,
    user_if_read,
)

# What Wagtail reads of a granted page or collection: its place in the tree
# (``is_descendant_of``, ``descendant_of``, ``first_common_ancestor_of``, the page permission
# tester). Any other field is read from the database when asked for.
PAGE_FIELDS = ("path", "depth", "numchild", "url_path", "title", "live", "content_type_id")
COLLECTION_FIELDS = ("path", "depth", "numchild", "name")
PERMISSION_FIELDS = ("name", "content_type_id", "codename")


def page_permissions_of(user) -> list[GroupPagePermission]:
    """What ``PagePermissionPolicy.get_all_permissions_for_user`` reads for ``user``: one row
    per (page, permission) the person's groups grant."""
    return _shared_rows(GroupPagePermission, "page", PAGE_FIELDS, user)


def collection_permissions_of(user) -> list[GroupCollectionPermission]:
    """What the collection permission policies read for ``user`` (images, documents): one row
    per (collection, permission) the person's groups grant."""
    return _shared_rows(GroupCollectionPermission, "collection", COLLECTION_FIELDS, user)


def _shared_rows(model, target: str, target_fields: tuple[str, ...], user) -> list:
    """One row per (target, permission) — Wagtail's policies ask only which permission a
    person holds on which page or collection, never through which group — the rows of one
    target or one permission sharing its instance. One query."""
    target_model = model._meta.get_field(target).related_model
    # ``Model.from_db`` takes the fields in the model's order.
    own = _in_model_order(model, ("id", "group_id", f"{target}_id", "permission_id"))
    of_target = _in_model_order(target_model, ("id", *target_fields))
    of_permission = _in_model_order(Permission, ("id", *PERMISSION_FIELDS))
    found = (
        model.objects.filter(group__user=user)
        .order_by("pk")
        .values_list(
            *own,
            *(f"{target}__{name}" for name in of_target),
            *(f"permission__{name}" for name in of_permission),
        )
    )
    db = model.objects.db
    at_target, at_permission = len(own), len(own) + len(of_target)
    targets: dict[int, object] = {}
    permissions: dict[int, Permission] = {}
    rows = {}
    at_key = (own.index(f"{target}_id"), own.index("permission_id"))
    for values in found:
        key = (values[at_key[0]], values[at_key[1]])
        if key in rows:
            continue
        row = loaded_instance(model, db, own, values[:at_target])
        if key[0] not in targets:
            fields = values[at_target:at_permission]
            targets[key[0]] = loaded_instance(target_model, db, of_target, fields)
        if key[1] not in permissions:
            fields = values[at_permission:]
            permissions[key[1]] = loaded_instance(Permission, db, of_permission, fields)
        setattr(row, target, targets[key[0]])
        row.permission = permissions[key[1]]
        rows[key] = row
    return list(rows.values())


def _in_model_order(model, names: tuple[str, ...]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if field.attname in names]


class _ReadWhenIterated:
    """A permission cache read on first use (Wagtail's policies only iterate over it)."""

    def __init__(self, read, user):
        self._read, self._user, self._rows = read, user, None

    def _loaded(self) -> list:
        if self._rows is None:
            self._rows = self._read(self._user)
        return self._rows

    def __iter__(self):
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


CACHES = (
    (PAGE_PERMISSION_CACHE, page_permissions_of),
    (COLLECTION_PERMISSION_CACHE, collection_permissions_of),
)


class RequestPermissionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session nobody is logged in: anonymous requests (the public API) pass by.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            _prime(request.user)
        response = self.get_response(request)
        _release(request)
        return response


def _prime(user) -> None:
    if user.is_authenticated and user.is_active and not user.is_superuser:
        for name, read in CACHES:
            if not hasattr(user, name):
                setattr(user, name, _ReadWhenIterated(read, user))


def _release(request) -> None:
    """Drop what was cached on the user for this request; the fields stay."""
    user = user_if_read(request)
    if user is None:
        return
    fields = {field.attname for field in user._meta.concrete_fields}
    for name in [name for name in vars(user) if name not in fields and name != "_state"]:
        del user.__dict__[name]
