"""A county with a platform office (the 政府办公室, which files new-media requests), a bureau
running accounts (its 网站管理员 and 主要负责人), another bureau, and the county's portal with a
通知公告 column staffed for review."""

from types import SimpleNamespace

import pytest

from cms.content.update_rules import UpdateCategory
from cms.organisation.models import Role, UnitKind
from newmedia.models import Account, AccountState, Platform
from tests import factories

ADD_URL = "/admin/snippets/newmedia/account/add/"


def edit_url(account) -> str:
    return f"/admin/snippets/newmedia/account/edit/{account.pk}/"


@pytest.fixture
def county(db):
    government = factories.unit("某县人民政府", kind=UnitKind.GOVERNMENT)
    office = factories.unit("某县政府办公室", parent=government, kind=UnitKind.OFFICE)
    bureau = factories.unit("某县气象局", parent=government)
    other = factories.unit("某县财政局", parent=government)
    site = factories.site("某县人民政府", sponsor=office)
    people = SimpleNamespace(
        # The platform office: website administrator of the county government, above both.
        office_admin=factories.user("office_admin", unit=government, role=Role.SITE_ADMIN),
        bureau_admin=factories.user("bureau_admin", unit=bureau, role=Role.SITE_ADMIN),
        bureau_head=factories.user("bureau_head", unit=bureau, role=Role.PRINCIPAL_HEAD),
        bureau_deputy=factories.user("bureau_deputy", unit=bureau, role=Role.DEPUTY_HEAD),
        other_admin=factories.user("other_admin", unit=other, role=Role.SITE_ADMIN),
        other_head=factories.user("other_head", unit=other, role=Role.PRINCIPAL_HEAD),
        # The portal's reviewers (三审三校) of the notices column.
        officer=factories.user("officer", unit=office, role=Role.INFO_OFFICER),
        chief=factories.user("chief", unit=office, role=Role.SECTION_CHIEF),
        deputy=factories.user("deputy", unit=office, role=Role.DEPUTY_HEAD),
        webmaster=factories.user("webmaster", unit=office, role=Role.SITE_ADMIN),
    )
    notices = factories.column(
        site.root_page,
        "通知公告",
        owner=office,
        slug="tzgg",
        update_category=UpdateCategory.NOTICE,
    )
    return SimpleNamespace(
        government=government,
        office=office,
        bureau=bureau,
        other=other,
        site=site,
        notices=notices,
        people=people,
    )


def make_account(unit, *, site=None, state=AccountState.RUNNING, **fields) -> Account:
    values = {
        "account_id": "gh_0001",
        "name": f"{unit.name}发布",
        "registered_on": "2026-03-01",
        "platform": Platform.WECHAT_SUBSCRIPTION,
        "verified": True,
        "supervising_unit": unit,
        "sponsor_unit": unit,
        "sponsor_leader": "王某",
        "sponsor_leader_post": "副局长",
        "sponsor_contact": "李某",
        "sponsor_phone": "0877-6000001",
        "sponsor_mobile": "13900000001",
        "sponsor_email": "office@example.gov.cn",
        "operator_unit": unit.name,
        "operator_leader": "赵某",
        "operator_leader_post": "办公室主任",
        "operator_phone": "0877-6000002",
        "operator_mobile": "13900000002",
        "introduction": "发布本单位政务信息。",
        "link": "https://mp.weixin.qq.com/example",
        "site": site,
        "state": state,
    }
    values.update(fields)
    return Account.objects.create(**values)
