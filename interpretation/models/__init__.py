from .calendar import DayKind, OfficialDay
from .disclosure import DisclosureDeadline, IndexNumber, IndexSerial
from .documents import NO_LONGER_VALID, PolicyDocumentPage, Validity
from .holds import HeldPublication
from .interpretations import (
    InterpretationForm,
    InterpretationPage,
    InterpretedDocument,
    InterpreterKind,
)
from .taxonomy import TopicCategory

__all__ = [
    "NO_LONGER_VALID",
    "DayKind",
    "DisclosureDeadline",
    "HeldPublication",
    "IndexNumber",
    "IndexSerial",
    "InterpretationForm",
    "InterpretationPage",
    "InterpretedDocument",
    "InterpreterKind",
    "OfficialDay",
    "PolicyDocumentPage",
    "TopicCategory",
    "Validity",
]
