"""Filing and restoring in Wagtail's audit log (R22), shown in each page's history."""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

from .filing import FILE_ACTION, RESTORE_ACTION
from .models import ArchiveReason


def _reason_label(code: str | None) -> str:
    try:
        return str(ArchiveReason(code).label)
    except ValueError:
        return code or ""


class FileFormatter(LogFormatter):
    label = _("Archive")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if data.get("rule"):
            return _("Archived by rule %(rule)s: %(reason)s") % {
                "rule": data["rule"],
                "reason": _reason_label(data.get("reason")),
            }
        return _("Archived: %(reason)s") % {"reason": _reason_label(data.get("reason"))}

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("note", "")


class RestoreFormatter(LogFormatter):
    label = _("Restore from the archive")
    message = _("Restored from the archive")

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


FORMATTERS = {FILE_ACTION: FileFormatter, RESTORE_ACTION: RestoreFormatter}
