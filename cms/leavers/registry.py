"""What a person can hold, as parts of a handover: the ground registers its own (roles, columns,
pages, page locks: :mod:`cms.leavers.parts`) and each domain registers its part from its app's
``ready()`` (``editorial/handover.py``, ``knowledgebase/mailbox/handover.py``), so that the ground
asks and never imports a domain.

A part says, in Chinese, what it is (``label``), how much of it a person holds now (``count``, for
the preview and for the refusal to deactivate a person who still holds work), and moves it
(``hand_over``, returning how many it moved). ``verify`` runs once every part has moved its share
and the account is inactive: it raises :class:`HandoverRefused` when something would now wait on
nobody, and the whole handover is undone. Parts run in ``order``, lowest first.
"""

from django.core.exceptions import ValidationError


class HandoverRefused(ValidationError):
    """The handover would leave something waiting on nobody; nothing was changed."""


class Part:
    key: str = ""
    label = ""
    order: int = 50

    def count(self, person) -> int:
        raise NotImplementedError

    def hand_over(self, person, successor, record) -> int:
        raise NotImplementedError

    def verify(self, person, successor, record) -> None:
        return None


_parts: dict[str, Part] = {}


def register(part: Part) -> None:
    if not part.key:
        raise ValueError("A handover part needs a key.")
    _parts[part.key] = part


def parts() -> list[Part]:
    return sorted(_parts.values(), key=lambda part: (part.order, part.key))


def part_named(key: str) -> Part | None:
    return _parts.get(key)
