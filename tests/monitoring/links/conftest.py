import pytest
from django.core.cache import cache

from .platform import build
from .server import LoopbackServer


@pytest.fixture
def server():
    with LoopbackServer() as running:
        yield running


@pytest.fixture(autouse=True)
def _fast_checks(settings):
    """Short timeouts and pauses, so a hanging server or a retry costs the suite little."""
    settings.LINKS_CONNECT_TIMEOUT = 1.0
    settings.LINKS_READ_TIMEOUT = 0.4
    settings.LINKS_RETRIES = 1
    settings.LINKS_RETRY_BACKOFF = 0.01
    settings.LINKS_HOST_DELAY = 0.0
    settings.LINKS_CONCURRENCY = 4


@pytest.fixture(autouse=True)
def _forget_cached_sites():
    """Wagtail caches the sites' root paths; a rolled-back test must not leave its sites there."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def platform(server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build(server)
