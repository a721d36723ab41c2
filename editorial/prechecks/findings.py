from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise, lazy

from .choices import FindingKind, Severity


def _interpolate(msgid, params: dict[str, Any]) -> str:
    return str(msgid) % {key: str(value) for key, value in params.items()}


_lazy_interpolate = lazy(_interpolate, str)


def message(msgid: Promise | str, **params: Any) -> Promise:
    """``msgid % params`` rendered in the language active when the message is shown.

    ``gettext_lazy("…") % params`` would translate at once, in the language of the scan; a
    finding may be stored or shown to a reviewer with another language.
    """
    return _lazy_interpolate(msgid, params)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a reviewer must look at before an item may be published.

    ``start``/``end`` are offsets into the plain text of ``field`` (for rich text, the text of
    :func:`editorial.prechecks.text.html_to_text`); checks of the whole item (its reprint
    source, its cover image) have ``start == end == 0``.
    """

    kind: FindingKind
    field: str
    start: int
    end: int
    excerpt: str
    message: Promise | str
    severity: Severity
    suggestion: str = ""

    @property
    def is_blocking(self) -> bool:
        return self.severity == Severity.BLOCKING

    def as_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data, its message in the active language."""
        return {
            "kind": str(self.kind),
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "message": str(self.message),
            "severity": str(self.severity),
            "suggestion": self.suggestion,
        }
