from types import SimpleNamespace

import pytest
from django.test import Client

from cms.organisation.models import Role, UnitKind
from tests import factories
from tests.publicapi.contract import PublicApi


@pytest.fixture
def api(client) -> PublicApi:
    return PublicApi(client)


@pytest.fixture
def admin_client() -> Client:
    return Client()


@pytest.fixture
def filing_site(db, django_capture_on_commit_callbacks):
    """A county site with a news column, a notices column and the people who run them."""
    government = factories.unit("渭川区人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("渭川区人民政府办公室", parent=government, kind=UnitKind.OFFICE)
    site = factories.site("渭川区人民政府", "www.weichuan.gov.cn", sponsor=office)
    people = SimpleNamespace(
        webmaster=factories.user("webmaster", unit=office, role=Role.SITE_ADMIN),
        author=factories.user("author", unit=office, role=Role.INFO_OFFICER),
        chief=factories.user("chief", unit=office, role=Role.SECTION_CHIEF),
        deputy=factories.user("deputy", unit=office, role=Role.DEPUTY_HEAD),
        outsider=factories.user("outsider", unit=factories.unit("别区"), role=Role.SITE_ADMIN),
        superuser=factories.superuser(),
    )
    # Columns reach the read model after the commit, as after an admin request.
    with django_capture_on_commit_callbacks(execute=True):
        news = factories.column(site.root_page, "工作动态", owner=office, slug="gzdt")
        notices = factories.column(
            site.root_page, "通知公告", owner=office, slug="tzgg", update_category="notice"
        )
    items = SimpleNamespace(
        old=factories.news(news, "二〇二〇年春耕动员会召开", owner=people.author),
        other=factories.news(news, "区政府召开常务会议", owner=people.author),
        notice=factories.news(notices, "关于春节放假的通知", owner=people.author),
    )
    return SimpleNamespace(
        site=site, office=office, people=people, news=news, notices=notices, items=items
    )
