"""Importing policy documents (and interpretations) as drafts entering the review chain."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, WorkflowState

from cms.tabular import NOT_UTF8_GBK
from editorial.services import NOBODY_TO_REVIEW
from editorial.stages import Stage
from interpretation.document_numbers import WRONG_BRACKETS
from interpretation.models import InterpretationPage, PolicyDocumentPage
from interpretation.models.documents import NOT_IN_FUTURE
from tests import factories

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).parent / "seeds"


def run_import(policy_site, path, **options):
    err = StringIO()
    try:
        call_command(
            "import_policy_documents",
            str(path),
            column=policy_site.policies.pk,
            interpretation_column=policy_site.readings.pk,
            user="author",
            stderr=err,
            stdout=StringIO(),
            **options,
        )
    except CommandError as error:
        return str(error), err.getvalue()
    return None, err.getvalue()


def test_the_five_seed_regulations_import_with_their_metadata_as_written(client, policy_site):
    failure, _output = run_import(policy_site, SEEDS / "manifest.csv")
    assert failure is None, _output
    documents = {page.title: page for page in PolicyDocumentPage.objects.all()}
    assert len(documents) == 5
    # Drafts, each waiting at the first review.
    for page in documents.values():
        assert not page.live
        state = WorkflowState.objects.get(object_id=str(page.pk))
        assert state.current_task_state.specific.stage == Stage.FIRST_REVIEW

    for page in documents.values():  # each passes its chain (tested in tests/editorial)
        factories.publish_reviewed(page.get_latest_revision())

    def api(title):
        page = next(p for t, p in documents.items() if t.startswith(title))
        response = client.get(f"/api/v1/sites/{policy_site.site.pk}/pages/{page.pk}")
        assert response.status_code == 200
        return response.json()

    wushan = api("巫山县")
    assert wushan["issuing_office"] == "巫山县人民政府办公室"
    assert wushan["document_number"] == "巫山府办发〔2022〕80号"
    assert wushan["written_on"] == "2022-11-19"
    assert "第一条 为规范和加强" in wushan["body"]
    jingyuan = api("泾源县")
    assert jingyuan["issuing_office"] == "泾源县人民政府办公室"
    assert jingyuan["document_number"] == "泾政办发〔2023〕64号"
    assert jingyuan["written_on"] == "2023-09-07"
    weibin = api("渭滨区")
    assert weibin["issuing_office"] == "渭滨区人民政府"
    assert weibin["published_on"] == "2021-11-01"
    assert weibin["written_on"] is None and weibin["document_number"] == ""
    chengjiang = api("澄江市")
    assert chengjiang["issuing_office"] == "澄江市气象局"
    tongchuan = api("铜川市")
    assert tongchuan["issuing_office"] == "" and tongchuan["written_on"] is None
    numbers = sorted(api(t[:3])["index_number"] for t in documents)
    code = policy_site.office.credit_code
    # Numbered in the year each was published: 渭滨区's carries its 2021 date, the others are
    # published here now.
    year = wushan["published_at"][:4]
    assert weibin["index_number"] == f"{code}/2021-00001"
    assert numbers == [f"{code}/2021-00001", *(f"{code}/{year}-{n:05d}" for n in range(1, 5))]


def test_a_file_with_errors_imports_nothing_and_names_each_row_and_field(tmp_path, policy_site):
    path = tmp_path / "documents.csv"
    path.write_text(
        "kind,title,issuing_office,document_number,written_on,source\n"
        "document,第一份文件,渭川区人民政府,渭政发〔2026〕1号,2026-01-05,渭川区人民政府办公室\n"
        "document,第二份文件,渭川区人民政府,渭政发[2026]2号,2026-01-06,渭川区人民政府办公室\n"
        "document,第三份文件,渭川区人民政府,,2099年1月1日,渭川区人民政府办公室\n"
        "memo,第四份,,,,\n",
        encoding="utf-8",
    )
    failure, output = run_import(policy_site, path)
    assert failure is not None
    assert f"第 3 行，“document_number”：{WRONG_BRACKETS}" in output
    assert f"第 4 行，“written_on”：{NOT_IN_FUTURE}" in output
    assert "第 5 行，“kind”" in output
    assert not Page.objects.filter(title__in=["第一份文件", "第二份文件"]).exists()


def test_a_gbk_file_is_refused_with_how_to_fix_it(tmp_path, policy_site):
    path = tmp_path / "documents.csv"
    path.write_bytes("kind,title\ndocument,第一份文件\n".encode("gb18030"))
    failure, _output = run_import(policy_site, path)
    assert str(NOT_UTF8_GBK) in failure
    assert not PolicyDocumentPage.objects.exists()


def test_documents_and_their_interpretations_import_linked_from_json(tmp_path, policy_site):
    path = tmp_path / "bundle.json"
    rows = [
        {
            "kind": "document",
            "ref": "jiuye",
            "title": "渭川区促进就业若干措施",
            "issuing_office": "渭川区人民政府",
            "document_number": "渭政发〔2026〕7号",
            "written_on": "2026-02-02",
            "wide_impact": "是",
            "source": "渭川区人民政府办公室",
            "body": "第一条 为促进就业……",
        },
        {
            "kind": "解读",
            "title": "一图读懂促进就业若干措施",
            "form": "图解",
            "interpreter": "渭川区人力资源和社会保障局",
            "interpreter_kind": "起草部门",
            "source": "渭川区人力资源和社会保障局",
            "explains": "jiuye",
        },
    ]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    failure, output = run_import(policy_site, path)
    assert failure is None, output
    document = PolicyDocumentPage.objects.get()
    assert document.wide_impact
    reading = InterpretationPage.objects.get()
    assert reading.document_ids() == [document.pk]
    assert reading.form == "graphic"


def test_an_interpretation_of_an_unknown_document_is_refused(tmp_path, policy_site):
    path = tmp_path / "reading.csv"
    path.write_text(
        "kind,title,form,interpreter,interpreter_kind,source,explains\n"
        "interpretation,解读,text,某局,expert,某局,nosuchref\n",
        encoding="utf-8",
    )
    failure, output = run_import(policy_site, path)
    assert failure is not None
    assert "“explains”" in output and "nosuchref" in output
    assert not InterpretationPage.objects.exists()


def test_an_import_nobody_could_review_is_refused_before_anything_is_written(policy_site):
    """The unit's only other information officer has left: every imported item would wait at
    一审 for nobody (issue 19, item 8)."""
    reviewer = policy_site.people.reviewer
    reviewer.is_active = False
    reviewer.save()
    failure, _output = run_import(policy_site, SEEDS / "manifest.csv")
    assert failure == str(NOBODY_TO_REVIEW)  # 一审 is the one stage nobody could take
    assert not PolicyDocumentPage.objects.exists()
