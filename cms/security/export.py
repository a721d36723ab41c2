"""The security log as CSV for auditors: UTF-8 with a byte-order mark (what Excel on a Chinese
desktop needs to read it as UTF-8), Beijing time, the labels in the reader's language."""

import csv
import io

from django.utils import timezone

from .models import SecurityEvent


def header() -> list[str]:
    field = SecurityEvent._meta.get_field
    return [
        str(field(name).verbose_name)
        for name in (
            "occurred_at",
            "username",
            "kind",
            "outcome",
            "address",
            "user_agent",
            "actor",
            "detail",
        )
    ]


def csv_text(events) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(header())
    for event in events.iterator():
        writer.writerow(
            [
                f"{timezone.localtime(event.occurred_at):%Y-%m-%d %H:%M:%S}",
                _defuse(event.username),
                event.get_kind_display(),
                event.get_outcome_display(),
                event.address,
                _defuse(event.user_agent),
                _defuse(event.actor),
                _defuse(event.detail),
            ]
        )
    return out.getvalue()


def _defuse(text: str) -> str:
    """A typed name or a user agent is anyone's text: a leading = + - @ would be a formula to a
    spreadsheet, so it is quoted with an apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
