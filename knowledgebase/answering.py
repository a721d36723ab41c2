"""Automatic answers (智能问答, R25): a citizen's free question against the entries and guides the
public may read, each answer with a confidence.

A question is compared with every way an entry is asked — its standard question, its similar
phrasings, its keywords — and, more weakly, with its answer. Both sides are cut into words the
way the search cuts them (:mod:`search.segment`), folded (traditional to simplified, full-width
to half-width), stripped of question fillers (怎么, 吗, 在哪里 …), and each word of a synonym
entry (医保 = 医疗保险) is counted as one; character pairs are counted beside the words, so a
question still meets an entry when the segmenter cuts the two differently or a character is
mistyped. Weights are TF-IDF over the book, similarity the cosine: 1 is the same question.

The book is built from candidates given to it (the public rows, :mod:`publicapi.ask`): nothing
here reads a page or a draft, so nothing answers that review has not cleared.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from search.segment import query_words
from search.understanding import FILLERS, fold

# A word counts fully; a pair of characters inside a word, which catches what word cutting
# misses, less; a single character, which catches a mistyped one, least.
WORD_WEIGHT = 1.0
PAIR_WEIGHT = 0.8
CHAR_WEIGHT = 0.5
# How much of what the ways an entry is asked leave unmatched its answer text may fill.
ANSWER_SHARE = 0.3
# A guide answers a little below an entry of the same service: the entry is the answer, the
# guide the way to do it.
GUIDE_FACTOR = 0.92

# A word of the question that no entry holds weighs this much more than the rarest word that
# one does: a question about what the book does not cover (护照, 教师资格证) is less like any of
# its entries, and is refused rather than answered by the entry that shares its common words.
UNKNOWN_BOOST = 1.4
MAX_QUESTION = 500
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def _plain_words(text: str) -> list[str]:
    """The words of ``text``, folded and cut as the search cuts a query, fillers left out."""
    return [word for word in query_words(fold(text)) if word not in FILLERS]


def words_of(text: str, synonyms: dict[str, tuple[str, ...]]) -> list[str]:
    """The meaningful words of ``text``, a synonym entry's words as its first term."""
    return _with_synonyms(_plain_words(text), synonyms)


def _with_synonyms(words: list[str], synonyms: dict[str, tuple[str, ...]]) -> list[str]:
    found: list[str] = []
    position = 0
    while position < len(words):
        for size in (3, 2, 1):
            term = "".join(words[position : position + size])
            if size <= len(words) - position and term in synonyms:
                found.append(min(synonyms[term]))
                position += size
                break
        else:
            found.append(words[position])
            position += 1
    return found


def _pairs(words: list[str]) -> list[str]:
    runs = [run for word in words for run in _HAN_RUN.findall(word)]
    return [run[i : i + 2] for run in runs for i in range(len(run) - 1)]


def features(text: str, synonyms: dict[str, tuple[str, ...]]) -> Counter:
    """What a text is compared by: its words and its character pairs, weighted."""
    counts: Counter = Counter()
    plain = _plain_words(text)  # folded and cut once: the slow part, on every question
    for word in _with_synonyms(plain, synonyms):
        counts["w:" + word] += WORD_WEIGHT
    for pair in _pairs(plain):
        counts["p:" + pair] += PAIR_WEIGHT
    for char in _HAN_RUN.findall("".join(plain)):
        for one in char:
            counts["c:" + one] += CHAR_WEIGHT
    return counts


def is_question(text: str) -> bool:
    """Whether ``text`` has anything to answer: some Hanzi or a word of letters or digits."""
    return bool(_HAN.search(text or "")) or any(ch.isalnum() for ch in text or "")


@dataclass(frozen=True)
class Candidate:
    """An entry or guide as the public reads it."""

    page_id: int
    site_id: int
    kind: str
    title: str
    phrasings: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    text: str = ""


@dataclass(frozen=True)
class Answer:
    page_id: int
    site_id: int
    kind: str
    confidence: float


def _unit(weights: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(value * value for value in weights.values()))
    return {key: value / norm for key, value in weights.items()} if norm else {}


class AnswerBook:
    """The entries and guides of one scope (a site, or the platform), ready to be asked.

    Kept as postings (feature → the askings and answers holding it, with their weights), so a
    question costs the postings of its own few features, not a pass over every entry."""

    def __init__(self, candidates: Iterable[Candidate], synonyms: dict[str, tuple[str, ...]]):
        self.synonyms = synonyms
        self.candidates: list[Candidate] = []
        askings: list[tuple[int, Counter]] = []
        answers: list[Counter] = []
        frequency: Counter = Counter()
        for candidate in candidates:
            number = len(self.candidates)
            self.candidates.append(candidate)
            own = [features(candidate.title, synonyms)]
            own += [features(text, synonyms) for text in candidate.phrasings]
            if candidate.keywords:
                own.append(features(" ".join(candidate.keywords), synonyms))
            answer = features(candidate.text, synonyms) if candidate.text else Counter()
            askings += [(number, asking) for asking in own]
            answers.append(answer)
            frequency.update(set(answer).union(*own))
        size = len(self.candidates)
        self.idf = {key: math.log((1 + size) / (1 + count)) + 1 for key, count in frequency.items()}
        self._unknown_idf = UNKNOWN_BOOST * (math.log(1 + size) + 1)
        self._asking_of: list[int] = []
        self._askings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, asking in askings:
            for key, weight in self._weigh(asking).items():
                self._askings[key].append((len(self._asking_of), weight))
            self._asking_of.append(number)
        self._answers: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, answer in enumerate(answers):
            for key, weight in self._weigh(answer).items():
                self._answers[key].append((number, weight))

    def _weigh(self, counts: Counter) -> dict[str, float]:
        unknown = self._unknown_idf
        return _unit(
            {
                key: (1 + math.log(value)) * self.idf.get(key, unknown)
                for key, value in counts.items()
                if value > 0
            }
        )

    def __len__(self) -> int:
        return len(self.candidates)

    def ask(self, question: str, *, limit: int = 3) -> list[Answer]:
        """The best answers to ``question``, most confident first."""
        asked = self._weigh(features(question[:MAX_QUESTION], self.synonyms))
        closest: dict[int, float] = defaultdict(float)
        asking_dots: dict[int, float] = defaultdict(float)
        answer_dots: dict[int, float] = defaultdict(float)
        for key, weight in asked.items():
            for asking, other in self._askings.get(key, ()):
                asking_dots[asking] += weight * other
            for number, other in self._answers.get(key, ()):
                answer_dots[number] += weight * other
        for asking, dot in asking_dots.items():
            number = self._asking_of[asking]
            closest[number] = max(closest[number], dot)
        scored = []
        for number in closest.keys() | answer_dots.keys():
            candidate = self.candidates[number]
            # The answer's words can only fill what the askings leave: the entry's own
            # question is 1 whatever its answer says.
            near = closest.get(number, 0.0)
            score = near + ANSWER_SHARE * (1 - near) * answer_dots.get(number, 0.0)
            if candidate.kind == "guide":
                score *= GUIDE_FACTOR
            scored.append((score, candidate))
        scored.sort(key=lambda pair: (-pair[0], pair[1].page_id))
        return [
            Answer(candidate.page_id, candidate.site_id, candidate.kind, round(min(score, 1.0), 4))
            for score, candidate in scored[:limit]
        ]


# Below the first, no answer is given: the question is refused, the mailbox offered, and the
# question kept for curation; when the best answer reaches it, the next best are offered beside
# it down to the second. At or above the third, the search shows the answer above its results.
# The weights above and these were set on the development split of the evaluation set
# (bench/data/ask_dev.json), never on the judged set the figures are reported on.
ANSWER_THRESHOLD = 0.2
OFFERED_FLOOR = 0.1
DIRECT_ANSWER_THRESHOLD = 0.5
