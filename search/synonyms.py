"""The synonym dictionary as data: read from a text file (one entry a line, its terms separated
by spaces or commas; ``#`` starts a comment), checked whole, then written in one transaction."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Synonym, entry_terms

# The starter dictionary of government terms a new platform (and the demo) imports.
STARTER = Path(__file__).parent / "data" / "synonyms.txt"
MAX_LENGTH = Synonym._meta.get_field("terms").max_length


@dataclass(frozen=True)
class Imported:
    created: int
    unchanged: int


class InvalidDictionary(ValueError):
    """What is wrong with the file, line by line; nothing was written."""


def parse(text: str) -> list[str]:
    """The entries of ``text``, each as stored (terms joined by a space)."""
    entries, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        terms = entry_terms(line)
        stored = " ".join(terms)
        if len(terms) < 2:
            problems.append(
                _("Line %(line)d: an entry needs two or more terms.") % {"line": number}
            )
        elif len(stored) > MAX_LENGTH:
            problems.append(
                _("Line %(line)d: longer than %(max)d characters.")
                % {"line": number, "max": MAX_LENGTH}
            )
        else:
            entries.append(stored)
    if problems:
        raise InvalidDictionary("\n".join(problems))
    return list(dict.fromkeys(entries))


@transaction.atomic
def import_entries(entries: list[str]) -> Imported:
    existing = set(Synonym.objects.filter(terms__in=entries).values_list("terms", flat=True))
    Synonym.objects.bulk_create(
        [Synonym(terms=terms) for terms in entries if terms not in existing]
    )
    return Imported(created=len(set(entries) - existing), unchanged=len(existing))
