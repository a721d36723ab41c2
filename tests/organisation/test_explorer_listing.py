"""The admin's page listing: every row's permissions are decided by the unit that owns its column
and by whether it is filed (cms/content/models/columns.py, archive/state.py) — answered from the
listing's own reads, not read again for every row."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PagePermissionTester
from wagtail.models.workflows import WorkflowMixin

from archive.filing import file_pages
from archive.models import ArchiveReason
from tests import factories
from tests.editorial.flow import submit

pytestmark = pytest.mark.django_db


def _reads(client, url: str) -> tuple[int, int]:
    """Reads of columns' owners and of archive records made by one request of ``url``."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    return (
        sum('FROM "content_columnpage"' in query for query in sql),
        sum('FROM "archive_pagearchive"' in query for query in sql),
    )


def test_a_longer_listing_reads_no_more_owners_or_archive_records(client, staffed_site):
    column = staffed_site.column
    factories.login(client, staffed_site.people.officer)
    url = f"/admin/pages/{column.pk}/"
    for _ in range(3):
        factories.news(column, "区政府召开常务会议")
    few = _reads(client, url)
    for _ in range(20):
        factories.news(column, "区政府召开常务会议")
    many = _reads(client, url)
    assert many == few
    assert max(many) < 23


def _editable(response) -> set[int]:
    return {
        int(pk) for pk in re.findall(r'href="/admin/pages/(\d+)/edit/"', response.content.decode())
    }


def test_each_row_keeps_its_own_owner_and_archive_state(
    client, staffed_site, django_capture_on_commit_callbacks
):
    column, officer = staffed_site.column, staffed_site.people.officer
    own = factories.news(column, "稿件（本单位）")
    filed = factories.news(column, "稿件（已归档）")
    nested = factories.column(column, "教育信息", owner=staffed_site.education, slug="jyxx")
    theirs = factories.news(nested, "稿件（教育局）")
    with django_capture_on_commit_callbacks(execute=True):
        file_pages([filed.pk], reason=ArchiveReason.MANUAL)
    factories.login(client, officer)

    listed = _editable(client.get(f"/admin/pages/{column.pk}/"))
    assert own.pk in listed
    assert filed.pk not in listed and nested.pk not in listed
    searched = _editable(client.get(f"/admin/pages/{column.pk}/?q=稿件&search_all=1"))
    assert own.pk in searched
    assert filed.pk not in searched and theirs.pk not in searched
    for page, may in ((own, True), (filed, False), (nested, False), (theirs, False)):
        page = Page.objects.get(pk=page.pk).specific
        assert page.permissions_for_user(officer).can_edit() is may, page.title


def test_deleting_is_answered_as_wagtail_answers_it(staffed_site):
    """The tester's shortcut for live pages gives Wagtail's own answer, for every kind of person
    and page (Wagtail's code run on the same tester, without the shortcut)."""
    column, office, people = staffed_site.column, staffed_site.office, staffed_site.people
    pages = [
        column,
        factories.news(column, "已发布稿件"),
        factories.news(column, "草稿", publish=False, owner=people.officer),
        factories.column(column, "子栏目", owner=office, slug="zlm"),
    ]
    draft_column = factories.column(column, "未发布子栏目", owner=office, slug="wfb")
    Page.objects.filter(pk=draft_column.pk).update(live=False)
    pages.append(draft_column)
    persons = [people.officer, people.chief, people.deputy, people.webmaster, factories.superuser()]
    answers = set()
    for person in persons:
        for page in pages:
            tester = Page.objects.get(pk=page.pk).specific.permissions_for_user(person)
            wagtails = PagePermissionTester.can_delete(tester)
            assert tester.can_delete() == wagtails, (person, page.title)
            answers.add(wagtails)
    assert answers == {True, False}


def test_a_row_in_review_names_the_task_wagtail_names(client, staffed_site):
    """``current_workflow_task`` (each row's lock in a listing) is read from the base task
    state: the same task as Wagtail's own reading, through the specific task state."""
    column, officer = staffed_site.column, staffed_site.people.officer
    in_review = factories.news(column, "送审稿件", publish=False, owner=officer)
    idle = factories.news(column, "未送审稿件", publish=False, owner=officer)
    assert submit(client, officer, in_review).status_code == 302
    listed = {
        page.pk: page
        for page in Page.objects.filter(pk__in=[in_review.pk, idle.pk])
        .specific()
        .prefetch_workflow_states()
    }
    task = listed[in_review.pk].current_workflow_task
    wagtails = WorkflowMixin.current_workflow_task.fget(Page.objects.get(pk=in_review.pk).specific)
    assert task is not None and (type(task), task.pk) == (type(wagtails), wagtails.pk)
    assert listed[idle.pk].current_workflow_task is None
    assert WorkflowMixin.current_workflow_task.fget(listed[idle.pk]) is None


def test_the_sidebar_explorer_lists_the_column_with_the_archive_mark(client, staffed_site):
    """Wagtail's admin API applies the listing hook too (the sidebar's page explorer)."""
    column = staffed_site.column
    item = factories.news(column, "稿件（侧栏）")
    factories.login(client, staffed_site.people.officer)
    response = client.get(f"/admin/api/main/pages/?child_of={column.pk}&for_explorer=1")
    assert response.status_code == 200
    assert item.pk in {entry["id"] for entry in response.json()["items"]}
