"""A site's yearly report for one year: every row in the official order, each with its value
and where the value comes from — computed from the platform's data, entered by hand (by whom,
when), or 待填报. The HTML page, the print page and the XLSX workbook all read this."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from cms.organisation.people import person_label

from ..models import YearlyReportEntry
from . import rows
from .providers import Year, computed_figures

ENTERED = _("Entered by hand by %(person)s on %(when)s.")
ENTERED_BY_NOBODY = _("Entered by hand on %(when)s.")
MANUAL = _("To be entered by hand: the platform holds no data for it.")


@dataclass(frozen=True)
class ReportLine:
    row: rows.Row
    value: int | float | bool | str | None  # None: 待填报
    computed: bool
    source: Promise | str
    stored: str = ""  # the value entered by hand, as kept

    @property
    def text(self) -> str:
        return rows.shown(self.value)

    @property
    def missing(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class YearlyReport:
    site: Site
    year: int
    lines: list[ReportLine]

    def line(self, key: str) -> ReportLine:
        return next(line for line in self.lines if line.row.key == key)

    def sections(self) -> list[tuple[rows.Section, list[ReportLine]]]:
        return [
            (section, [line for line in self.lines if line.row.section == section])
            for section in rows.SECTIONS
        ]

    @property
    def computed_keys(self) -> set[str]:
        return {line.row.key for line in self.lines if line.computed}


def _entered_note(entry: YearlyReportEntry) -> str:
    when = timezone.localtime(entry.entered_at).strftime("%Y-%m-%d %H:%M")
    if entry.entered_by is None:
        return ENTERED_BY_NOBODY % {"when": when}
    return ENTERED % {"person": person_label(entry.entered_by), "when": when}


def yearly_report(*, site: Site, year: int) -> YearlyReport:
    figures = computed_figures(site, Year(year))
    entries = {
        entry.key: entry
        for entry in YearlyReportEntry.objects.filter(site=site, year=year).select_related(
            "entered_by"
        )
    }
    lines = []
    for row in rows.ROWS:
        figure = figures.get(row.key)
        entry = entries.get(row.key)
        if figure is not None:
            lines.append(ReportLine(row, figure.value, True, figure.source))
        elif entry is not None:
            value = rows.typed_value(row, entry.value)
            lines.append(ReportLine(row, value, False, _entered_note(entry), entry.value))
        else:
            lines.append(ReportLine(row, None, False, MANUAL))
    return YearlyReport(site=site, year=year, lines=lines)


FIRST_YEAR = 2000
BAD_YEAR = _("Enter the year as a number from %(first)s to %(last)s.")


def report_year(text: str | None) -> int:
    """The year a request names: from 2000 to the current year (Asia/Shanghai), or a
    ValueError with the message to show."""
    last = timezone.localdate().year
    text = (text or "").strip()
    if text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= last:
        return int(text)
    raise ValueError(BAD_YEAR % {"first": FIRST_YEAR, "last": last})
