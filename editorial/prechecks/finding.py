"""What one check found in an item (a :class:`Finding`): the prechecks produce them; the review
chain (:mod:`editorial.findings`) decides what they block."""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from cms.messages import message

from .choices import FindingKind, Severity

__all__ = ["Finding", "message"]


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
