"""R2: a site's registered identity is refused when malformed, field by field, through the real
site settings form of the admin; a refused form changes nothing in the database."""

import pytest

from cms.sites import validators
from cms.sites.models import SiteIdentity
from tests import factories

VALID_CONAC = "https://bszs.conac.cn/sitename?method=show&id=0A1B2C3D4E5F"


@pytest.fixture
def platform(db, client):
    site = factories.site("渭滨区人民政府", hostname="www.weibin.gov.cn")
    factories.login(client, factories.superuser())
    return site


def _url(site) -> str:
    return f"/admin/settings/platform_sites/siteidentity/{site.pk}/"


def _stored(site) -> dict:
    return SiteIdentity.objects.filter(site=site).values().get()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("site_code", "61030200AB", validators.INVALID_SITE_CODE),
        ("site_code", "610302001", validators.INVALID_SITE_CODE),
        ("site_code", "bm1234567", validators.INVALID_SITE_CODE),
        ("icp_number", "ICP备05004383号", validators.INVALID_ICP),
        ("icp_number", "陕ICP备05004383", validators.INVALID_ICP),
        ("icp_number", "陕ICP证05004383号", validators.INVALID_ICP),
        ("psb_number", "陕公网安备 6103020200012号", validators.INVALID_PSB),
        ("psb_number", "陕公安备 61030202000123号", validators.INVALID_PSB),
        ("english_domain", "www.weibin.com", validators.INVALID_DOMAIN),
        ("english_domain", "www.-weibin-.gov.cn", validators.INVALID_DOMAIN),
        ("english_domain", "gov.cn", validators.INVALID_DOMAIN),
        ("conac_url", "https://conac.cn.example.com/cert", validators.INVALID_CONAC_URL),
        (
            "conac_url",
            "http://bszs.conac.cn/sitename?method=show&id=1",
            validators.INVALID_CONAC_URL,
        ),
        ("conac_url", "https://example.com/bszs.conac.cn", validators.INVALID_CONAC_URL),
        ("chinese_domain", "渭滨区人民政府.中国", validators.INVALID_CHINESE_DOMAIN),
    ],
)
def test_malformed_identity_is_refused_and_nothing_saved(client, platform, field, value, message):
    before = _stored(platform)
    data = factories.form_data(client.get(_url(platform)).content, containing="site_code")
    data[field] = value

    response = client.post(_url(platform), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [str(message)]
    factories.assert_shows(response, message)
    assert _stored(platform) == before


def test_every_malformed_field_is_named_at_once(client, platform):
    before = _stored(platform)
    data = factories.form_data(client.get(_url(platform)).content, containing="site_code")
    data.update(
        site_code="12345",
        icp_number="05004383",
        psb_number="61030202000123",
        english_domain="weibin.cn",
        conac_url="https://example.org/",
    )

    response = client.post(_url(platform), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["site_code"] == [str(validators.INVALID_SITE_CODE)]
    assert errors["icp_number"] == [str(validators.INVALID_ICP)]
    assert errors["psb_number"] == [str(validators.INVALID_PSB)]
    assert errors["english_domain"] == [str(validators.INVALID_DOMAIN)]
    assert errors["conac_url"] == [str(validators.INVALID_CONAC_URL)]
    assert _stored(platform) == before


def test_well_formed_identity_is_saved(client, platform):
    data = factories.form_data(client.get(_url(platform)).content, containing="site_code")
    data.update(
        site_code="bm61030201",
        icp_number="陕ICP备05004383号",
        psb_number="陕公网安备61030202000124号",
        english_domain="WWW.Weibin.gov.cn",
        conac_url=VALID_CONAC,
        chinese_domain="渭滨区人民政府.政务",
    )

    response = client.post(_url(platform), data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    stored = _stored(platform)
    assert stored["site_code"] == "bm61030201"
    assert stored["icp_number"] == "陕ICP备05004383号"
    assert stored["psb_number"] == "陕公网安备61030202000124号"
    assert stored["conac_url"] == VALID_CONAC
    assert stored["chinese_domain"] == "渭滨区人民政府.政务"


@pytest.mark.parametrize(
    ("validator", "value", "message"),
    [
        (validators.validate_site_code, "６１０３０２０００１", validators.INVALID_SITE_CODE),
        (validators.validate_icp_number, "陕ICP备05004383号-1234", validators.INVALID_ICP),
        (validators.validate_gov_domain, "a" * 250 + ".gov.cn", validators.INVALID_DOMAIN),
        (
            validators.validate_conac_url,
            "javascript:alert(1)//conac.cn",
            validators.INVALID_CONAC_URL,
        ),
    ],
)
def test_validators_refuse_lookalikes(validator, value, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        validator(value)
    assert refused.value.messages == [str(message)]
