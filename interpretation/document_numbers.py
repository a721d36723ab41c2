"""发文字号: the number an issuing office gives a document (GB/T 9704-2012, 7.2.4).

``渭政发〔2026〕12号``: the office's code, the year in hexagonal brackets 〔〕, the serial without
leading zeros, then 号. Decrees are numbered ``…令第12号``.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_CODE = r"(?P<code>[\u4e00-\u9fff]{1,20})"
_SERIAL = r"(?P<serial>[1-9][0-9]{0,4})"
_NUMBERED = re.compile(rf"^{_CODE}〔(?P<year>[0-9]{{4}})〕{_SERIAL}号$")
_DECREE = re.compile(rf"^{_CODE}第{_SERIAL}号$")
# Brackets people type instead of 〔〕.
_WRONG_BRACKETS = re.compile(r"[\[\]【】()（）〈〉《》{}［］〖〗]")

INVALID_NUMBER = _(
    "Write the document number as the issuing office's code, the year in 〔〕, the serial and "
    "号, e.g. 渭政发〔2026〕12号."
)
WRONG_BRACKETS = _("The year of a document number goes in hexagonal brackets 〔〕, e.g. 〔2026〕.")
LEADING_ZERO = _("The serial of a document number has no leading zeros (12号, not 012号).")
YEAR_OUT_OF_RANGE = _("The year of the document number is not plausible.")


@dataclass(frozen=True)
class DocumentNumber:
    code: str
    year: int | None
    serial: int


def parse_document_number(value: str) -> DocumentNumber:
    """The parts of ``value``, or a ValidationError saying what is wrong with it."""
    value = value.strip()
    match = _NUMBERED.match(value) or _DECREE.match(value)
    if match is None:
        if _WRONG_BRACKETS.search(value):
            raise ValidationError(WRONG_BRACKETS, code="brackets")
        if re.search(r"[〕第]0[0-9]+号$", value):
            raise ValidationError(LEADING_ZERO, code="leading_zero")
        raise ValidationError(INVALID_NUMBER, code="invalid")
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if year is not None and not 1949 <= year <= 2100:
        raise ValidationError(YEAR_OUT_OF_RANGE, code="year")
    return DocumentNumber(code=groups["code"], year=year, serial=int(groups["serial"]))


def validate_document_number(value: str) -> None:
    parse_document_number(value)
