"""Reading, checking and importing a dictionary file of 错敏词 (CSV or JSON).

All or nothing: every row is checked first and one wrong row stops the whole import. Importing
the same file again changes nothing; a changed row updates its term. Terms that are not in the
file, and whether a term is switched on, stay as the platform has them.

Row numbers are those a spreadsheet shows: in a CSV file the header is row 1 and the first term
row 2; in a JSON file the first object of the list is row 1.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.messages import message
from cms.tabular import (
    NOT_UTF8_GBK,
    REQUIRED,
    TOO_LONG,
    Columns,
    RowError,
    TabularFileError,
    quoted,
    read_records,
)

from .choices import Severity, TermCategory
from .dictionary import dictionary_changed
from .models import CORRECTION_MAX_LENGTH, TERM_MAX_LENGTH, SensitiveTerm

COLUMNS = Columns(
    names=("term", "correction", "category", "severity", "note"),
    required=("term", "category", "severity"),
)
# The file as a whole cannot be read (encoding, syntax, header).
DictionaryFileError = TabularFileError
__all__ = ["NOT_UTF8_GBK", "REQUIRED", "DictionaryFileError", "RowError", "message"]
_IN_QUERY = 500  # terms per ``term__in`` lookup: below SQLite's limit of bound parameters

NO_TERMS = _("The file holds no terms.")
MULTILINE = _("A term must fit on one line.")
UNKNOWN_CATEGORY = _("Unknown category “%(value)s”; use one of %(choices)s.")
UNKNOWN_SEVERITY = _("Unknown severity “%(value)s”; use one of %(choices)s.")
DUPLICATE = _("“%(term)s” is already on row %(row)s.")
SAME_AS_TERM = _("The correction is the same as the term.")

# What people write in a spreadsheet besides the stored values.
CATEGORY_ALIASES = {
    "错词": TermCategory.WRONG,
    "错别字": TermCategory.WRONG,
    "不规范表述": TermCategory.NON_STANDARD,
    "不规范": TermCategory.NON_STANDARD,
    "敏感词": TermCategory.SENSITIVE,
    "政治性表述": TermCategory.POLITICAL,
    "政治表述": TermCategory.POLITICAL,
    "过时名称": TermCategory.OUTDATED,
    "过时表述": TermCategory.OUTDATED,
}
SEVERITY_ALIASES = {
    "警告": Severity.WARNING,
    "提示": Severity.WARNING,
    "阻断": Severity.BLOCKING,
    "拦截": Severity.BLOCKING,
    "禁止": Severity.BLOCKING,
}


@dataclass(frozen=True)
class TermRow:
    row: int
    term: str
    correction: str
    category: str
    severity: str
    note: str


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _choice(value: str, choices, aliases: dict) -> str | None:
    value = value.strip()
    if value in choices.values:
        return value
    if value in aliases:
        return aliases[value].value
    lowered = value.lower()
    for choice in choices:
        if lowered in {choice.value.lower(), str(choice.label).lower()}:
            return choice.value
    return None


def validate(records: list[tuple[int, dict]]) -> tuple[list[TermRow], list[RowError]]:
    rows, errors = [], []
    seen: dict[str, int] = {}
    for number, values in records:
        row_errors = []
        term = values.get("term", "").strip()
        correction = values.get("correction", "").strip()
        note = values.get("note", "").strip()
        if not term:
            row_errors.append(RowError(number, "term", REQUIRED))
        elif "\n" in term or "\r" in term:
            row_errors.append(RowError(number, "term", MULTILINE))
        elif len(term) > TERM_MAX_LENGTH:
            row_errors.append(
                RowError(number, "term", message(TOO_LONG, limit=TERM_MAX_LENGTH, length=len(term)))
            )
        elif term in seen:
            row_errors.append(
                RowError(number, "term", message(DUPLICATE, term=term, row=seen[term]))
            )
        else:
            seen[term] = number
        if len(correction) > CORRECTION_MAX_LENGTH:
            row_errors.append(
                RowError(
                    number,
                    "correction",
                    message(TOO_LONG, limit=CORRECTION_MAX_LENGTH, length=len(correction)),
                )
            )
        elif correction and correction == term:
            row_errors.append(RowError(number, "correction", SAME_AS_TERM))
        category = _choice(values.get("category", ""), TermCategory, CATEGORY_ALIASES)
        if not values.get("category", "").strip():
            row_errors.append(RowError(number, "category", REQUIRED))
        elif category is None:
            row_errors.append(
                RowError(
                    number,
                    "category",
                    message(
                        UNKNOWN_CATEGORY,
                        value=values["category"].strip(),
                        choices=quoted(TermCategory.values),
                    ),
                )
            )
        severity = _choice(values.get("severity", ""), Severity, SEVERITY_ALIASES)
        if not values.get("severity", "").strip():
            row_errors.append(RowError(number, "severity", REQUIRED))
        elif severity is None:
            row_errors.append(
                RowError(
                    number,
                    "severity",
                    message(
                        UNKNOWN_SEVERITY,
                        value=values["severity"].strip(),
                        choices=quoted(Severity.values),
                    ),
                )
            )
        if row_errors:
            errors.extend(row_errors)
        else:
            rows.append(TermRow(number, term, correction, category, severity, note))
    return rows, errors


def read_file(path: str | Path, file_format: str | None = None):
    """``(rows, errors)`` of a dictionary file; raises :class:`DictionaryFileError` if the file
    as a whole cannot be read."""
    records, errors = read_records(path, COLUMNS, file_format)
    rows, row_errors = validate(records)
    errors = sorted([*errors, *row_errors], key=lambda error: error.row)
    if not rows and not errors:
        raise DictionaryFileError(NO_TERMS)
    return rows, errors


def import_rows(rows: list[TermRow]) -> ImportResult:
    """Create or update the terms of checked ``rows``, in one transaction."""
    fields = ("correction", "category", "severity", "note")
    created, updated, unchanged = [], [], 0
    now = timezone.now()
    with transaction.atomic():
        existing = {}
        terms = [row.term for row in rows]
        for offset in range(0, len(terms), _IN_QUERY):
            chunk = terms[offset : offset + _IN_QUERY]
            existing.update(
                (term.term, term) for term in SensitiveTerm.objects.filter(term__in=chunk)
            )
        for row in rows:
            term = existing.get(row.term)
            if term is None:
                created.append(
                    SensitiveTerm(term=row.term, **{field: getattr(row, field) for field in fields})
                )
                continue
            if all(getattr(term, field) == getattr(row, field) for field in fields):
                unchanged += 1
                continue
            for field in fields:
                setattr(term, field, getattr(row, field))
            term.updated_at = now
            updated.append(term)
        SensitiveTerm.objects.bulk_create(created, batch_size=1000)
        SensitiveTerm.objects.bulk_update(updated, [*fields, "updated_at"], batch_size=1000)
        if created or updated:
            # Bulk writes send no signals: tell the matchers of every process.
            transaction.on_commit(dictionary_changed)
    return ImportResult(len(created), len(updated), unchanged)
