"""Publication times are the system's record, never an editor's claim.

A back-dated publication date is a veto item in national checks. Wagtail sets
``first_published_at``/``last_published_at`` to "now" when it publishes; this guard refuses any
save that sets them to another time or changes a recorded first publication. Bulk imports of
historical content (the demo platform, a migration from an old CMS) declare themselves with
:func:`historical_import`.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

BACKDATED = _(
    "Publication times are recorded by the system when a page goes live; they cannot be set "
    "or changed by hand."
)
CLOCK_TOLERANCE = timedelta(minutes=5)
# Revisions store a page as JSON, where times keep only milliseconds (DjangoJSONEncoder); a page
# rebuilt from a revision carries its recorded times to that precision.
REVISION_PRECISION = timedelta(milliseconds=1)
_importing_history: ContextVar[bool] = ContextVar("importing_history", default=False)


@contextmanager
def historical_import():
    """Allow historical publication times while importing an existing archive."""
    token = _importing_history.set(True)
    try:
        yield
    finally:
        _importing_history.reset(token)


def importing_history() -> bool:
    """Whether the current code runs inside :func:`historical_import`."""
    return _importing_history.get()


def guard_publication_timestamps(page) -> None:
    if _importing_history.get():
        return
    from wagtail.models import Page

    stored = (
        Page.objects.filter(pk=page.pk).values("first_published_at", "last_published_at").first()
        if page.pk
        else None
    ) or {"first_published_at": None, "last_published_at": None}
    now = timezone.now()
    for field in ("first_published_at", "last_published_at"):
        new, old = getattr(page, field), stored[field]
        if new is not None and old is not None and abs(new - old) < REVISION_PRECISION:
            setattr(page, field, old)  # the recorded time, as read back from a revision
            continue
        if field == "first_published_at" and old is not None:
            raise ValidationError({field: BACKDATED}, code="backdated")
        if new is None:
            continue
        if abs(now - new) > CLOCK_TOLERANCE:
            raise ValidationError({field: BACKDATED}, code="backdated")
