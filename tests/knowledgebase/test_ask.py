"""智能问答 through real requests: a question finds the entry that answers it, from what the
public may read only (never a draft, a change not yet reviewed, a page taken down or an expired
entry); a question without a confident answer is refused, offered the mailbox and kept for
curation, grouped by its words; strong answers lead the search."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page

from editorial.takedown import take_down
from knowledgebase.models import AskedQuestion, EntryPopularity, QuestionState
from knowledgebase.services import question_resolve

from .conftest import entry

pytestmark = pytest.mark.django_db


def ask(api, site, q, **params):
    return api.json(f"/sites/{site.pk}/ask", {"q": q, **params})


def first(answer):
    return answer["answers"][0]["item"]["id"] if answer["answers"] else None


def test_an_entry_answers_its_own_question_and_citizens_phrasings(api, knowledge_site):
    site, entries = knowledge_site.site, knowledge_site.entries
    own = ask(api, site, "社会保障卡丢失了怎么补办？")
    assert own["answered"] and first(own) == entries.card.pk
    assert own["answers"][0]["confidence"] > 0.95
    assert "挂失" in own["answers"][0]["answer"]
    # Other words for the same thing, in another order, in traditional characters.
    assert first(ask(api, site, "社保卡不见了 补办")) == entries.card.pk
    assert first(ask(api, site, "社保卡遺失怎麼補辦")) == entries.card.pk
    assert first(ask(api, site, "想把公积金取出来，要什么条件")) == entries.fund.pk
    assert first(ask(api, site, "领结婚证要带哪些材料")) == entries.marriage.pk


def test_a_question_without_an_answer_is_refused_and_kept_for_curation(api, knowledge_site):
    site = knowledge_site.site
    refused = ask(api, site, "今天天气怎么样")
    assert refused["answered"] is False
    assert refused["answers"] == []
    assert "留言" in refused["message"]
    assert refused["mailboxes"] == f"/api/v1/sites/{site.pk}/mailboxes"
    # The same words in another order are one topic, counted.
    ask(api, site, "护照怎么办理")
    ask(api, site, "办理护照怎么")
    rows = AskedQuestion.objects.filter(site=site).order_by("-count")
    assert [(row.question, row.count) for row in rows] == [
        ("护照怎么办理", 2),
        ("今天天气怎么样", 1),
    ]
    top = rows[0]
    question_resolve(question=top, entry=knowledge_site.entries.card)
    top.refresh_from_db()
    assert top.state == QuestionState.ANSWERED


def test_a_match_is_counted_for_the_entry(api, knowledge_site):
    card = knowledge_site.entries.card
    ask(api, knowledge_site.site, "社保卡丢了")
    ask(api, knowledge_site.site, "社保卡补办")
    assert EntryPopularity.objects.get(page_id=card.pk).matches == 2


def test_only_what_review_cleared_answers(api, knowledge_site, refreshes):
    site, kb = knowledge_site.site, knowledge_site.kb
    entry(kb, "居住证怎么办理？", "到居住地派出所办理。", publish=False)
    assert ask(api, site, "居住证怎么办理")["answered"] is False
    # A change of a live entry answers only once it is reviewed and published.
    card = Page.objects.get(pk=knowledge_site.entries.card.pk).specific
    card.title = "电动自行车上牌需要哪些手续？"
    card.save_revision()
    assert ask(api, site, "电动自行车上牌需要哪些手续")["answered"] is False
    answer = ask(api, site, "社保卡丢失怎么补办")
    assert first(answer) == card.pk
    assert answer["answers"][0]["item"]["title"] == "社会保障卡丢失了怎么补办？"


def test_a_page_taken_down_never_answers_even_from_a_built_book(api, knowledge_site, refreshes):
    site, card = knowledge_site.site, knowledge_site.entries.card
    assert first(ask(api, site, "社保卡丢失怎么补办")) == card.pk
    with refreshes():
        take_down(card, user=knowledge_site.people.webmaster, reason="答复内容需要更新。")
    answer = ask(api, site, "社保卡丢失怎么补办")
    assert card.pk not in [item["item"]["id"] for item in answer["answers"]]


def test_an_expired_entry_leaves_the_answers(api, knowledge_site, refreshes, monkeypatch):
    site, kb = knowledge_site.site, knowledge_site.kb
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with refreshes():
        temporary = entry(
            kb, "今年的冬季供暖补贴怎么申请？", "向社区提交申请表。", valid_until=tomorrow
        )
    assert first(ask(api, site, "冬季供暖补贴怎么申请")) == temporary.pk
    later = tomorrow + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: later)
    assert ask(api, site, "冬季供暖补贴怎么申请")["answered"] is False


def test_the_platform_answers_from_every_site_or_one(api, knowledge_site, refreshes):
    answer = api.json("/ask", {"q": "社保卡丢失了怎么补办"})
    assert first(answer) == knowledge_site.entries.card.pk
    assert answer["answers"][0]["site_id"] == knowledge_site.site.pk
    assert answer.get("mailboxes") is None
    api.json(
        "/ask", {"q": "社保卡丢失了怎么补办", "site": knowledge_site.site.pk + 1000}, status=404
    )
    api.json("/ask", {"q": "护照怎么办理"})
    assert AskedQuestion.objects.get(site__isnull=True).question == "护照怎么办理"


def test_a_strong_answer_leads_the_search_and_a_weak_one_does_not(api, knowledge_site):
    site, card = knowledge_site.site, knowledge_site.entries.card
    results = api.json(f"/sites/{site.pk}/search", {"q": "社保卡丢失了怎么补办"})
    assert results["direct_answer"]["item"]["id"] == card.pk
    assert api.json("/search", {"q": "社保卡丢失了怎么补办"})["direct_answer"]["item"]["id"] == (
        card.pk
    )
    assert api.json("/search", {"q": "春节放假"}).get("direct_answer") is None
    narrowed = api.json("/search", {"q": "社保卡丢失了怎么补办", "type": "news"})
    assert narrowed.get("direct_answer") is None


def test_the_guide_is_public_with_its_fields_and_linked_from_the_entry(api, knowledge_site):
    site, card, guide = knowledge_site.site, knowledge_site.entries.card, knowledge_site.guide
    detail = api.json(f"/sites/{site.pk}/pages/{guide.pk}")
    assert detail["type"] == "guide"
    assert detail["materials"] == [
        {"name": "居民身份证", "requirement": "原件1份"},
        {"name": "近期免冠照片", "requirement": "1张"},
    ]
    assert detail["promised_time_limit"] == "即办"
    assert detail["topic"]["label"] == "社会保障"
    entry_detail = api.json(f"/sites/{site.pk}/pages/{card.pk}")
    assert entry_detail["guide"]["id"] == guide.pk
    assert entry_detail["phrasings"] == ["社保卡掉了怎么办", "补办社会保障卡需要什么材料"]
    assert entry_detail["keywords"] == ["社保卡", "补办", "挂失"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"q": "   "}, "q"), ({"q": "？！"}, "q"), ({"q": "问" * 201}, "q"), ({}, "q")],
)
def test_a_question_that_cannot_be_asked_is_refused_in_chinese(api, knowledge_site, params, field):
    answer = api.json(f"/sites/{knowledge_site.site.pk}/ask", params, status=400)
    assert field in answer["fields"]
    assert not AskedQuestion.objects.exists()


def test_an_unknown_site_is_a_404(api, knowledge_site):
    api.json("/sites/999999/ask", {"q": "社保卡"}, status=404)
