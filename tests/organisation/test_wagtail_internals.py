"""What cms/access/wagtail_internals.py relies on of Wagtail's and Django's workings beyond their
documented API. A failure here after an upgrade means the request permissions middleware
(cms/access/middleware.py) must be revisited before anything else: it may now give Wagtail
something Wagtail no longer reads the way it did."""

import ast
from pathlib import Path

import pytest
import wagtail
from django.contrib.auth import get_user_model, login
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import Permission
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils.functional import empty
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.permissions import page_permission_policy, policy_registry

from cms.access.wagtail_internals import (
    COLLECTION_PERMISSION_CACHE,
    PAGE_PERMISSION_CACHE,
    loaded_instance,
    user_if_read,
)

WAGTAIL = Path(wagtail.__file__).parent


def _wagtail_sources():
    for path in sorted(WAGTAIL.rglob("*.py")):
        if "tests" in path.parts or path.name.startswith("test"):
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_the_policies_read_their_rows_from_the_cache_we_fill():
    user = get_user_model()(pk=1, is_active=True)
    policies = [
        (page_permission_policy, PAGE_PERMISSION_CACHE),
        (policy_registry.get_by_type(Page), PAGE_PERMISSION_CACHE),
        (policy_registry.get_by_type(get_image_model()), COLLECTION_PERMISSION_CACHE),
        (policy_registry.get_by_type(get_document_model()), COLLECTION_PERMISSION_CACHE),
    ]
    for policy, cache_name in policies:
        assert policy.permission_cache_name == cache_name, policy
        rows = object()
        setattr(user, cache_name, rows)
        assert policy.get_cached_permissions_for_user(user) is rows, policy
        delattr(user, cache_name)


def test_wagtail_only_iterates_over_the_cached_rows():
    """Every use of ``get_cached_permissions_for_user`` in Wagtail is the iterable of a loop or
    a comprehension (our cache is read when first iterated, and only iterates), and only that
    method reads a policy's cache by its name."""
    calls, name_reads = [], []
    for path, tree in _wagtail_sources():
        iterated = {
            id(node.iter)
            for node in ast.walk(tree)
            if isinstance(node, ast.For | ast.comprehension)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get_cached_permissions_for_user"
            ):
                calls.append((path.name, node.lineno, id(node) in iterated))
            if isinstance(node, ast.FunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Attribute) and inner.attr == "permission_cache_name":
                        name_reads.append((path.relative_to(WAGTAIL).as_posix(), node.name))
    assert calls, "Wagtail no longer calls get_cached_permissions_for_user"
    assert [call for call in calls if not call[2]] == []
    assert set(name_reads) == {("permission_policies/base.py", "get_cached_permissions_for_user")}


@pytest.mark.django_db
def test_a_loaded_instance_is_what_django_loads():
    stored = Permission.objects.order_by("pk").first()
    names = ["id", "name", "codename"]
    values = [stored.pk, stored.name, stored.codename]
    ours = loaded_instance(Permission, "default", names, values)
    django = Permission.from_db("default", names, values)
    assert type(ours) is type(django) is Permission
    assert {k: v for k, v in vars(ours).items() if k != "_state"} == {
        k: v for k, v in vars(django).items() if k != "_state"
    }
    assert (ours._state.adding, ours._state.db) == (django._state.adding, django._state.db)
    assert ours.get_deferred_fields() == django.get_deferred_fields() == {"content_type_id"}
    assert ours.content_type_id == stored.content_type_id  # a deferred field, read when asked


@pytest.mark.django_db
def test_the_request_user_is_read_only_when_asked_for():
    person = get_user_model().objects.create_user("reader", password="x" * 20)
    factory = RequestFactory()
    signing_in = factory.get("/")
    signing_in.session = SessionStore()
    login(signing_in, person)
    signing_in.session.save()

    request = factory.get("/")
    request.session = SessionStore(signing_in.session.session_key)
    AuthenticationMiddleware(lambda request: None).process_request(request)
    assert request.__dict__["user"]._wrapped is empty
    assert user_if_read(request) is None
    assert request.user.is_authenticated
    assert user_if_read(request) == person
