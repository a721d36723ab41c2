from cms.reasons import ReasonForm

from .filing import REASON_REQUIRED


class ArchiveReasonForm(ReasonForm):
    required_message = REASON_REQUIRED
