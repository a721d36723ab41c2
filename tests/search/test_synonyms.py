"""The synonym dictionary: imported from a file (checked whole: a bad line imports nothing),
edited in the admin by the website administrator, in Chinese; and what citizens searched
for in vain, shown to them read-only."""

import pytest
from django.core.management import CommandError, call_command

from search.models import MissedQuery, Synonym
from search.synonyms import STARTER
from tests import factories

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/search/synonym/add/"


def test_the_starter_dictionary_imports_once(capsys):
    entries = [line for line in STARTER.read_text().splitlines() if line.strip() and line[0] != "#"]
    call_command("search_synonyms", str(STARTER))
    assert Synonym.objects.count() == len(entries) >= 40
    assert Synonym.objects.filter(terms="医保 医疗保障 医疗保险").exists()
    call_command("search_synonyms", str(STARTER))
    assert Synonym.objects.count() == len(entries)
    assert f"{len(entries)} 组已存在" in capsys.readouterr().out


def test_a_bad_line_imports_nothing(tmp_path):
    dictionary = tmp_path / "synonyms.txt"
    dictionary.write_text("医保 医疗保障\n# 注释\n\n社保\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第 4 行：每组同义词至少要有两个词。"):
        call_command("search_synonyms", str(dictionary))
    assert not Synonym.objects.exists()
    with pytest.raises(CommandError, match="无法读取"):
        call_command("search_synonyms", str(tmp_path / "missing.txt"))


def test_the_website_administrator_edits_synonyms_in_chinese(client, filing_site):
    factories.login(client, filing_site.people.webmaster)
    refused = client.post(ADD, {"terms": "医保", "note": ""})
    assert refused.status_code == 200
    factories.assert_shows(refused, "每组同义词至少要有两个词。")
    assert not Synonym.objects.exists()
    added = client.post(ADD, {"terms": "医保，医疗保障、 医疗保险", "note": "常用简称"})
    assert added.status_code == 302
    assert Synonym.objects.get().terms == "医保 医疗保障 医疗保险"


def test_an_information_officer_may_not_edit_synonyms(client, filing_site):
    factories.login(client, filing_site.people.author)
    response = client.post(ADD, {"terms": "医保 医疗保障", "note": ""})
    factories.assert_admin_denied(response)
    assert not Synonym.objects.exists()


def test_queries_without_results_are_listed_read_only(client, filing_site):
    MissedQuery.objects.create(query="火箭发射", site=filing_site.site, count=5)
    factories.login(client, filing_site.people.webmaster)
    listing = client.get("/admin/snippets/search/missedquery/")
    assert listing.status_code == 200
    assert "火箭发射" in listing.content.decode()
    factories.assert_admin_denied(client.get("/admin/snippets/search/missedquery/add/"))
