"""What may hold a page read-only: the ground asks, the apps above answer.

A hold keeps a page online but out of everybody's hands: Wagtail's editor shows it locked, no
code path gives it a new revision, the permission tester refuses every change, and it no longer
counts as current content (in the public read model a filed page is in the archive, which
the monitoring's freshness ignores). The platform's only hold today is
filing (archive/, R22), registered by its app's ``ready()``; with none registered, no page is
held.
"""

from wagtail.locks import BaseLock
from wagtail.models import Page


class Hold:
    """One kind of hold, as an app above registers it with :func:`register`."""

    def is_held(self, page: Page) -> bool:
        raise NotImplementedError

    def holds_within(self, page: Page) -> bool:
        """``page`` or a page below it is held."""
        raise NotImplementedError

    def lock(self, page: Page) -> BaseLock | None:
        """The lock Wagtail's editor shows on a held page; None if not held."""
        raise NotImplementedError

    def refuse_change(self, page: Page) -> None:
        """Raise (a ``ValidationError``) if ``page`` is held."""
        raise NotImplementedError


_holds: list[Hold] = []


def register(hold: Hold) -> None:
    if hold not in _holds:
        _holds.append(hold)


def is_held(page: Page) -> bool:
    return any(hold.is_held(page) for hold in _holds)


def holds_within(page: Page) -> bool:
    """``page`` or a page below it is held."""
    return any(hold.holds_within(page) for hold in _holds)


def lock(page: Page) -> BaseLock | None:
    for hold in _holds:
        found = hold.lock(page)
        if found is not None:
            return found
    return None


def refuse_change(page: Page) -> None:
    for hold in _holds:
        hold.refuse_change(page)
