"""The admin's words tell the truth about the chain (issue 19, item 14).

A returned item starts again at 一审 whichever stage returned it, so its button, its status and
its history say so; a stage that does not apply is skipped, so no log names it as the next step
and no overview counts it as unfinished; a version is the item's own count of its versions, not
the platform-wide number of a revision.
"""

import re
from html import unescape

import pytest

from editorial.stages import Stage

from .flow import act, fresh, submit
from .test_scenarios import _approve, _draft

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response.status_code == 200
    html = re.sub(
        r"<script.*?</script>|<style.*?</style>", " ", response.content.decode(), flags=re.S
    )
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _returned_at_second_review(client, staffed_site):
    page = _draft(staffed_site)
    submit(client, staffed_site.people.author, page)
    _approve(client, staffed_site.people.officer, page, Stage.FIRST_REVIEW)
    response = act(client, staffed_site.people.chief, page, "reject", {"opinion": "数据需核实。"})
    assert response.status_code in (200, 302)
    client.force_login(staffed_site.people.author)
    return page


def test_a_returned_item_is_resubmitted_to_the_first_review_and_says_it(client, staffed_site):
    page = _returned_at_second_review(client, staffed_site)

    editor = _text(client.get(f"/admin/pages/{page.pk}/edit/"))

    assert "重新提交给一审" in editor
    assert "二审" not in re.findall(r"重新提交给\S+", editor)[0]
    assert "审核流程中" in editor and "审核中" not in editor  # in the review process…
    assert "已由chief退回修改" in editor  # …and returned by the 科室负责人
    assert "已退回 二审" in editor
    assert "Changes requested" not in editor


def test_a_return_reads_as_a_return_in_the_history(client, staffed_site):
    page = _returned_at_second_review(client, staffed_site)

    history = _text(client.get(f"/admin/pages/{page.pk}/history/"))

    assert "在“二审”退回修改" in history
    assert "已拒绝" not in history and "拒绝任务" not in history
    overview = _text(client.get(f"/admin/pages/{page.pk}/workflow_history/"))
    assert "已拒绝" not in overview and "需要修改" not in overview
    assert "已退回修改" in overview


def test_the_next_step_named_is_the_stage_that_opens(client, staffed_site):
    page = _draft(staffed_site)  # ordinary, no co-issuers: 会签 and 签发 do not apply
    submit(client, staffed_site.people.author, page)
    _approve(client, staffed_site.people.officer, page, Stage.FIRST_REVIEW)
    _approve(client, staffed_site.people.chief, page, Stage.SECOND_REVIEW)
    _approve(client, staffed_site.people.deputy, page, Stage.THIRD_REVIEW)
    client.force_login(staffed_site.people.author)

    history = _text(client.get(f"/admin/pages/{page.pk}/history/"))

    assert "“二审”已批准，下一步是“三审”" in history
    assert "“三审”已批准，下一步是“一校”" in history
    assert "下一步是“会签”" not in history and "下一步是“签发”" not in history


def test_a_skipped_stage_is_not_listed_as_unfinished(client, staffed_site):
    page = _draft(staffed_site)
    submit(client, staffed_site.people.author, page)
    _approve(client, staffed_site.people.officer, page, Stage.FIRST_REVIEW)
    _approve(client, staffed_site.people.chief, page, Stage.SECOND_REVIEW)
    client.force_login(staffed_site.people.author)

    overview = _text(client.get(f"/admin/pages/{page.pk}/workflow_history/"))

    assert overview.count("已跳过（不适用）") == 1  # 会签; 签发 has not been reached
    assert overview.count("已批准的任务") == 2
    assert overview.count("未完成的任务") == 5  # 三审, 签发, the three proofreads


def test_versions_are_counted_per_item(client, staffed_site):
    page = _draft(staffed_site)
    for title in ("初稿", "二稿"):
        page = fresh(page)
        page.title = title
        page.save_revision(user=staffed_site.people.author)
    submit(client, staffed_site.people.author, page)  # saves a fourth revision and submits it
    revision = fresh(page).latest_revision
    assert revision.pk > 4  # other revisions of the platform came first

    history = _text(client.get(f"/admin/pages/{page.pk}/history/"))

    assert "进入一审（第 4 版" in history
    assert f"版本 {revision.pk}" not in history


def test_a_resubmission_reads_as_a_new_start_at_the_first_review(client, staffed_site):
    page = _returned_at_second_review(client, staffed_site)
    submit(client, staffed_site.people.author, page, title="区政府召开专题会议（修订）")

    history = _text(client.get(f"/admin/pages/{page.pk}/history/"))

    assert "退回后重新提交（原在“二审”退回），从一审重新审核" in history
    assert "Workflow resumed" not in history
