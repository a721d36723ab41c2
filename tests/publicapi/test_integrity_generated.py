"""The bench and demo platform writer (``bench.builder``, ``cms.content.bulk``) writes rows
signed as the services sign them: a generated platform passes the tamper check untouched."""

import pytest

from bench.generate import generate_platform
from publicapi import integrity
from publicapi.models import PublicPage, PublicSite, TamperEvent
from publicapi.tamper import verify_publication

# serialized_rollback: as tests/bench/test_generate.py, the generator writes outside the ORM.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_generated_platform_verifies():
    generate_platform(sites=2, pages=120, seed=3)
    pages = PublicPage.objects.count()
    assert pages > 120 and PublicSite.objects.count() >= 2
    assert not PublicPage.objects.filter(signature="").exists()
    outcome = verify_publication()
    assert outcome.pages == pages and outcome.events == []
    assert not TamperEvent.objects.exists()
    key_id, _ = integrity.current_key()
    assert PublicPage.objects.filter(signature__startswith=key_id + ":").count() == pages
