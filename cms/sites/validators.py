"""Formats of the identity codes every Chinese government website must display (R2)."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Digits are ASCII digits (re.ASCII): full-width look-alikes are not the registered code.
# 网站标识码: 10 characters — a 6-digit region code and a 4-digit serial, or "bm" plus 8 digits
# for State Council departments.
SITE_CODE_RE = re.compile(r"^(\d{10}|bm\d{8})$", re.ASCII)
# ICP备案号: 京ICP备05070602号, optionally with a site serial: 陕ICP备05004383号-1
ICP_RE = re.compile(r"^[\u4e00-\u9fff]ICP备\d{6,12}号(-\d{1,3})?$", re.ASCII)
# 公安机关备案号: 陕公网安备 61030202000123号 (14 digits; the space is optional)
PSB_RE = re.compile(r"^[\u4e00-\u9fff]公网安备\s?\d{14}号$", re.ASCII)
HOSTNAME_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
CHINESE_DOMAIN_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9-]{1,63}\.(政务|公益)$")

INVALID_SITE_CODE = _(
    'The website identifier code must be 10 digits (or "bm" followed by 8 digits).'
)
INVALID_ICP = _("The ICP filing number must look like 陕ICP备05004383号 or 陕ICP备05004383号-1.")
INVALID_PSB = _("The public security filing number must look like 陕公网安备 61030202000123号.")
INVALID_DOMAIN = _(
    "The English domain must be a host name under .gov.cn, such as www.example.gov.cn."
)
INVALID_CHINESE_DOMAIN = _(
    "The Chinese domain must end in .政务 or .公益, such as 渭滨区人民政府.政务."
)
INVALID_CONAC_URL = _(
    "The party and government website mark must link to the certificate on conac.cn over https."
)


def validate_site_code(value: str) -> None:
    if not SITE_CODE_RE.match(value or ""):
        raise ValidationError(INVALID_SITE_CODE, code="invalid_site_code")


def validate_icp_number(value: str) -> None:
    if not ICP_RE.match(value or ""):
        raise ValidationError(INVALID_ICP, code="invalid_icp")


def validate_psb_number(value: str) -> None:
    if not PSB_RE.match(value or ""):
        raise ValidationError(INVALID_PSB, code="invalid_psb")


def validate_gov_domain(value: str) -> None:
    host = (value or "").lower()
    labels = host.split(".")
    if (
        len(host) > 253
        or not host.endswith(".gov.cn")
        or not all(HOSTNAME_LABEL_RE.match(label) for label in labels)
    ):
        raise ValidationError(INVALID_DOMAIN, code="invalid_domain")


def validate_chinese_domain(value: str) -> None:
    if not CHINESE_DOMAIN_RE.match(value or ""):
        raise ValidationError(INVALID_CHINESE_DOMAIN, code="invalid_chinese_domain")


def validate_conac_url(value: str) -> None:
    parts = urlsplit(value or "")
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not (host == "conac.cn" or host.endswith(".conac.cn")):
        raise ValidationError(INVALID_CONAC_URL, code="invalid_conac_url")
