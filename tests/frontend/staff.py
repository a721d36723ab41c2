"""Change the platform's content the way its staff do, through the CMS's own services.

Each change runs in a ``manage.py shell`` subprocess against the frontend suite's own database
(never the pytest-django test database): the servers under test read what that process
committed, as they would read an editor's work. Items go live through the whole review chain
(三审三校, ``cms.demo.queues.submit_and_approve`` with the portal's demo reviewers), are filed
with ``archive.filing.file_pages`` and taken down with ``editorial.takedown.take_down``, each
by the person whose role allows it.
"""

import json
import subprocess
import sys
from dataclasses import dataclass

from .platform import BASE_DIR, Platform

RESULT_MARK = "FRONTEND-STAFF-RESULT "

# The portal's review chain in the demo for an ordinary (not major, not co-issued) item:
# 一审 信息员, 二审 科长, 三审 分管领导, 一校 网站管理员, 二校 科长, 三校 分管领导.
_PRELUDE = (
    f"MARK = {RESULT_MARK!r}\n"
    """
import json
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from cms.demo.queues import submit_and_approve

User = get_user_model()
people = {user.username: user for user in User.objects.filter(username__startswith="bgs_")}
WRITER = people["bgs_ys"]
CHAIN = [people[name] for name in
         ("bgs_xxy", "bgs_kz", "bgs_fgld", "bgs_wzgly", "bgs_kz", "bgs_fgld")]
WEBMASTER = people["bgs_wzgly"]


def page_at(site_id, url_path):
    root = Site.objects.get(pk=site_id).root_page
    return Page.objects.get(url_path=root.url_path.rstrip("/") + url_path).specific


def through_review(page):
    submit_and_approve(page, WRITER, CHAIN)
    page.refresh_from_db()
    if not page.live or page.has_unpublished_changes:
        raise SystemExit("the review chain did not publish " + page.url_path)


# The page's path within its site, as the public API and the frontend name it.
def site_path(page, site_id):
    return page.url_path[len(Site.objects.get(pk=site_id).root_page.url_path) - 1 :]


def answer(value):
    print(MARK + json.dumps(value))
"""
)


@dataclass(frozen=True)
class Item:
    id: int
    url_path: str
    title: str


def run_as_staff(platform: Platform, code: str) -> object:
    """Run ``code`` (after the prelude above) in the CMS's shell; return what it ``answer``ed."""
    completed = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", _PRELUDE + code],
        cwd=BASE_DIR,
        env=platform.cms_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if completed.returncode != 0:
        raise AssertionError(
            f"The staff change failed ({completed.returncode}):\n{completed.stderr[-4000:]}"
        )
    for line in reversed(completed.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK) :])
    return None


def publish_news(
    platform: Platform, titles: list[str], column: str = "/xinwen/zwyw/"
) -> list[Item]:
    """Write a news item of each title in ``column`` of the portal and take each through the
    review chain; one shell for them all, as starting one costs seconds."""
    code = f"""
import uuid
from cms.content.models import NewsPage
from cms.content.richtext import sanitise_html
column = page_at({platform.portal_id}, {column!r})
published = []
for title in {titles!r}:
    page = NewsPage(
        title=title, slug="frontend-" + uuid.uuid4().hex[:12], summary=title,
        body=sanitise_html("<p>" + title + "。正文。</p>"),
        source="渭川区人民政府办公室", owner=WRITER, live=False,
    )
    column.add_child(instance=page)
    through_review(page)
    url_path = site_path(page, {platform.portal_id})
    published.append({{"id": page.pk, "url_path": url_path, "title": page.title}})
answer(published)
"""
    return [Item(**item) for item in run_as_staff(platform, code)]


def retitle(platform: Platform, item: Item, title: str) -> Item:
    """Give a live item a new title: a new revision, reviewed again and published."""
    code = f"""
page = page_at({platform.portal_id}, {item.url_path!r})
page.title = {title!r}
through_review(page)
answer(page.title)
"""
    run_as_staff(platform, code)
    return Item(id=item.id, url_path=item.url_path, title=title)


def take_down(platform: Platform, item: Item) -> None:
    """The website administrator takes ``item`` offline at once (先行处置)."""
    code = f"""
from editorial.takedown import take_down
page = page_at({platform.portal_id}, {item.url_path!r})
answer(take_down(page, user=WEBMASTER, reason="内容有误，先行下线核实"))
"""
    run_as_staff(platform, code)


def file_item(platform: Platform, item: Item) -> None:
    """The website administrator files ``item`` in the archive by hand (R22)."""
    code = f"""
from archive.filing import file_pages
from archive.models import ArchiveReason
page = page_at({platform.portal_id}, {item.url_path!r})
report = file_pages([page.pk], reason=ArchiveReason.MANUAL, user=WEBMASTER, note="测试归档")
if report.filed != [page.pk]:
    raise SystemExit("not filed: " + repr(report))
answer(report.filed)
"""
    run_as_staff(platform, code)


def leave_uncleared(platform: Platform, item: Item, draft_title: str, pending_title: str) -> dict:
    """Work no completed review cleared: a draft of ``item`` under ``draft_title``, saved and
    not submitted, and a new item ``pending_title`` approved through all but the last stage.
    Returns the pending item's page id and path."""
    code = f"""
import uuid
from cms.content.models import NewsPage
from cms.content.richtext import sanitise_html
live = page_at({platform.portal_id}, {item.url_path!r})
live.title = {draft_title!r}
live.body = sanitise_html("<p>" + {draft_title!r} + "。未经审核的正文。</p>")
live.save_revision(user=WRITER)
column = page_at({platform.portal_id}, "/xinwen/zwyw/")
pending = NewsPage(
    title={pending_title!r}, slug="frontend-pending-" + uuid.uuid4().hex[:8],
    summary={pending_title!r}, body=sanitise_html("<p>" + {pending_title!r} + "</p>"),
    source="渭川区人民政府办公室", owner=WRITER, live=False,
)
column.add_child(instance=pending)
stage = submit_and_approve(pending, WRITER, CHAIN[:-1])
pending.refresh_from_db()
if pending.live or stage is None:
    raise SystemExit("the pending item should wait at its last stage")
answer({{"id": pending.pk, "url_path": site_path(pending, {platform.portal_id})}})
"""
    return run_as_staff(platform, code)
