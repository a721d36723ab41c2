"""The 政府网站工作年度报表 (R31): rows (:mod:`.rows`), what the platform fills
(:mod:`.providers`), the report (:mod:`.report`), entries by hand (:mod:`.entries`), who may
(:mod:`.access`), the workbook (:mod:`.xlsx`)."""

from .providers import PROVIDERS, Figure, Year, computed_figures, provider
from .report import ReportLine, YearlyReport, report_year, yearly_report

__all__ = [
    "PROVIDERS",
    "Figure",
    "ReportLine",
    "Year",
    "YearlyReport",
    "computed_figures",
    "provider",
    "report_year",
    "yearly_report",
]
