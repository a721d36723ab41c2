"""The admin's report of broken links: a unit's staff see their units' failing links only, a
superuser every unit's; in Chinese, as the rest of the admin."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from cms.organisation.models import Role
from monitoring.links.checking import links_check
from monitoring.links.collection import links_collect
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
URL = "monitoring_links_broken"


def _checked(platform):
    links_collect(now=NOW)
    links_check(clock=lambda: NOW)


def test_a_unit_s_staff_see_their_units_broken_links_only(platform, client):
    _checked(platform)
    person = factories.user("jiaoyu_xxy", unit=platform.bureau, role=Role.SITE_ADMIN)
    factories.login(client, person)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    content = response.content.decode()
    assert "错断链" in content
    assert "招生通知" in content and platform.urls["missing"] in content
    assert "断链" in content
    # The office's page and its broken links are another unit's.
    assert "链接汇总" not in content
    assert platform.urls["broken"] not in content


def test_a_superuser_sees_every_unit(platform, client):
    _checked(platform)
    factories.login(client, factories.superuser())
    content = client.get(reverse(URL)).content.decode()
    assert "招生通知" in content and "链接汇总" in content
    assert platform.urls["slow"] in content and "超时" in content
    assert "指向已归档页面" in content
    # Working links are not listed.
    assert platform.urls["ok"] not in content


def test_staff_of_a_unit_without_broken_links_see_none(platform, client):
    _checked(platform)
    elsewhere = factories.unit("测试县农业农村局")
    factories.login(client, factories.user("nongye", unit=elsewhere, role=Role.SITE_ADMIN))
    response = client.get(reverse(URL))
    assert response.status_code == 200
    content = response.content.decode()
    assert platform.urls["missing"] not in content and "招生通知" not in content
