"""``staffed_site``: a county site with one portal column owned by the district office, and a
person for every role."""

from types import SimpleNamespace

import pytest

from cms.organisation.models import Role, UnitKind
from tests import factories


@pytest.fixture
def staffed_site(db):
    government = factories.unit("某区人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("某区政府办公室", parent=government, kind=UnitKind.OFFICE)
    education = factories.unit("某区教育局", parent=government)
    health = factories.unit("某区卫生健康局", parent=government)
    other = factories.unit("某区财政局", parent=government)
    site = factories.site("某区人民政府", sponsor=office)
    people = SimpleNamespace(
        author=factories.user("author", unit=office, role=Role.INFO_OFFICER),
        officer=factories.user("officer", unit=office, role=Role.INFO_OFFICER),
        chief=factories.user("chief", unit=office, role=Role.SECTION_CHIEF),
        deputy=factories.user("deputy", unit=office, role=Role.DEPUTY_HEAD),
        principal=factories.user("principal", unit=office, role=Role.PRINCIPAL_HEAD),
        webmaster=factories.user("webmaster", unit=office, role=Role.SITE_ADMIN),
        outsider_chief=factories.user("outsider_chief", unit=other, role=Role.SECTION_CHIEF),
        education_head=factories.user("education_head", unit=education, role=Role.DEPUTY_HEAD),
        health_head=factories.user("health_head", unit=health, role=Role.DEPUTY_HEAD),
    )
    column = factories.column(site.root_page, "政务要闻", owner=office, slug="zwyw")
    return SimpleNamespace(
        site=site,
        office=office,
        education=education,
        health=health,
        column=column,
        people=people,
    )
