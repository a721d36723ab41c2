"""Reading a CSV or JSON file of records that people prepare in a spreadsheet, for imports.

The file as a whole is checked here (encoding, syntax, header); each importer checks its own
values. Row numbers are those a spreadsheet shows: in a CSV file the header is row 1 and the
first record row 2; in a JSON file (a list of objects) the first object is row 1.
"""

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from cms.messages import message

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
JSON_NOT_A_LIST = _("A JSON import file holds a list of objects.")
INVALID_CSV = _("The file is not valid CSV: %(error)s")
NO_HEADER = _("The file is empty: the first row must name the columns %(columns)s.")
MISSING_COLUMNS = _("The header row lacks the columns %(columns)s.")
UNKNOWN_COLUMNS = _("The header row has unknown columns %(columns)s; the columns are %(known)s.")
REQUIRED = _("This value is required.")
TOO_LONG = _("At most %(limit)s characters are allowed; this value has %(length)s.")
NOT_TEXT = _("Expected text, found %(found)s.")
NOT_AN_OBJECT = _("Each entry must be an object with the keys %(columns)s.")
UNKNOWN_KEY = _("Unknown field; the fields are %(known)s.")
EXTRA_CELLS = _("This row has more cells than the header row.")
ROW_ERROR = _("Row %(row)s, “%(field)s”: %(problem)s")


class TabularFileError(Exception):
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
class Columns:
    names: tuple[str, ...]
    required: tuple[str, ...]


Records = list[tuple[int, dict[str, str]]]


def quoted(values) -> str:
    return ", ".join(f"“{value}”" for value in values)


def decode(raw: bytes) -> str:
    """UTF-8 text, with or without a byte order mark."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            raise TabularFileError(message(NOT_UTF8, position=error.start)) from error
        raise TabularFileError(NOT_UTF8_GBK) from error


def detect_format(path: Path, text: str, columns: Columns) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix in {"csv", "json"}:
        return suffix
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "json"
    if stripped.split("\n", 1)[0].strip().lower().startswith(columns.names[0]):
        return "csv"
    raise TabularFileError(message(UNKNOWN_FORMAT, file=path.name))


def csv_records(text: str, columns: Columns) -> tuple[Records, list[RowError]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = list(reader)
    except csv.Error as error:
        raise TabularFileError(message(INVALID_CSV, error=error)) from error
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise TabularFileError(message(NO_HEADER, columns=quoted(columns.names)))
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [column for column in columns.required if column not in header]
    if missing:
        raise TabularFileError(message(MISSING_COLUMNS, columns=quoted(missing)))
    unknown = [column for column in header if column and column not in columns.names]
    if unknown:
        raise TabularFileError(
            message(UNKNOWN_COLUMNS, columns=quoted(unknown), known=quoted(columns.names))
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


def json_records(text: str, columns: Columns) -> tuple[Records, list[RowError]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise TabularFileError(
            message(INVALID_JSON, error=error.msg, line=error.lineno, column=error.colno)
        ) from error
    if not isinstance(data, list):
        raise TabularFileError(JSON_NOT_A_LIST)
    records, errors = [], []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            errors.append(
                RowError(number, "—", message(NOT_AN_OBJECT, columns=quoted(columns.names)))
            )
            continue
        unknown = [key for key in item if key not in columns.names]
        for key in unknown:
            errors.append(
                RowError(number, str(key), message(UNKNOWN_KEY, known=quoted(columns.names)))
            )
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


def read_records(
    path: str | Path, columns: Columns, file_format: str | None = None
) -> tuple[Records, list[RowError]]:
    """The records of a CSV or JSON file, and the errors of its rows' shape."""
    path = Path(path)
    text = decode(path.read_bytes())
    file_format = file_format or detect_format(path, text, columns)
    if file_format == "json":
        return json_records(text, columns)
    return csv_records(text, columns)


def checked_rows_for_command(read_file, path: Path, file_format: str | None, stderr):
    """What a management command imports: the checked rows of ``path``, or a ``CommandError``
    naming what is wrong (every row error written to ``stderr`` first). Nothing is written."""
    from django.core.management.base import CommandError
    from django.utils.translation import gettext, ngettext

    try:
        rows, errors = read_file(path, file_format)
    except OSError as error:
        raise CommandError(
            gettext("Cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
        ) from error
    except TabularFileError as error:
        raise CommandError(
            gettext("%(problem)s Nothing was imported.") % {"problem": error.problem}
        ) from error
    if errors:
        for error in errors:
            stderr.write(str(error))
        raise CommandError(
            ngettext(
                "%(count)d problem in %(file)s; nothing was imported.",
                "%(count)d problems in %(file)s; nothing was imported.",
                len(errors),
            )
            % {"count": len(errors), "file": path.name}
        )
    return rows
