"""The yearly report as an XLSX workbook: one sheet per site and year, the rows of the HTML
page in the same order with the same figures (numbers as numbers, the rest as shown)."""

import io
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .report import YearlyReport

HEADINGS = (
    gettext_lazy("Item"),
    gettext_lazy("Sub-item"),
    gettext_lazy("Indicator"),
    gettext_lazy("Value"),
    gettext_lazy("Source"),
)
FIRST_LINE_ROW = 3  # the title, the headings, then the lines
FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")


def sheet_title(report: YearlyReport, taken: set[str]) -> str:
    """A sheet title Excel accepts (31 characters, none of []:*?/\\), unique in the book."""
    name = FORBIDDEN_IN_TITLE.sub("", report.site.site_name or report.site.hostname)
    suffix = f" {report.year}"
    title = name[: 31 - len(suffix)] + suffix
    number = 2
    while title in taken:
        extra = f" ({number})"
        title = name[: 31 - len(suffix) - len(extra)] + suffix + extra
        number += 1
    taken.add(title)
    return title


def cell_value(line) -> int | float | str:
    value = line.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return line.text


def workbook_bytes(reports: list[YearlyReport]) -> bytes:
    # openpyxl is imported when a workbook is made, not by every process that loads the admin.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for report in reports:
        sheet = book.create_sheet(sheet_title(report, taken))
        sheet.append([_("Government website yearly report (%(year)s)") % {"year": report.year}])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.append([str(heading) for heading in HEADINGS])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for line in report.lines:
            sheet.append(
                [
                    str(line.row.section.label),
                    str(line.row.group),
                    str(line.row.label),
                    cell_value(line),
                    str(line.source),
                ]
            )
        for column, width in zip("ABCDE", (22, 16, 44, 26, 60), strict=True):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=FIRST_LINE_ROW):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
