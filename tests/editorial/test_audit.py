"""Accountability (issue 3): every review step in Wagtail's audit log with its details, shown in
the page's history and exported per item — driven by real users over HTTP."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import PageLogEntry, Revision

from editorial import audit
from editorial.audit_hooks import EXPORT_URL_NAME
from editorial.checklist import REVIEW_QUESTIONS
from editorial.models import Clearance, ReviewTaskState
from editorial.stages import Stage
from tests import factories

from .flow import act, answers, current_stage, fresh, submit

pytestmark = pytest.mark.django_db

# A resident ID number with a valid check character: a blocking finding of the checks (R13).
ID_NUMBER = "11010519491231002X"
OVERRIDE_REASON = "经核实为已公开的失信被执行人公示信息，依法公开。"
OPINIONS = {
    Stage.FIRST_REVIEW: "一审：内容属实，同意。",
    Stage.SECOND_REVIEW: "二审：表述规范，同意报送。",
    Stage.THIRD_REVIEW: "三审：同意发布。",
}


def _entries(item, action):
    return list(
        PageLogEntry.objects.filter(page_id=item.pk, action=action).order_by("timestamp", "pk")
    )


def _approve(client, person, item, stage, **extra):
    assert current_stage(item) == stage
    data = {**answers(stage, OPINIONS.get(stage, "校对无误。")), **extra}
    response = act(client, person, item, data=data)
    assert response.status_code in (200, 302), response.content[:300]


def _published_with_an_override(client, staffed_site):
    """An ordinary item with a blocking finding, taken through every stage; the deputy head
    passes the finding at the third review with a reason."""
    people = staffed_site.people
    item = factories.news(
        staffed_site.column,
        "失信被执行人名单公示",
        publish=False,
        owner=people.author,
        body=f"<p>被执行人身份证号{ID_NUMBER}。</p>",
    )
    assert submit(client, people.author, item).status_code == 302
    _approve(client, people.officer, item, Stage.FIRST_REVIEW)
    _approve(client, people.chief, item, Stage.SECOND_REVIEW)
    _approve(client, people.deputy, item, Stage.THIRD_REVIEW, override_reason=OVERRIDE_REASON)
    _approve(client, people.webmaster, item, Stage.FIRST_PROOF)
    _approve(client, people.chief, item, Stage.SECOND_PROOF)
    _approve(client, people.deputy, item, Stage.THIRD_PROOF)
    assert fresh(item).live
    return item


@pytest.fixture
def published(client, staffed_site):
    return _published_with_an_override(client, staffed_site)


def test_every_step_is_logged_with_its_details(published, staffed_site):
    item, people = published, staffed_site.people
    records = {
        state.stage: state
        for state in ReviewTaskState.objects.filter(workflow_state__object_id=str(item.pk))
        .exclude(status="skipped")
        .order_by("pk")
    }

    [submitted] = _entries(item, audit.SUBMIT)
    first = records[Stage.FIRST_REVIEW]
    assert submitted.user_id == people.author.pk
    assert submitted.data["stage"] == Stage.FIRST_REVIEW
    assert submitted.revision_id == submitted.data["revision_id"] == first.revision_id
    assert submitted.data["content_hash"] == first.content_hash
    assert submitted.data["blocking_count"] >= 1
    assert submitted.data["findings_count"] >= submitted.data["blocking_count"]

    approvals = _entries(item, audit.APPROVE)
    assert [entry.data["stage"] for entry in approvals] == [
        Stage.FIRST_REVIEW,
        Stage.SECOND_REVIEW,
        Stage.THIRD_REVIEW,
        Stage.FIRST_PROOF,
        Stage.SECOND_PROOF,
        Stage.THIRD_PROOF,
    ]
    assert [entry.user_id for entry in approvals] == [
        people.officer.pk,
        people.chief.pk,
        people.deputy.pk,
        people.webmaster.pk,
        people.chief.pk,
        people.deputy.pk,
    ]
    for entry in approvals:
        record = records[entry.data["stage"]]
        assert entry.revision_id == record.revision_id
        assert entry.data["content_hash"] == record.content_hash
        assert entry.data["checklist"] == record.checklist and all(record.checklist.values())
        assert entry.data["opinion"] == record.opinion
    assert approvals[0].data["opinion"] == OPINIONS[Stage.FIRST_REVIEW]
    assert set(approvals[0].data["checklist"]) == {name for name, _label in REVIEW_QUESTIONS}

    [override] = _entries(item, audit.OVERRIDE)
    assert override.user_id == people.deputy.pk
    assert override.data["stage"] == Stage.THIRD_REVIEW
    assert override.data["override_reason"] == OVERRIDE_REASON
    assert override.data["blocking_count"] >= 1

    [published_entry] = _entries(item, audit.PUBLISH)
    clearance = Clearance.objects.get(revision_id=fresh(item).live_revision_id)
    assert published_entry.user_id == people.deputy.pk
    assert published_entry.data["live"] is True
    assert published_entry.data["content_hash"] == clearance.content_hash
    assert published_entry.revision_id == clearance.revision_id

    # In the order things happened: submitted, approved stage by stage, then published.
    trail = [
        entry.action
        for entry in audit.page_audit_trail(item)
        if entry.action.startswith("editorial.")
    ]
    assert trail == [
        audit.SUBMIT,
        audit.APPROVE,  # 一审
        audit.APPROVE,  # 二审
        audit.OVERRIDE,  # 三审 passes the blocking finding…
        audit.APPROVE,  # …and approves
        audit.APPROVE,  # 一校
        audit.APPROVE,  # 二校
        audit.APPROVE,  # 三校, whose approval publishes
        audit.PUBLISH,
    ]


def test_the_page_history_shows_the_details_in_chinese(client, published, staffed_site):
    factories.login(client, staffed_site.people.chief)
    response = client.get(reverse("wagtailadmin_pages:history", args=[published.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for stage in (Stage.FIRST_REVIEW, Stage.SECOND_REVIEW, Stage.THIRD_REVIEW):
        assert str(stage.label) in page
    assert OPINIONS[Stage.SECOND_REVIEW] in page
    assert OVERRIDE_REASON in page
    for action in (audit.APPROVE, audit.OVERRIDE, audit.PUBLISH, audit.SUBMIT):
        assert str(audit.FORMATTERS[action].label) in page


def test_a_return_is_logged_with_the_stage_and_opinion(client, staffed_site):
    people = staffed_site.people
    item = factories.news(
        staffed_site.column, "关于调整公交线路的通告", publish=False, owner=people.author
    )
    submit(client, people.author, item)
    _approve(client, people.officer, item, Stage.FIRST_REVIEW)
    act(client, people.chief, item, "reject", {"opinion": "线路名称有误，请核实。"})

    [returned] = _entries(item, audit.RETURN)
    assert returned.user_id == people.chief.pk
    assert returned.data["stage"] == Stage.SECOND_REVIEW
    assert returned.data["opinion"] == "线路名称有误，请核实。"
    assert returned.revision_id == fresh(item).latest_revision_id

    factories.login(client, people.author)
    history = client.get(reverse("wagtailadmin_pages:history", args=[item.pk])).content.decode()
    assert "线路名称有误，请核实。" in history


def test_a_resubmission_and_a_restart_after_a_change_are_logged_as_submissions(
    client, staffed_site
):
    people = staffed_site.people
    item = factories.news(
        staffed_site.column, "关于调整公交线路的通告", publish=False, owner=people.author
    )
    submit(client, people.author, item)
    _approve(client, people.officer, item, Stage.FIRST_REVIEW)
    act(client, people.chief, item, "reject", {"opinion": "线路名称有误，请核实。"})
    # The author corrects the item and submits it again.
    submit(client, people.author, item, title="关于调整公交线路的通告（更正）")
    resubmitted = _entries(item, audit.SUBMIT)[-1]
    assert len(_entries(item, audit.SUBMIT)) == 2
    assert resubmitted.user_id == people.author.pk
    assert resubmitted.data["stage"] == current_stage(item)  # the stage that opened again
    # A change while in review sends it back to the first review: a submission of new content.
    page = fresh(item)
    page.title = "关于调整公交线路的通告（再次更正）"
    page.save_revision(user=people.author)
    assert current_stage(item) == Stage.FIRST_REVIEW

    submissions = _entries(item, audit.SUBMIT)
    assert len(submissions) == 3
    last = submissions[-1]
    latest = fresh(item).latest_revision_id
    assert last.user_id == people.author.pk
    assert last.data["stage"] == Stage.FIRST_REVIEW
    assert last.revision_id == last.data["revision_id"] == latest
    # Approvals open the next stage without being taken for submissions.
    assert all(entry.user_id == people.author.pk for entry in submissions)


def test_each_countersignature_is_logged_for_its_unit(client, staffed_site):
    from cms.content.models import NewsPage

    people = staffed_site.people
    item = factories.news(staffed_site.column, "联合发文", publish=False, owner=people.author)
    page = NewsPage.objects.get(pk=item.pk)
    page.co_issuing_units.set([staffed_site.education, staffed_site.health])
    page.save_revision(user=people.author)
    submit(client, people.author, item)
    _approve(client, people.officer, item, Stage.FIRST_REVIEW)
    _approve(client, people.chief, item, Stage.SECOND_REVIEW)
    _approve(client, people.education_head, item, Stage.COUNTERSIGN)
    _approve(client, people.health_head, item, Stage.COUNTERSIGN)

    consents = _entries(item, audit.COUNTERSIGN)
    assert [(entry.user_id, entry.data["unit_id"]) for entry in consents] == [
        (people.education_head.pk, staffed_site.education.pk),
        (people.health_head.pk, staffed_site.health.pk),
    ]
    assert all(
        entry.data["opinion"] and all(entry.data["checklist"].values()) for entry in consents
    )


def test_a_takedown_shows_its_reason_in_the_history(client, staffed_site):
    from editorial.takedown import take_down

    item = factories.news(staffed_site.column, "过期的通知", owner=staffed_site.people.author)
    take_down(item, user=staffed_site.people.webmaster, reason="信息已过时效，先行下线。")
    factories.login(client, staffed_site.people.webmaster)
    history = client.get(reverse("wagtailadmin_pages:history", args=[item.pk])).content.decode()
    assert "信息已过时效，先行下线。" in history


# --- Export ------------------------------------------------------------------------------------


def _export_url(item, export_format):
    return reverse(EXPORT_URL_NAME, args=[item.pk]) + f"?export={export_format}"


def _heading(column: str) -> str:
    return str(audit.EXPORT_COLUMNS[column])


def _headings() -> list[str]:
    return [str(heading) for heading in audit.EXPORT_COLUMNS.values()]


def _approvals_by_stage(rows, headings) -> list[tuple[str, list[str]]]:
    """The approval rows, in the order of the export, with their stage."""
    action, stage = headings.index(_heading("action")), headings.index(_heading("stage"))
    label = str(audit.ApproveFormatter.label)
    return [(row[stage], row) for row in rows if row[action] == label]


def test_the_csv_export_lists_the_approvals_in_order_with_chinese_headings(
    client, published, staffed_site
):
    factories.login(client, staffed_site.people.chief)
    response = client.get(_export_url(published, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    headings, *rows = list(csv.reader(io.StringIO(text)))

    assert headings == _headings()
    # The headings are those of the review records (already in the catalogue), in Chinese.
    for chinese in ("环节", "审核清单", "意见", "内容哈希"):
        assert chinese in headings
    approvals = _approvals_by_stage(rows, headings)
    assert [stage for stage, _row in approvals] == [
        str(stage.label)
        for stage in (
            Stage.FIRST_REVIEW,
            Stage.SECOND_REVIEW,
            Stage.THIRD_REVIEW,
            Stage.FIRST_PROOF,
            Stage.SECOND_PROOF,
            Stage.THIRD_PROOF,
        )
    ]
    first = approvals[0][1]
    assert first[headings.index("意见")] == OPINIONS[Stage.FIRST_REVIEW]
    assert first[headings.index(_heading("user"))] == staffed_site.people.officer.get_username()
    checklist = first[headings.index("审核清单")]
    assert checklist.count("✓") == len(REVIEW_QUESTIONS) and "✗" not in checklist
    assert str(REVIEW_QUESTIONS[0][1]) in checklist
    assert OVERRIDE_REASON in text
    # Each row names the item's own version (第 N 版) beside the platform-wide revision id.
    version, revision = headings.index("稿件版次"), headings.index(_heading("revision"))
    reviewed = Revision.objects.get(pk=first[revision])
    assert first[version] == str(
        Revision.objects.filter(object_id=str(published.pk), pk__lte=reviewed.pk).count()
    )


def test_the_xlsx_export_has_the_same_rows(client, published, staffed_site):
    factories.login(client, staffed_site.people.author)
    response = client.get(_export_url(published, "xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    headings, *rows = [
        ["" if cell is None else str(cell) for cell in row]
        for row in workbook.active.iter_rows(values_only=True)
    ]
    assert headings == _headings()
    assert [stage for stage, _row in _approvals_by_stage(rows, headings)][:3] == [
        str(Stage.FIRST_REVIEW.label),
        str(Stage.SECOND_REVIEW.label),
        str(Stage.THIRD_REVIEW.label),
    ]
    assert OPINIONS[Stage.THIRD_REVIEW] in {row[headings.index("意见")] for row in rows}


def test_the_export_is_offered_in_the_pages_header_menu(client, published, staffed_site):
    factories.login(client, staffed_site.people.chief)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[published.pk])).content.decode()
    assert _export_url(published, "csv") in edit and _export_url(published, "xlsx") in edit


def test_someone_who_cannot_see_the_page_cannot_export_its_trail(client, published, staffed_site):
    factories.login(client, staffed_site.people.outsider_chief)
    # Wagtail's admin answers a PermissionDenied with a redirect home and its message.
    factories.assert_admin_denied(client.get(_export_url(published, "csv")))
    xhr = client.get(_export_url(published, "csv"), headers={"x-requested-with": "XMLHttpRequest"})
    assert xhr.status_code == 403
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[published.pk]))
    assert _export_url(published, "csv") not in edit.content.decode()
    assert client.get(reverse(EXPORT_URL_NAME, args=[999999]) + "?export=csv").status_code == 404

    client.logout()
    anonymous = client.get(_export_url(published, "csv"))
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
