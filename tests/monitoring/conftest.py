"""A site built through the platform's own paths, with items dated by rewriting their first
publication (the way time would have passed) and the read model refreshed from them."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page

from cms.organisation.models import Role
from knowledgebase.mailbox.models import Mailbox, MailboxKind
from publicapi.services import public_page_refresh
from tests import factories


def at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


def dated(page: Page, when: datetime.datetime) -> Page:
    """``page`` as if it had first gone live at ``when``."""
    Page.objects.filter(pk=page.pk).update(first_published_at=when, last_published_at=when)
    page.refresh_from_db()
    public_page_refresh(page.specific)
    return page


@pytest.fixture
def monitored(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        county = factories.unit("渭滨区人民政府办公室")
        department = factories.unit("渭滨区人力资源和社会保障局", parent=county)
        site = factories.site("渭滨区人民政府", sponsor=county)
    dated(site.root_page, at("2026-01-05"))
    people = {
        "editor": factories.user("rsj_bj", unit=department, role=Role.INFO_OFFICER),
        "webmaster": factories.user("rsj_gly", unit=department, role=Role.SITE_ADMIN),
        "deputy": factories.user("bgs_fg", unit=county, role=Role.DEPUTY_HEAD),
        "county_webmaster": factories.user("bgs_gly", unit=county, role=Role.SITE_ADMIN),
    }
    mailbox = Mailbox.objects.create(
        site=site, name="区长信箱", kind=MailboxKind.LEADER, unit=department, categories="其他"
    )
    return {
        "site": site,
        "county": county,
        "department": department,
        "mailbox": mailbox,
        **people,
    }


def add_column(platform, title, category, *, items=(), live_since="2026-01-05"):
    """A column of ``platform``'s department with items first published at ``items``."""
    column = factories.column(
        platform["site"].root_page,
        title,
        owner=platform["department"],
        person=platform["editor"],
        update_category=category,
    )
    dated(column, at(live_since))
    for when in items:
        dated(factories.news(column, f"{title}的新闻"), when)
    return column
