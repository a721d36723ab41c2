"""Validation of identifiers carried by government units."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 18 characters from this alphabet (no I, O, S, V, Z), the last a check character.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_RE = re.compile(rf"^[{CREDIT_CODE_ALPHABET}]{{18}}$")

INVALID_CREDIT_CODE = _(
    "The unified social credit code must be 18 characters (digits and capital letters other "
    "than I, O, S, V, Z) with a valid check character."
)


def credit_code_check_character(first17: str) -> str:
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    if (
        not CREDIT_CODE_RE.match(value or "")
        or credit_code_check_character(value[:17]) != value[17]
    ):
        raise ValidationError(INVALID_CREDIT_CODE, code="invalid_credit_code")
