"""What an information officer meets in the admin when filing policy documents and
interpretations: bad input gets a clear Chinese message and saves nothing."""

import datetime

import pytest
from django.utils import timezone

from interpretation.document_numbers import INVALID_NUMBER, LEADING_ZERO, WRONG_BRACKETS
from interpretation.models import InterpretationPage, PolicyDocumentPage
from interpretation.models.documents import (
    NOT_IN_FUTURE,
    REPLACEMENT_CYCLE,
    REPLACEMENT_ONLY_WHEN_INVALID,
    VALIDITY_DATE_REQUIRED,
)
from interpretation.models.interpretations import DOCUMENT_REQUIRED, MEDIA_URL_REQUIRED
from tests import factories

from .conftest import document

pytestmark = pytest.mark.django_db


def _add_document(client, policy_site, **changes):
    factories.login(client, policy_site.people.author)
    url = f"/admin/pages/add/interpretation/policydocumentpage/{policy_site.policies.pk}/"
    data = factories.page_form(client, url)
    data.update(
        {
            "title": "渭川区人民政府关于印发就业促进办法的通知",
            "slug": "jiuye",
            "issuing_office": "渭川区人民政府",
            "document_number": "渭政发〔2026〕12号",
            "written_on": "2026-03-02",
            "source": "渭川区人民政府办公室",
            "validity": "valid",
            "importance": "ordinary",
        }
    )
    data.update(changes)
    return client.post(url, data)


def test_a_valid_document_is_saved_as_a_draft(client, policy_site):
    response = _add_document(client, policy_site)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = PolicyDocumentPage.objects.get(slug="jiuye")
    assert not page.live
    assert page.formed_on == datetime.date(2026, 3, 2)  # defaults to the date written


@pytest.mark.parametrize(
    "number, message",
    [
        ("渭政发[2026]12号", WRONG_BRACKETS),
        ("渭政发（2026）12号", WRONG_BRACKETS),
        ("渭政发〔2026〕012号", LEADING_ZERO),
        ("渭政发2026年12号", INVALID_NUMBER),
        ("12号", INVALID_NUMBER),
    ],
)
def test_an_invalid_document_number_is_refused_with_its_reason(
    client, policy_site, number, message
):
    response = _add_document(client, policy_site, document_number=number)
    assert response.status_code == 200
    factories.assert_shows(response, message)
    assert not PolicyDocumentPage.objects.exists()


def test_a_date_written_in_the_future_is_refused(client, policy_site):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = _add_document(client, policy_site, written_on=tomorrow.isoformat())
    assert response.status_code == 200
    factories.assert_shows(response, NOT_IN_FUTURE)
    assert not PolicyDocumentPage.objects.exists()


def test_a_validity_change_needs_its_date(client, policy_site):
    response = _add_document(client, policy_site, validity="repealed")
    factories.assert_shows(response, VALIDITY_DATE_REQUIRED)
    assert not PolicyDocumentPage.objects.exists()


def test_a_document_still_in_force_names_no_replacement(client, policy_site):
    other = document(policy_site, "旧办法")
    response = _add_document(client, policy_site, replaced_by=str(other.pk))
    factories.assert_shows(response, REPLACEMENT_ONLY_WHEN_INVALID)


def test_a_cycle_of_replacements_is_refused(client, policy_site):
    old = document(policy_site, "旧办法", document_number="渭政发〔2026〕3号")
    new = document(policy_site, "新办法", document_number="渭政发〔2026〕4号")
    # The new one was (wrongly) recorded as replaced by the old one ...
    new.validity, new.validity_changed_on, new.replaced_by = "revised", new.written_on, old
    new.save_revision()
    factories.publish_reviewed(new.get_latest_revision())
    # ... and now the old one is being marked replaced by the new one.
    factories.login(client, policy_site.people.author)
    url = f"/admin/pages/{old.pk}/edit/"
    data = factories.page_form(client, url)
    data.update(
        {"validity": "repealed", "validity_changed_on": "2026-03-05", "replaced_by": str(new.pk)}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    factories.assert_shows(response, REPLACEMENT_CYCLE)
    assert PolicyDocumentPage.objects.get(pk=old.pk).get_latest_revision().as_object().validity == (
        "valid"
    )


def _add_interpretation(client, policy_site, documents, **changes):
    factories.login(client, policy_site.people.author)
    url = f"/admin/pages/add/interpretation/interpretationpage/{policy_site.readings.pk}/"
    data = factories.page_form(client, url)
    data.update(
        {
            "title": "一图读懂就业促进办法",
            "slug": "yitududong",
            "form": "graphic",
            "interpreter": "渭川区人力资源和社会保障局",
            "interpreter_kind": "drafting_unit",
            "source": "渭川区人力资源和社会保障局",
            "importance": "ordinary",
            "interpreted_documents-TOTAL_FORMS": str(len(documents)),
            "interpreted_documents-INITIAL_FORMS": "0",
            "interpreted_documents-MIN_NUM_FORMS": "1",
            "interpreted_documents-MAX_NUM_FORMS": "1000",
        }
    )
    for number, doc_id in enumerate(documents):
        data[f"interpreted_documents-{number}-document"] = str(doc_id)
        data[f"interpreted_documents-{number}-ORDER"] = str(number + 1)
        data[f"interpreted_documents-{number}-DELETE"] = ""
        data[f"interpreted_documents-{number}-id"] = ""
    data.update(changes)
    return client.post(url, data)


def test_an_interpretation_links_to_its_documents(client, policy_site):
    doc = document(policy_site)
    response = _add_interpretation(client, policy_site, [doc.pk])
    assert response.status_code == 302, response.content.decode()[:3000]
    reading = InterpretationPage.objects.get(slug="yitududong")
    assert reading.document_ids() == [doc.pk]


def test_an_interpretation_without_a_document_is_refused(client, policy_site):
    response = _add_interpretation(client, policy_site, [])
    assert response.status_code == 200
    assert not InterpretationPage.objects.exists()


def test_an_interpretation_cannot_link_to_a_page_that_is_not_a_policy_document(client, policy_site):
    news = factories.news(policy_site.policies, "一条新闻")
    response = _add_interpretation(client, policy_site, [news.pk])
    assert response.status_code == 200
    assert not InterpretationPage.objects.exists()


def test_a_video_interpretation_needs_its_media(client, policy_site):
    doc = document(policy_site)
    response = _add_interpretation(client, policy_site, [doc.pk], form="video")
    factories.assert_shows(response, MEDIA_URL_REQUIRED)
    assert not InterpretationPage.objects.exists()


def test_the_document_required_message_is_chinese(policy_site):
    assert str(DOCUMENT_REQUIRED) == "请至少选择一份所解读的政策文件。"
