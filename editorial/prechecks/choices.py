"""The closed vocabularies of the checks. Importable without a configured Django project."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    WARNING = "warning", _("Warning")
    BLOCKING = "blocking", _("Blocking")


class TermCategory(models.TextChoices):
    WRONG = "wrong", _("Wrong wording (错词)")
    NON_STANDARD = "non_standard", _("Non-standard wording (不规范表述)")
    SENSITIVE = "sensitive", _("Sensitive term (敏感词)")
    POLITICAL = "political", _("Political wording (政治性表述)")
    OUTDATED = "outdated", _("Outdated name (过时名称)")


class FindingKind(StrEnum):
    SENSITIVE_TERM = "sensitive_term"
    ID_NUMBER = "id_number"
    MOBILE_NUMBER = "mobile_number"
    BANK_CARD = "bank_card"
    HOME_ADDRESS = "home_address"
    COMMERCIAL_LINK = "commercial_link"
    FOREIGN_LINK = "foreign_link"
    REPRINT_SOURCE = "reprint_source"
    MAP_WITHOUT_APPROVAL = "map_without_approval"


PERSONAL_DATA_KINDS = frozenset(
    {
        FindingKind.ID_NUMBER,
        FindingKind.MOBILE_NUMBER,
        FindingKind.BANK_CARD,
        FindingKind.HOME_ADDRESS,
    }
)
