"""A filed page stays online with its label and time, read-only, out of the default listings,
and the website administrator restores it with a reason (R22)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import Page, PageLogEntry

from archive import filing
from archive.models import ArchiveReason, PageArchive
from archive.state import READ_ONLY, ArchivedPage
from publicapi.models import PublicPage
from publicapi.services import public_page_refresh
from tests import factories


def file(page, reason=ArchiveReason.MANUAL, **kwargs):
    return filing.file_pages([page.pk], reason=reason, **kwargs)


def test_a_filed_page_stays_live_and_is_served_with_its_label_and_time(api, filing_site):
    item = filing_site.items.old
    revision_before = Page.objects.get(pk=item.pk).live_revision_id
    file(item, ArchiveReason.REDESIGN)

    page = Page.objects.get(pk=item.pk)
    assert page.live and page.live_revision_id == revision_before
    record = PageArchive.objects.get(page=item)
    detail = api.detail(filing_site.site.pk, item.pk)
    assert detail["archived"] is True
    assert detail["archive"]["label"] == "已归档"
    assert detail["archive"]["reason"] == {"code": "redesign", "label": "改版/迁移"}
    assert detail["archive"]["archived_at"].startswith(
        record.archived_at.astimezone().strftime("%Y-%m-%d")
    )
    assert detail["archive"]["archived_at"].endswith("+08:00")  # Asia/Shanghai
    found = api.find(filing_site.site.pk, f"/gzdt/{item.slug}/")
    assert found["id"] == item.pk and found["archived"] is True


def test_a_page_that_is_not_filed_says_so(api, filing_site):
    detail = api.detail(filing_site.site.pk, filing_site.items.other.pk)
    assert detail["archived"] is False and detail["archive"] is None


def test_filed_pages_leave_the_default_listings_but_not_the_archive(api, filing_site):
    file(filing_site.items.old)
    listed = {item["id"] for item in api.listing(filing_site.site.pk, page_size=100)["items"]}
    assert filing_site.items.old.pk not in listed
    assert filing_site.items.other.pk in listed
    in_column = api.listing(filing_site.site.pk, column=filing_site.news.pk)["items"]
    assert [item["id"] for item in in_column] == [filing_site.items.other.pk]
    archive = api.json(f"/sites/{filing_site.site.pk}/archive")
    assert [item["id"] for item in archive["items"]] == [filing_site.items.old.pk]
    assert archive["items"][0]["archived"] is True
    assert archive["items"][0]["archive"]["label"] == "已归档"


def test_bulk_filing_writes_what_a_full_render_writes(filing_site):
    """The read model is patched in bulk; a later render must give the very same row."""
    items = [filing_site.items.old, filing_site.items.other]
    filing.file_pages([item.pk for item in items], reason=ArchiveReason.AGED)
    for item in items:
        patched = PublicPage.objects.values("listing_json", "detail_json", "etag", "archived_at")
        before = patched.get(page_id=item.pk)
        public_page_refresh(Page.objects.get(pk=item.pk))
        assert patched.get(page_id=item.pk) == before


def test_the_sitemap_has_an_archive_section(api, filing_site):
    file(filing_site.items.old)
    sitemap = api.json(f"/sites/{filing_site.site.pk}/sitemap")
    assert sitemap["archive"] == {
        "count": 1,
        "columns": [
            {
                "id": filing_site.news.pk,
                "title": "工作动态",
                "url_path": "/gzdt/",
                "archived": False,
                "count": 1,
            }
        ],
    }
    assert {node["id"] for node in sitemap["columns"]} == {
        filing_site.news.pk,
        filing_site.notices.pk,
    }


def test_filing_is_logged_once_per_page_and_restoring_with_its_reason(filing_site):
    people = filing_site.people
    report = filing.file_by_hand(filing_site.news, user=people.webmaster, reason="栏目改版")
    assert sorted(report.filed) == sorted(
        [filing_site.news.pk, filing_site.items.old.pk, filing_site.items.other.pk]
    )
    for page_id in report.filed:
        entries = PageLogEntry.objects.filter(page_id=page_id, action=filing.FILE_ACTION)
        assert entries.count() == 1
        assert entries.get().user == people.webmaster
        assert entries.get().data["note"] == "栏目改版"
    filing.restore(filing_site.items.old, user=people.webmaster, reason="误归档，恢复")
    restored = PageLogEntry.objects.get(page_id=filing_site.items.old.pk, action="archive.restore")
    assert restored.data["reason"] == "误归档，恢复"
    assert not PageArchive.objects.filter(page=filing_site.items.old).exists()


def test_filing_twice_changes_nothing(filing_site):
    file(filing_site.items.old)
    again = file(filing_site.items.old)
    assert again.filed == [] and again.already == 1
    assert PageLogEntry.objects.filter(action=filing.FILE_ACTION).count() == 1


# --- Read-only ------------------------------------------------------------------------------


def test_a_filed_page_cannot_get_a_new_revision_from_code(filing_site):
    item = filing_site.items.old
    file(item)
    page = Page.objects.get(pk=item.pk).specific
    page.title = "改动"
    with pytest.raises(ArchivedPage):
        page.save_revision(user=filing_site.people.superuser)
    assert Page.objects.get(pk=item.pk).title == "二〇二〇年春耕动员会召开"


def test_nobody_may_edit_move_delete_or_unpublish_a_filed_page(filing_site):
    item = Page.objects.get(pk=filing_site.items.old.pk)
    file(item)
    item = Page.objects.get(pk=item.pk).specific
    for person in (
        filing_site.people.superuser,
        filing_site.people.author,
        filing_site.people.webmaster,
    ):
        tester = item.permissions_for_user(person)
        assert not tester.can_edit(), person
        assert not tester.can_delete(), person
        assert not tester.can_unpublish(), person
        assert not tester.can_move(), person
        assert not tester.can_move_to(filing_site.notices), person
        assert not tester.can_submit_for_moderation(), person
    lock = item.get_lock()
    assert lock is not None and lock.for_user(filing_site.people.superuser)


def test_a_column_holding_filed_pages_cannot_be_moved_or_deleted(filing_site):
    file(filing_site.items.old)
    tester = filing_site.news.permissions_for_user(filing_site.people.superuser)
    assert not tester.can_delete()
    assert not tester.can_move()


def test_the_editor_refuses_a_filed_page_over_http(admin_client, filing_site):
    item = filing_site.items.old
    file(item)
    factories.login(admin_client, filing_site.people.author)
    response = admin_client.get(f"/admin/pages/{item.pk}/edit/")
    factories.assert_admin_denied(response)
    response = admin_client.post(
        f"/admin/pages/{item.pk}/edit/", {"title": "改动", "action-submit": "action-submit"}
    )
    factories.assert_admin_denied(response)
    assert Page.objects.get(pk=item.pk).title == "二〇二〇年春耕动员会召开"


def test_a_filed_page_cannot_be_submitted_for_review(filing_site):
    item = Page.objects.get(pk=filing_site.items.old.pk).specific
    item.save_revision(user=filing_site.people.author)  # a draft, before filing
    file(item)
    workflow = item.get_workflow()
    assert workflow is not None
    with pytest.raises(ValidationError) as refused:
        workflow.start(item, filing_site.people.author)
    assert str(READ_ONLY) in str(refused.value)
    assert item.workflow_states.count() == 0


def test_pages_in_review_are_left_for_the_next_run(filing_site):
    item = Page.objects.get(pk=filing_site.items.other.pk).specific
    item.save_revision(user=filing_site.people.author)
    item.get_workflow().start(item, filing_site.people.author)
    report = file(item)
    assert report.filed == [] and report.skipped == {item.pk: filing.SKIP_IN_REVIEW}
    assert not PageArchive.objects.filter(page=item).exists()


# --- Restoring, and bad input -------------------------------------------------------------------


def test_the_website_administrator_restores_over_http_with_a_reason(admin_client, api, filing_site):
    item = filing_site.items.old
    file(item)
    factories.login(admin_client, filing_site.people.webmaster)
    url = f"/admin/archive/restore/{item.pk}/"
    response = admin_client.post(url, {"reason": ""})
    assert response.status_code == 200
    factories.assert_shows(response, filing.REASON_REQUIRED)
    assert PageArchive.objects.filter(page=item).exists()
    response = admin_client.post(url, {"reason": "归档有误"})
    assert response.status_code == 302
    assert not PageArchive.objects.filter(page=item).exists()
    assert api.detail(filing_site.site.pk, item.pk)["archived"] is False
    listed = {entry["id"] for entry in api.listing(filing_site.site.pk, page_size=100)["items"]}
    assert item.pk in listed
    assert (
        Page.objects.get(pk=item.pk)
        .specific.permissions_for_user(filing_site.people.author)
        .can_edit()
    )


def test_only_the_website_administrator_may_file_or_restore(admin_client, filing_site):
    item = filing_site.items.old
    for person in (
        filing_site.people.author,
        filing_site.people.chief,
        filing_site.people.outsider,
    ):
        with pytest.raises(PermissionDenied):
            filing.file_by_hand(item, user=person, reason="试图归档")
        factories.login(admin_client, person)
        response = admin_client.post(f"/admin/archive/file/{item.pk}/", {"reason": "试图归档"})
        assert response.status_code in (302, 403)
    assert not PageArchive.objects.exists()


def test_restoring_a_page_that_is_not_filed_is_refused_in_chinese(admin_client, filing_site):
    item = filing_site.items.other
    with pytest.raises(ValidationError) as refused:
        filing.restore(item, user=filing_site.people.webmaster, reason="恢复")
    assert refused.value.code == "not_archived"
    factories.login(admin_client, filing_site.people.webmaster)
    response = admin_client.post(f"/admin/archive/restore/{item.pk}/", {"reason": "恢复"})
    assert response.status_code == 200
    factories.assert_shows(response, filing.NOT_ARCHIVED)
    assert "没有归档" in response.content.decode()
    assert not PageLogEntry.objects.filter(action="archive.restore").exists()


def test_the_site_root_is_not_archivable(admin_client, filing_site):
    root = filing_site.site.root_page
    with pytest.raises(ValidationError) as refused:
        filing.file_by_hand(root, user=filing_site.people.webmaster, reason="整站改版")
    assert refused.value.code == "site_root"
    factories.login(admin_client, filing_site.people.superuser)
    response = admin_client.post(f"/admin/archive/file/{root.pk}/", {"reason": "整站改版"})
    assert response.status_code == 200
    factories.assert_shows(response, filing.ROOT_NOT_ARCHIVABLE)
    assert not PageArchive.objects.exists()


def test_the_website_administrator_files_a_column_by_hand_over_http(admin_client, api, filing_site):
    factories.login(admin_client, filing_site.people.webmaster)
    response = admin_client.get(f"/admin/pages/{filing_site.notices.pk}/edit/")
    assert f"/admin/archive/file/{filing_site.notices.pk}/" in response.content.decode()
    response = admin_client.post(
        f"/admin/archive/file/{filing_site.notices.pk}/", {"reason": "栏目合并"}
    )
    assert response.status_code == 302
    filed = set(PageArchive.objects.values_list("page_id", flat=True))
    assert filed == {filing_site.notices.pk, filing_site.items.notice.pk}
    sitemap = api.json(f"/sites/{filing_site.site.pk}/sitemap")
    assert [node["id"] for node in sitemap["columns"]] == [filing_site.news.pk]
    assert sitemap["archive"]["columns"][0]["archived"] is True


def test_the_editorial_api_refuses_to_submit_a_filed_page_in_chinese(admin_client, filing_site):
    import json

    from wagtail.models import APIToken

    item = Page.objects.get(pk=filing_site.items.old.pk).specific
    item.save_revision(user=filing_site.people.author)
    file(item)
    _instance, token = APIToken.create_token(user=filing_site.people.author, name="编审客户端")
    response = admin_client.post(
        f"/api/editorial/v1/items/{item.pk}/submission",
        "{}",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 409
    assert json.loads(response.content)["detail"] == str(READ_ONLY)
    assert "已归档" in json.loads(response.content)["detail"]
    assert item.workflow_states.count() == 0
