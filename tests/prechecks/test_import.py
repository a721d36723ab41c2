"""``import_sensitive_terms``: all rows checked first, all or nothing, idempotent."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from editorial.prechecks import importer
from editorial.prechecks.choices import Severity, TermCategory
from editorial.prechecks.importer import NOT_UTF8_GBK, REQUIRED, RowError
from editorial.prechecks.models import SensitiveTerm

STARTER = Path(__file__).resolve().parents[2] / "editorial/prechecks/data/starter_terms.csv"
HEADER = "term,correction,category,severity,note\n"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The command's messages in English: the tests check what the code puts in them, not the
    state of the zh_Hans catalogue (maintained by others). Expected messages are rendered with
    the same gettext, so the tests hold in any language."""
    with translation.override("en"):
        yield


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_sensitive_terms", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path, *args) -> tuple[str, str]:
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_sensitive_terms", str(path), *args, stdout=StringIO(), stderr=err)
    return str(raised.value), err.getvalue()


def write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding)
    return path


def test_the_starter_dictionary_imports():
    out, err = run(STARTER)
    rows = STARTER.read_text(encoding="utf-8").count("\n") - 1
    assert rows >= 30
    assert SensitiveTerm.objects.count() == rows
    assert err == ""
    term = SensitiveTerm.objects.get(term="党中央国务院")
    assert term.correction == "党中央、国务院"
    assert term.category == TermCategory.NON_STANDARD
    assert term.severity == Severity.WARNING
    assert term.is_active
    assert str(rows) in out


def test_a_good_csv_with_a_byte_order_mark_imports(tmp_path):
    path = write(
        tmp_path,
        "terms.csv",
        "\ufeff" + HEADER + "做为,作为,wrong,warning,\n"
        '全网最低价,,sensitive,blocking,"广告用语, 不得发布"\n'
        "\n"  # an empty row left by a spreadsheet
        "其它,其他,不规范表述,警告,\n",  # Chinese names of category and severity
        encoding="utf-8",
    )
    run(path)
    assert dict(SensitiveTerm.objects.values_list("term", "severity")) == {
        "做为": "warning",
        "全网最低价": "blocking",
        "其它": "warning",
    }
    assert SensitiveTerm.objects.get(term="全网最低价").note == "广告用语, 不得发布"
    assert SensitiveTerm.objects.get(term="其它").category == TermCategory.NON_STANDARD


def test_json_imports(tmp_path):
    data = [
        {"term": "做为", "correction": "作为", "category": "wrong", "severity": "warning"},
        {
            "term": "台湾总统",
            "correction": "台湾地区领导人",
            "category": "political",
            "severity": "blocking",
            "note": None,
        },
    ]
    path = write(tmp_path, "terms.json", json.dumps(data, ensure_ascii=False))
    run(path)
    assert SensitiveTerm.objects.count() == 2


def test_one_bad_row_imports_nothing_and_names_the_row_and_field(tmp_path):
    SensitiveTerm.objects.create(term="既有词", category="wrong", severity="warning")
    path = write(
        tmp_path,
        "terms.csv",
        HEADER
        + "做为,作为,wrong,warning,\n"  # row 2: good
        + " ,作为,wrong,warning,\n"  # row 3: empty term
        + "其它,其他,non_standard,urgent,\n"  # row 4: unknown severity
        + "截止目前,截至目前,wrong,warning,\n",  # row 5: good
    )
    message, err = refused(path)
    assert list(SensitiveTerm.objects.values_list("term", flat=True)) == ["既有词"]
    unknown = importer.message(
        importer.UNKNOWN_SEVERITY, value="urgent", choices="“warning”, “blocking”"
    )
    assert err.strip().splitlines() == [
        str(RowError(3, "term", REQUIRED)),
        str(RowError(4, "severity", unknown)),
    ]
    assert "terms.csv" in message


def test_every_problem_of_a_row_is_reported(tmp_path):
    path = write(
        tmp_path,
        "terms.csv",
        HEADER
        + "做为,做为,colour,,\n"
        + "做为,作为,wrong,warning,\n"
        + "做为,作为,wrong,warning,\n",
    )
    _message, err = refused(path)
    lines = err.strip().splitlines()
    fields = [(line.split(",")[0], line) for line in lines]
    assert any("“correction”" in line for _, line in fields)  # same as the term
    assert any("“category”" in line and "colour" in line for _, line in fields)
    assert any("“severity”" in line for _, line in fields)  # empty
    assert any("“term”" in line and "4" in line for _, line in fields)  # duplicate of row 3
    assert SensitiveTerm.objects.count() == 0


def test_a_gbk_file_gives_a_clear_error_and_imports_nothing(tmp_path):
    content = (HEADER + "党中央国务院,党中央、国务院,non_standard,warning,\n").encode("gbk")
    path = write(tmp_path, "terms.csv", content)
    message, _err = refused(path)
    assert str(NOT_UTF8_GBK) in message
    assert "UTF-8" in message
    assert SensitiveTerm.objects.count() == 0


def test_a_header_without_the_needed_columns_is_refused(tmp_path):
    path = write(tmp_path, "terms.csv", "词语,更正\n做为,作为\n")
    message, _err = refused(path)
    assert "“term”" in message
    assert SensitiveTerm.objects.count() == 0


def test_invalid_json_is_refused(tmp_path):
    path = write(tmp_path, "terms.json", '[{"term": "做为",]')
    message, _err = refused(path)
    assert "JSON" in message
    path = write(
        tmp_path,
        "terms.json",
        '[{"term": "做为", "category": "wrong", "severity": "warning", "colour": "red"}, "x"]',
    )
    _message, err = refused(path)
    lines = err.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(str(RowError(1, "colour", "")).rstrip())
    assert lines[1].startswith(str(RowError(2, "—", "")).rstrip())
    assert SensitiveTerm.objects.count() == 0


def test_re_importing_is_idempotent_and_updates_changed_rows(tmp_path):
    path = write(
        tmp_path, "terms.csv", HEADER + "做为,作为,wrong,warning,\n其它,其他,wrong,warning,\n"
    )
    out, _ = run(path)
    assert "2" in out
    before = {t.term: (t.pk, t.updated_at) for t in SensitiveTerm.objects.all()}

    run(path)
    after = {t.term: (t.pk, t.updated_at) for t in SensitiveTerm.objects.all()}
    assert after == before

    # A term switched off in the admin stays off; a changed row updates its term.
    SensitiveTerm.objects.filter(term="做为").update(is_active=False)
    path = write(
        tmp_path,
        "terms.csv",
        HEADER + "做为,作为,wrong,blocking,改为阻断\n其它,其他,wrong,warning,\n",
    )
    run(path)
    changed = SensitiveTerm.objects.get(term="做为")
    assert (changed.severity, changed.note, changed.is_active) == ("blocking", "改为阻断", False)
    assert changed.pk == before["做为"][0]
    assert changed.updated_at > before["做为"][1]
    assert SensitiveTerm.objects.get(term="其它").updated_at == before["其它"][1]
    assert SensitiveTerm.objects.count() == 2


def test_dry_run_imports_nothing(tmp_path):
    path = write(tmp_path, "terms.csv", HEADER + "做为,作为,wrong,warning,\n")
    run(path, "--dry-run")
    assert SensitiveTerm.objects.count() == 0


def test_a_missing_file_is_a_command_error(tmp_path):
    message, _ = refused(tmp_path / "nothing.csv")
    assert "nothing.csv" in message
