import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import TestCase

from .contract import PublicApi


@pytest.fixture(autouse=True)
def _forget_cached_sites():
    """Wagtail caches the sites' root paths; a rolled-back test must not leave its sites there."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(client) -> PublicApi:
    return PublicApi(client)


@pytest.fixture
def refreshes(django_capture_on_commit_callbacks):
    """``with refreshes(): ...`` runs the read model's on-commit refreshes at the block's end."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def module_data(django_db_blocker, build):
    """Build data once for a module of ``django_db`` tests, and roll it back at the end.

    Use as ``yield from module_data(django_db_blocker, build)`` in a module-scoped fixture. The
    module runs inside one transaction; each test runs in a savepoint of it, so what a test
    changes is undone before the next. The refreshes that wait for a commit run as the data is
    built, as they would after the admin's commit.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        with TestCase.captureOnCommitCallbacks(execute=True):
            data = build()
        yield data
        transaction.set_rollback(True)
    cache.clear()
