"""What the request permissions (:mod:`cms.access.middleware`) rely on of Wagtail's and Django's
workings beyond their documented API — the one module that touches them.
``tests/organisation/test_wagtail_internals.py`` fails if an upgrade changes any of it.

* Wagtail's permission policies cache a person's permission rows on the user object, under
  the policy's ``permission_cache_name``, use what they find there instead of reading, and only
  iterate over it (``BasePermissionPolicy.get_cached_permissions_for_user`` and its callers).
* A saved model instance is what ``Model.from_db`` builds: ``__new__``, a loaded ``ModelState``,
  the field values in ``__dict__``; ``__init__`` does nothing else for it but send ``pre_init``
  and ``post_init``.
* Django's ``AuthenticationMiddleware`` puts the user on the request as a lazy object, read
  when first asked for: its ``_wrapped`` is ``empty`` until then.
"""

from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils.functional import empty
from wagtail.permission_policies.collections import CollectionPermissionLookupMixin
from wagtail.permission_policies.pages import PagePermissionPolicy

# The attributes of the user where Wagtail's policies keep the person's permission rows: those of
# pages (``GroupPagePermission``), and of collections (``GroupCollectionPermission``: images,
# documents).
PAGE_PERMISSION_CACHE = PagePermissionPolicy.permission_cache_name
COLLECTION_PERMISSION_CACHE = CollectionPermissionLookupMixin.permission_cache_name


def loaded_instance(model, db, names: list[str], values) -> object:
    """What ``model.from_db(db, names, values)`` returns — a saved instance with those fields
    set and the others deferred (read from the database when asked for) — without running
    ``Model.__init__`` over every field of the model: a third of the cost of the rows of a
    person serving many units. The only other thing ``__init__`` does for a loaded row is to
    send ``pre_init`` and ``post_init``: where anything listens, the row is built by
    ``from_db``."""
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model.from_db(db, names, values)
    instance = model.__new__(model)
    instance._state = ModelState()
    instance._state.adding = False
    instance._state.db = db
    instance.__dict__.update(zip(names, values, strict=True))
    return instance


def user_if_read(request):
    """The request's user if anything read it during the request, else None."""
    lazy = request.__dict__.get("user")
    user = getattr(lazy, "_wrapped", lazy)
    if user is None or user is empty or not hasattr(user, "_meta"):
        return None
    return user
