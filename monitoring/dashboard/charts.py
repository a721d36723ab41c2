"""Charts drawn on the server as SVG: no script, nothing fetched from the internet."""

import datetime

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CELL = 11
GAP = 2


def _fill(count: int, late: bool) -> str:
    if count >= 5:
        return "#0b6e4f"
    if count >= 2:
        return "#2e9e6f"
    if count == 1:
        return "#8fd3b0"
    return "#e8a598" if late else "#e6e6e6"


def freshness_calendar(cells: list[tuple[datetime.date, int, bool]]) -> str:
    """A year as weeks of days (Monday at the top): green where items went live, red where the
    column was late, grey otherwise; each day names itself on hover.

    Every value drawn is a number, a colour of this module or an ISO date, escaped once as a
    whole label: a year is ~365 cells on every row of the page, and ``format_html`` per cell
    cost more than the rest of the page together."""
    if not cells:
        return ""
    overdue = _("%(day)s: overdue")
    offset = cells[0][0].weekday()
    parts = []
    for index, (day, count, late) in enumerate(cells):
        week, weekday = divmod(index + offset, 7)
        if count:
            label = ngettext("%(day)s: %(n)d item", "%(day)s: %(n)d items", count) % {
                "day": day.isoformat(),
                "n": count,
            }
        elif late:
            label = overdue % {"day": day.isoformat()}
        else:
            label = day.isoformat()
        parts.append(
            f'<rect x="{week * (CELL + GAP)}" y="{weekday * (CELL + GAP)}" width="{CELL}" '
            f'height="{CELL}" fill="{_fill(count, late)}"><title>{escape(label)}</title></rect>'
        )
    weeks = (len(cells) + offset + 6) // 7
    width = weeks * (CELL + GAP)
    height = 7 * (CELL + GAP)
    return format_html(
        '<svg class="freshness-calendar" role="img" viewBox="0 0 {} {}" width="{}" height="{}" '
        'aria-label="{}">{}</svg>',
        width,
        height,
        width,
        height,
        _("Updates over the past year"),
        mark_safe("".join(parts)),
    )


def standing_bar(counts: dict[str, int]) -> str:
    """How many sites pass, are at risk and fail, as one stacked bar."""
    total = sum(counts.values())
    if not total:
        return ""
    parts, x = [], 0.0
    for key, colour, label in (
        ("fail", "#c0392b", _("Fails")),
        ("at_risk", "#e6a23c", _("At risk")),
        ("pass", "#2e9e6f", _("Passes")),
    ):
        share = counts.get(key, 0) / total * 100
        if share:
            parts.append((f"{x:.2f}", f"{share:.2f}", colour, f"{label} {counts.get(key, 0)}"))
            x += share
    return format_html(
        '<svg class="standing-bar" role="img" viewBox="0 0 100 6" preserveAspectRatio="none" '
        'width="100%" height="18" aria-label="{}">{}</svg>',
        _("Sites by standing"),
        format_html_join(
            "", '<rect x="{}" y="0" width="{}" height="6" fill="{}"><title>{}</title></rect>', parts
        ),
    )
