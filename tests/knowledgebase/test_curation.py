"""Keeping the knowledge base current: expired entries go offline, reads and answers make an
entry's popularity, and staff curate the questions nobody answered, in the admin."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageLogEntry

from knowledgebase.expiry import EXPIRED_LOG_ACTION, entries_expire
from knowledgebase.models import AskedQuestion, EntryPopularity, QuestionState
from publicapi.models import PublicPage
from tests import factories

from .conftest import entry

pytestmark = pytest.mark.django_db


def test_an_expired_entry_goes_offline_once_and_is_logged(api, knowledge_site, refreshes):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with refreshes():
        temporary = entry(
            knowledge_site.kb, "供暖补贴怎么申请？", "向社区申请。", valid_until=tomorrow
        )
    assert entries_expire(today=tomorrow) == []
    with refreshes():
        assert entries_expire(today=tomorrow + datetime.timedelta(days=1)) == [temporary.pk]
    assert not Page.objects.get(pk=temporary.pk).live
    assert not PublicPage.objects.filter(page_id=temporary.pk).exists()
    api.get(f"/sites/{knowledge_site.site.pk}/pages/{temporary.pk}", status=404)
    assert PageLogEntry.objects.filter(page=temporary, action=EXPIRED_LOG_ACTION).count() == 1
    # Entries without a date, and the rest, stay; a second run changes nothing.
    assert Page.objects.get(pk=knowledge_site.entries.card.pk).live
    out = io.StringIO()
    call_command("knowledge_expire", stdout=out)
    assert "0" in out.getvalue()


def test_reads_of_entries_and_guides_are_counted_and_nothing_else(api, knowledge_site):
    site, card = knowledge_site.site, knowledge_site.entries.card
    api.get(f"/sites/{site.pk}/pages/{card.pk}")
    api.get(f"/sites/{site.pk}/find", {"path": card.url_path[len(site.root_page.url_path) - 1 :]})
    api.get(f"/sites/{site.pk}/pages/{knowledge_site.guide.pk}")
    api.get(f"/sites/{site.pk}/pages/{knowledge_site.items.other.pk}")
    views = dict(EntryPopularity.objects.values_list("page_id", "views"))
    assert views == {card.pk: 2, knowledge_site.guide.pk: 1}


def test_staff_curate_the_most_asked_unanswered_questions(api, knowledge_site, admin_client):
    site = knowledge_site.site
    for question in ("护照怎么办理", "办理护照怎么", "今天天气怎么样"):
        api.json(f"/sites/{site.pk}/ask", {"q": question})
    factories.login(admin_client, knowledge_site.people.webmaster)
    listing = admin_client.get("/admin/snippets/knowledgebase/askedquestion/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert text.index("护照怎么办理") < text.index("今天天气怎么样")
    question = AskedQuestion.objects.get(question="护照怎么办理")
    url = f"/admin/snippets/knowledgebase/askedquestion/edit/{question.pk}/"
    form = factories.form_data(admin_client.get(url).content, containing="state")
    form.update({"state": QuestionState.ANSWERED, "entry": knowledge_site.entries.card.pk})
    assert admin_client.post(url, form).status_code == 302
    question.refresh_from_db()
    assert (question.state, question.entry_id) == ("answered", knowledge_site.entries.card.pk)
    # Someone without the role sees nothing of it.
    factories.login(admin_client, knowledge_site.people.author)
    factories.assert_admin_denied(admin_client.get(url))
