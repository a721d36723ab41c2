from .entries import KnowledgeEntryPage
from .guides import ServiceGuidePage
from .questions import AskedQuestion, EntryPopularity, QuestionState
from .topics import ServiceTopic

__all__ = [
    "AskedQuestion",
    "EntryPopularity",
    "KnowledgeEntryPage",
    "QuestionState",
    "ServiceGuidePage",
    "ServiceTopic",
]
