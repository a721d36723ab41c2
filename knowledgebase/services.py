"""What the automatic answers write: the questions they could not answer, grouped for curation,
and how often each entry is read and answers."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .answering import words_of
from .models import AskedQuestion, EntryPopularity, KnowledgeEntryPage, QuestionState

KEY_LENGTH = AskedQuestion._meta.get_field("topic_key").max_length
QUESTION_LENGTH = AskedQuestion._meta.get_field("question").max_length


def topic_key(question: str, synonyms: dict[str, tuple[str, ...]]) -> str:
    """The words of a question in a fixed order: 居住证怎么办 and 怎么办居住证 are one topic."""
    return " ".join(sorted(set(words_of(question, synonyms))))[:KEY_LENGTH]


def question_record_unanswered(
    *, question: str, site_id: int | None, synonyms: dict[str, tuple[str, ...]]
) -> AskedQuestion | None:
    """Count ``question`` under its topic (a new row the first time); None if it has no words."""
    key = topic_key(question, synonyms)
    if not key:
        return None
    rows = AskedQuestion.objects.filter(site_id=site_id, topic_key=key)
    if rows.update(count=F("count") + 1, last_asked_at=timezone.now()):
        return rows.first()
    try:
        with transaction.atomic():
            return AskedQuestion.objects.create(
                site_id=site_id, topic_key=key, question=question.strip()[:QUESTION_LENGTH]
            )
    except IntegrityError:  # asked at the same moment elsewhere: count it there
        rows.update(count=F("count") + 1, last_asked_at=timezone.now())
        return rows.first()


def question_resolve(*, question: AskedQuestion, entry: KnowledgeEntryPage | None) -> None:
    """Curation: an entry now answers the question, or (None) it is not for the knowledge base."""
    question.entry = entry
    question.state = QuestionState.ANSWERED if entry is not None else QuestionState.DISMISSED
    question.save(update_fields=["entry", "state"])


def _count(page_id: int, **changes) -> None:
    rows = EntryPopularity.objects.filter(page_id=page_id)
    updates = {name: F(name) + 1 for name in changes.pop("add")}
    if not rows.update(**updates, **changes):
        try:
            with transaction.atomic():
                EntryPopularity.objects.create(
                    page_id=page_id, **{name: 1 for name in updates}, **changes
                )
        except IntegrityError:
            rows.update(**updates, **changes)


def entry_record_match(*, page_id: int) -> None:
    _count(page_id, add=("matches",), last_matched_at=timezone.now())


def entry_record_view(*, page_id: int) -> None:
    _count(page_id, add=("views",))
