"""Reading, checking and importing a dictionary file of 错敏词 (CSV or JSON).

All or nothing: every row is checked first and one wrong row stops the whole import. Importing
the same file again changes nothing; a changed row updates its term. Terms that are not in the
file, and whether a term is switched on, stay as the platform has them.

Row numbers are those a spreadsheet shows: in a CSV file the header is row 1 and the first term
row 2; in a JSON file the first object of the list is row 1.
"""

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import Severity, TermCategory
from .findings import message
from .models import CORRECTION_MAX_LENGTH, TERM_MAX_LENGTH

COLUMNS = ("term", "correction", "category", "severity", "note")
REQUIRED_COLUMNS = ("term", "category", "severity")
_IN_QUERY = 500  # terms per ``term__in`` lookup: below SQLite's limit of bound parameters

NOT_UTF8 = _(
    "The file is not UTF-8 text: the byte at position %(position)s cannot be read. "
    "Save it as “CSV UTF-8” or convert it to UTF-8."
)
NOT_UTF8_GBK = _(
    "The file is not UTF-8 text: it looks like GBK (GB18030) text, as older versions of Excel "
    "save it. Save it as “CSV UTF-8” or convert it, for example with "
    "“iconv -f GB18030 -t UTF-8”."
)
UNKNOWN_FORMAT = _("Cannot tell whether %(file)s is CSV or JSON: name it .csv or .json.")
INVALID_JSON = _("The file is not valid JSON: %(error)s (line %(line)s, column %(column)s).")
JSON_NOT_A_LIST = _("A JSON dictionary file holds a list of objects.")
INVALID_CSV = _("The file is not valid CSV: %(error)s")
NO_HEADER = _("The file is empty: the first row must name the columns %(columns)s.")
MISSING_COLUMNS = _("The header row lacks the columns %(columns)s.")
UNKNOWN_COLUMNS = _("The header row has unknown columns %(columns)s; the columns are %(known)s.")
NO_TERMS = _("The file holds no terms.")

REQUIRED = _("This value is required.")
TOO_LONG = _("At most %(limit)s characters are allowed; this value has %(length)s.")
MULTILINE = _("A term must fit on one line.")
UNKNOWN_CATEGORY = _("Unknown category “%(value)s”; use one of %(choices)s.")
UNKNOWN_SEVERITY = _("Unknown severity “%(value)s”; use one of %(choices)s.")
DUPLICATE = _("“%(term)s” is already on row %(row)s.")
SAME_AS_TERM = _("The correction is the same as the term.")
NOT_TEXT = _("Expected text, found %(found)s.")
NOT_AN_OBJECT = _("Each entry must be an object with the keys %(columns)s.")
UNKNOWN_KEY = _("Unknown field; the fields are %(known)s.")
EXTRA_CELLS = _("This row has more cells than the header row.")
ROW_ERROR = _("Row %(row)s, “%(field)s”: %(problem)s")

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


class DictionaryFileError(Exception):
    """The file as a whole cannot be read (encoding, syntax, header)."""

    def __init__(self, problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    problem: object  # a (lazy) message

    def __str__(self) -> str:
        return str(message(ROW_ERROR, row=self.row, field=self.field, problem=self.problem))


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


def _quoted(values) -> str:
    return ", ".join(f"“{value}”" for value in values)


def decode(raw: bytes) -> str:
    """UTF-8 text, with or without a byte order mark."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            raise DictionaryFileError(message(NOT_UTF8, position=error.start)) from error
        raise DictionaryFileError(NOT_UTF8_GBK) from error


def detect_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in {"csv", "json"}:
        return suffix
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "json"
    if stripped.split("\n", 1)[0].strip().lower().startswith("term"):
        return "csv"
    raise DictionaryFileError(message(UNKNOWN_FORMAT, file=path.name))


def _csv_records(text: str) -> tuple[list[tuple[int, dict]], list[RowError]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise DictionaryFileError(message(INVALID_CSV, error=error)) from error
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise DictionaryFileError(message(NO_HEADER, columns=_quoted(COLUMNS)))
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise DictionaryFileError(message(MISSING_COLUMNS, columns=_quoted(missing)))
    unknown = [column for column in header if column and column not in COLUMNS]
    if unknown:
        raise DictionaryFileError(
            message(UNKNOWN_COLUMNS, columns=_quoted(unknown), known=_quoted(COLUMNS))
        )
    records, errors = [], []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # Spreadsheets leave empty rows behind.
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            errors.append(RowError(number, "—", EXTRA_CELLS))
            continue
        values = {name: cell for name, cell in zip(header, cells, strict=False) if name}
        records.append((number, values))
    return records, errors


def _json_records(text: str) -> tuple[list[tuple[int, dict]], list[RowError]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DictionaryFileError(
            message(INVALID_JSON, error=error.msg, line=error.lineno, column=error.colno)
        ) from error
    if not isinstance(data, list):
        raise DictionaryFileError(JSON_NOT_A_LIST)
    records, errors = [], []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            errors.append(RowError(number, "—", message(NOT_AN_OBJECT, columns=_quoted(COLUMNS))))
            continue
        unknown = [key for key in item if key not in COLUMNS]
        for key in unknown:
            errors.append(RowError(number, str(key), message(UNKNOWN_KEY, known=_quoted(COLUMNS))))
        if unknown:
            continue
        values, bad = {}, False
        for key, value in item.items():
            if value is None:
                value = ""
            if not isinstance(value, str):
                errors.append(RowError(number, key, message(NOT_TEXT, found=type(value).__name__)))
                bad = True
            values[key] = value
        if not bad:
            records.append((number, values))
    return records, errors


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
                        choices=_quoted(TermCategory.values),
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
                        choices=_quoted(Severity.values),
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
    path = Path(path)
    text = decode(path.read_bytes())
    file_format = file_format or detect_format(path, text)
    if file_format == "json":
        records, errors = _json_records(text)
    else:
        records, errors = _csv_records(text)
    rows, row_errors = validate(records)
    errors = sorted([*errors, *row_errors], key=lambda error: error.row)
    if not rows and not errors:
        raise DictionaryFileError(NO_TERMS)
    return rows, errors


def import_rows(rows: list[TermRow]) -> ImportResult:
    """Create or update the terms of checked ``rows``, in one transaction."""
    from .dictionary import dictionary_changed
    from .models import SensitiveTerm

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
