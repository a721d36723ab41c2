"""The public frontend's suite: a real platform (tests/frontend/platform.py), plain HTTP, and a
real Chromium driven by Playwright when the machine has Debian's.

Nothing here touches the pytest-django test database: the servers run on the suite's own
database, built once per session.
"""

import os
import subprocess
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
import requests

from . import platform as platform_module
from .platform import PORTAL_ID, Platform

CHROMIUM = Path("/usr/bin/chromium")
NO_CHROMIUM = f"Chromium not found at {CHROMIUM}: the browser suite did not run"
BROWSER_REQUIRED_VARIABLE = "FRONTEND_BROWSER_REQUIRED"
SCREENSHOT_DIR = platform_module.BASE_DIR / "var" / "screenshots" / "frontend"

_browser_outcomes: Counter = Counter()


def browser_required() -> bool:
    return os.environ.get(BROWSER_REQUIRED_VARIABLE, "").strip() == "1"


def chromium_present() -> bool:
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def chromium_version() -> str:
    try:
        completed = subprocess.run(
            [str(CHROMIUM), "--version"], capture_output=True, text=True, timeout=20
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown version"
    return completed.stdout.strip() or "unknown version"


# --- Reporting whether the browser suite ran ---------------------------------------------------


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives Debian's Chromium through Playwright (tests/frontend/)"
    )


def pytest_collection_modifyitems(config, items):
    """Without Chromium the browser tests are skipped with the plain reason, unless the run
    requires them (``FRONTEND_BROWSER_REQUIRED=1``, as in CI): then they fail."""
    if chromium_present() or browser_required():
        return
    skip = pytest.mark.skip(reason=NO_CHROMIUM)
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


def pytest_runtest_logreport(report):
    if "browser" not in report.keywords:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        _browser_outcomes[report.outcome] += 1


def pytest_terminal_summary(terminalreporter):
    if not _browser_outcomes:
        if not chromium_present():
            line = f"frontend browser suite: did not run ({NO_CHROMIUM})"
        else:
            line = "frontend browser suite: not selected in this run"
    elif not chromium_present():
        line = f"frontend browser suite: did not run ({NO_CHROMIUM})"
    else:
        counts = ", ".join(f"{count} {outcome}" for outcome, count in _browser_outcomes.items())
        line = f"frontend browser suite: ran in {chromium_version()} ({CHROMIUM}): {counts}"
    terminalreporter.write_sep("-", line)


# --- The platform ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def platform(tmp_path_factory) -> Platform:
    """The demo platform with the CMS and the frontend running; stopped at the end."""
    built = platform_module.build(tmp_path_factory.mktemp("frontend-platform"))
    try:
        platform_module.start_all(built)
        yield built
    finally:
        platform_module.tear_down(built)


@dataclass(frozen=True)
class Demo:
    """What the demo's portal holds, read from the public API like the frontend reads it."""

    column: str
    item: dict
    policy: dict
    interpretation: dict
    filed: dict
    filed_year: int
    filed_month: int
    mailbox_id: int
    sites: list
    open_survey: dict


def api(platform: Platform, endpoint: str, **params) -> dict:
    response = requests.get(f"{platform.api_url}{endpoint}", params=params, timeout=10)
    response.raise_for_status()
    return response.json()


@pytest.fixture(scope="session")
def demo(platform) -> Demo:
    column = "/xinwen/zwyw/"
    column_id = api(platform, f"/sites/{PORTAL_ID}/find", path=column)["id"]
    items = api(platform, f"/sites/{PORTAL_ID}/pages", column=column_id)["items"]
    policies = api(platform, f"/sites/{PORTAL_ID}/pages", type="policy")["items"]
    policy = interpretation = None
    for summary in policies:
        detail = api(platform, f"/sites/{PORTAL_ID}/pages/{summary['id']}")
        if detail.get("interpretations") and not detail.get("archived"):
            policy, interpretation = detail, detail["interpretations"][0]
            break
    assert policy, "The demo has no policy document with an interpretation."
    # The archive's first month, as its calendar counts them, and a filed page of that month.
    calendar = api(platform, f"/sites/{PORTAL_ID}/archive/calendar")
    year = calendar["years"][0]["year"]
    month = calendar["years"][0]["months"][0]["month"]
    filed = api(platform, f"/sites/{PORTAL_ID}/archive", year=year, month=month)["items"][0]
    mailboxes = api(platform, f"/sites/{PORTAL_ID}/mailboxes")["items"]
    now = datetime.now().astimezone()
    open_survey = next(
        survey
        for survey in api(platform, f"/sites/{PORTAL_ID}/pages", type="survey")["items"]
        if datetime.fromisoformat(survey["opens_at"])
        <= now
        < datetime.fromisoformat(survey["closed_early_at"] or survey["closes_at"])
    )
    return Demo(
        column=column,
        item=items[0],
        policy=policy,
        interpretation=interpretation,
        filed=filed,
        filed_year=year,
        filed_month=month,
        mailbox_id=mailboxes[0]["id"],
        sites=api(platform, "/sites")["items"],
        open_survey=open_survey,
    )


# --- The browser -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, launched once for each module (never a downloaded browser): its
    event loop ends with the module, so the worker's later tests may use the database."""
    if not chromium_present():
        if browser_required():
            pytest.fail(f"{NO_CHROMIUM} ({BROWSER_REQUIRED_VARIABLE}=1)", pytrace=False)
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # A Chinese reader's browser: its own controls (a file input's button) speak Chinese.
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--lang=zh-CN"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR
