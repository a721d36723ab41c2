"""Documents and interpretations, linked both ways in the public API (R9, R21)."""

import datetime

import pytest
from django.urls import reverse

from interpretation.models import PolicyDocumentPage
from publicapi import schemas
from tests import factories
from tests.publicapi.contract import assert_valid

from .conftest import document, interpretation

pytestmark = pytest.mark.django_db


def detail(client, site, page):
    response = client.get(f"/api/v1/sites/{site.pk}/pages/{page.pk}")
    assert response.status_code == 200, response.content[:300]
    assert_valid(response.content, schemas.PageDetail)  # every key documented in the OpenAPI
    return response.json()


def test_a_document_shows_its_metadata_and_index_number(client, policy_site):
    doc = document(policy_site)
    data = detail(client, policy_site.site, doc)
    assert data["type"] == "policy"
    assert data["issuing_office"] == "渭川区人民政府"
    assert data["document_number"] == "渭政发〔2026〕12号"
    assert data["written_on"] == "2026-03-02"
    assert data["formed_on"] == "2026-03-02"
    assert data["index_number"] == f"{policy_site.office.credit_code}/2026-00001"
    assert data["validity"]["label"] == "有效"
    assert data["validity"]["in_force"] is True
    assert data["interpretations"] == []


def test_index_numbers_are_serial_per_unit_and_year_and_never_change(client, policy_site):
    first = document(policy_site)
    second = document(policy_site, "第二份文件", document_number="渭政发〔2026〕13号")
    code = policy_site.office.credit_code
    assert detail(client, policy_site.site, second)["index_number"] == f"{code}/2026-00002"
    # A later publication of the first document keeps its number.
    factories.publish_reviewed(first.save_revision())
    assert detail(client, policy_site.site, first)["index_number"] == f"{code}/2026-00001"


def test_history_brought_over_keeps_its_publication_date_and_year(client, policy_site):
    """A document published on an older site in 2020 and brought over in 2026 (issue 19)."""
    old = document(
        policy_site,
        "渭川区人民政府办公室关于印发门户网站管理办法的通知",
        document_number="渭政办发〔2020〕19号",
        written_on=datetime.date(2020, 5, 12),
        published_on=datetime.date(2020, 5, 20),
    )
    data = detail(client, policy_site.site, old)
    assert data["published_on"] == "2020-05-20"
    assert data["index_number"] == f"{policy_site.office.credit_code}/2020-00001"
    # The year's serials are counted apart: this year's first document is still 00001.
    today = document(policy_site, "第二份文件", document_number="渭政发〔2026〕13号")
    code = policy_site.office.credit_code
    assert detail(client, policy_site.site, today)["index_number"] == f"{code}/2026-00001"


def test_links_show_both_ways_and_only_when_live(client, policy_site):
    doc = document(policy_site)
    reading = interpretation(policy_site, [doc])
    doc_data = detail(client, policy_site.site, doc)
    assert [item["id"] for item in doc_data["interpretations"]] == [reading.pk]
    assert doc_data["interpretations"][0]["form"]["label"] == "图解"
    reading_data = detail(client, policy_site.site, reading)
    assert [item["id"] for item in reading_data["documents"]] == [doc.pk]
    assert reading_data["documents"][0]["document_number"] == "渭政发〔2026〕12号"

    reading.unpublish()
    assert detail(client, policy_site.site, doc)["interpretations"] == []


def test_a_draft_interpretation_never_appears(client, policy_site):
    doc = document(policy_site)
    interpretation(policy_site, [doc], publish=False)
    assert detail(client, policy_site.site, doc)["interpretations"] == []


def test_an_interpretation_of_a_draft_document_shows_no_link(client, policy_site):
    draft = document(policy_site, publish=False)
    reading = interpretation(policy_site, [draft])
    assert detail(client, policy_site.site, reading)["documents"] == []
    factories.publish_reviewed(draft.get_latest_revision())
    assert [d["id"] for d in detail(client, policy_site.site, reading)["documents"]] == [draft.pk]


def test_one_interpretation_explains_several_documents(client, policy_site):
    a = document(policy_site, "文件甲", document_number="渭政发〔2026〕1号")
    b = document(policy_site, "文件乙", document_number="渭政发〔2026〕2号")
    reading = interpretation(policy_site, [a, b], form="press_conference", media_url="")
    assert [d["id"] for d in detail(client, policy_site.site, reading)["documents"]] == [a.pk, b.pk]
    assert [i["id"] for i in detail(client, policy_site.site, b)["interpretations"]] == [reading.pk]


def test_admin_offers_both_types_in_their_columns(client, policy_site):
    factories.login(client, policy_site.people.author)
    url = reverse("wagtailadmin_pages:add_subpage", args=[policy_site.policies.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "policydocumentpage" in response.content.decode()


def test_a_repealed_document_stays_readable_and_says_so_with_its_replacement(client, policy_site):
    old = document(policy_site, "旧办法", document_number="渭政发〔2026〕3号")
    reading = interpretation(policy_site, [old])
    new = document(policy_site, "新办法", document_number="渭政发〔2026〕9号")
    # Repealing is itself a change that goes through review: a new revision, cleared, published.
    old.validity = "repealed"
    old.validity_changed_on = new.written_on
    old.replaced_by = new
    factories.publish_reviewed(old.save_revision())

    data = detail(client, policy_site.site, old)
    assert data["validity"]["label"] == "废止"
    assert data["validity"]["in_force"] is False
    assert data["validity"]["changed_on"] == new.written_on.isoformat()
    assert data["validity"]["replaced_by"]["id"] == new.pk
    assert data["validity"]["replaced_by"]["title"] == "新办法"
    # Listings carry it too, and its interpretation is flagged the same way.
    response = client.get(f"/api/v1/sites/{policy_site.site.pk}/pages?type=policy")
    assert_valid(response.content, schemas.PageList)
    listing = response.json()
    row = next(item for item in listing["items"] if item["id"] == old.pk)
    assert row["validity"]["label"] == "废止"
    reading_data = detail(client, policy_site.site, reading)
    assert reading_data["documents_in_force"] is False
    assert reading_data["documents"][0]["validity"]["label"] == "废止"


def test_a_replacement_that_is_not_live_is_not_linked(client, policy_site):
    old = document(policy_site, "旧办法", document_number="渭政发〔2026〕3号")
    draft = document(policy_site, "新办法草稿", publish=False, document_number="渭政发〔2026〕9号")
    old.validity, old.validity_changed_on, old.replaced_by = "expired", old.written_on, draft
    factories.publish_reviewed(old.save_revision())
    assert detail(client, policy_site.site, old)["validity"]["replaced_by"] is None


def test_a_section_numbers_under_the_body_above_it(client, policy_site):
    section = factories.unit("政务公开科", parent=policy_site.office, kind="section")
    column = factories.column(policy_site.site.root_page, "科室文件", owner=section)
    page = factories.news(
        column,
        "科室起草的文件",
        page_class=PolicyDocumentPage,
        issuing_office="渭川区人民政府办公室",
        written_on=datetime.date(2026, 3, 2),
    )
    number = detail(client, policy_site.site, page)["index_number"]
    assert number.startswith(f"{policy_site.office.credit_code}/")
