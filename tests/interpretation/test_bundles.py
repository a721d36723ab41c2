"""三同步 (R21): a wide-impact document goes live together with an interpretation, or not at all."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import Page

from editorial.integrity import content_hash
from editorial.models import Clearance
from editorial.publication import publish_cleared
from interpretation.bundles import WIDE_IMPACT_NEEDS_INTERPRETATION
from interpretation.models import HeldPublication
from publicapi.models import PublicPage
from tests import factories

from .conftest import document, interpretation

pytestmark = pytest.mark.django_db


def chain_completes(page):
    """What the last approval of 三审三校 does (editorial.services.finish_and_publish): clear the
    latest revision, then publish it with whatever must go live with it."""
    revision = page.get_latest_revision()
    Clearance.objects.create(
        revision=revision, page_id=page.pk, content_hash=content_hash(revision)
    )
    return publish_cleared(revision)


def live(page) -> bool:
    return Page.objects.get(pk=page.pk).live


def test_a_wide_impact_document_alone_is_held_not_published(policy_site):
    doc = document(policy_site, publish=False, wide_impact=True)
    assert chain_completes(doc) == []
    assert not live(doc)
    assert HeldPublication.objects.filter(page_id=doc.pk).exists()
    assert not PublicPage.objects.filter(page_id=doc.pk).exists()


def test_the_interpretation_approved_last_takes_the_held_document_live_with_it(client, policy_site):
    doc = document(policy_site, publish=False, wide_impact=True)
    chain_completes(doc)
    reading = interpretation(policy_site, [doc], publish=False)
    published = chain_completes(reading)
    assert [int(r.object_id) for r in published] == [reading.pk, doc.pk]
    assert live(doc) and live(reading)
    assert not HeldPublication.objects.exists()
    data = client.get(f"/api/v1/sites/{policy_site.site.pk}/pages/{doc.pk}").json()
    assert [i["id"] for i in data["interpretations"]] == [reading.pk]
    reading_data = client.get(f"/api/v1/sites/{policy_site.site.pk}/pages/{reading.pk}").json()
    assert [d["id"] for d in reading_data["documents"]] == [doc.pk]


def test_the_document_approved_last_takes_the_held_interpretation_live_with_it(policy_site):
    doc = document(policy_site, publish=False, wide_impact=True)
    reading = interpretation(policy_site, [doc], publish=False)
    assert chain_completes(reading) == []
    assert not live(reading)
    chain_completes(doc)
    assert live(doc) and live(reading)


def test_an_ordinary_document_goes_live_alone(policy_site):
    doc = document(policy_site, publish=False)
    chain_completes(doc)
    assert live(doc)


def test_no_path_puts_a_wide_impact_document_live_without_an_interpretation(policy_site):
    doc = document(policy_site, publish=False, wide_impact=True)
    # Cleared by the whole chain, then published directly: the gate still refuses.
    with pytest.raises(PermissionDenied) as refused:
        factories.publish_reviewed(doc.get_latest_revision())
    assert str(refused.value) == str(WIDE_IMPACT_NEEDS_INTERPRETATION)
    assert not live(doc)


def test_the_bundle_goes_live_whole_or_not_at_all(policy_site):
    doc = document(policy_site, publish=False, wide_impact=True)
    chain_completes(doc)
    # The document cannot get its index number: its publication fails inside the bundle.
    policy_site.office.credit_code = ""
    policy_site.office.save()
    reading = interpretation(policy_site, [doc], publish=False)
    with pytest.raises(Exception):  # noqa: B017 - whatever the failure, nothing is live
        chain_completes(reading)
    assert not live(reading) and not live(doc)
    assert not PublicPage.objects.filter(page_id__in=[doc.pk, reading.pk]).exists()


def test_the_admin_shows_held_bundles_and_documents_lacking_an_interpretation(client, policy_site):
    held = document(policy_site, "等待解读的文件", publish=False, wide_impact=True)
    chain_completes(held)
    document(policy_site, "尚无解读的文件", document_number="渭政发〔2026〕5号")
    explained = document(policy_site, "已有解读的文件", document_number="渭政发〔2026〕6号")
    interpretation(policy_site, [explained])
    factories.login(client, policy_site.people.chief)
    held_page = client.get("/admin/reports/held/").content.decode()
    assert "等待解读的文件" in held_page
    lacking = client.get("/admin/reports/uninterpreted/").content.decode()
    assert "尚无解读的文件" in lacking and "已有解读的文件" not in lacking
