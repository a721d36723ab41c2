import pytest
from django.db import connections
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from publicapi.selectors import forget_column_scopes


@pytest.fixture(autouse=True)
def _chinese():
    """Every test runs in the platform's language, as every user does."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_remembered_column_scopes():
    """Each test starts as a new process does, remembering no column's scope: an earlier
    test's scope under ids reused since (SQLite reuses them) would cost a statement more."""
    forget_column_scopes()


FRONTEND_SUITE = "tests/frontend/"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """How ``make test`` shares the tests between pytest-xdist's workers (``-n``): a module's
    tests stay on one worker, so its module-scoped data is built once, and the frontend's
    suite, which builds a whole platform per session, runs on one worker. (xdist's own
    ``loadgroup`` cannot be used: its markers rename test ids in a way pytest 9.2 ignores.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ModuleScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "frontend" if module.startswith(FRONTEND_SUITE) else module

    return ModuleScheduling(config, log)


# --- A worker runs transactional and plain tests interleaved ------------------------------------
# Run alone, pytest-django runs every test that commits (``transaction=True``, the live server)
# after all the tests that roll back, as Django does: a committing test ends by emptying the
# database, migrations' rows included (the Wagtail root, the default site, the groups). Under
# xdist a worker runs whole modules in turn, so a plain test may follow a committing one: the
# rows the migrations made are put back first, from the copy pytest-django took of them when it
# made the test database (the copy ``serialized_rollback`` restores from).

_emptied = False


def _commits(item) -> bool | None:
    """True: the test commits and the database is emptied after it; False: it runs inside a
    transaction rolled back after it; None: it uses no database."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if {"transactional_db", "live_server"} & set(fixtures) or (
        marker is not None and marker.kwargs.get("transaction")
    ):
        return True
    if marker is not None or "db" in fixtures:
        return False
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    global _emptied
    if _emptied and _commits(item) is False:
        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=True):
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents is not None:
                    connection.creation.deserialize_db_from_string(contents)
        _emptied = False


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    global _emptied
    if _commits(item):
        _emptied = True
