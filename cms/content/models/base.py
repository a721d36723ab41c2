from typing import Any, ClassVar

from wagtail.models import Page, WorkflowState

from .. import holds
from ..media import LibraryMedia
from ..timestamps import guard_publication_timestamps


class BasePage(Page):
    """What every page type of the platform shares.

    ``public_type`` names the type in the public API. ``public_summary`` and ``public_detail``
    give the type's own fields for listings and for the detail view; mixins extend them with
    ``super()``. The common envelope (site, column, breadcrumbs, times) is added by
    :mod:`publicapi.representation`, which renders all this once, when a page goes live.

    Each concrete page type names its permission tester, the unit-scoped one of
    :mod:`cms.content.models.columns` or a subclass: it reads columns, which are pages.
    """

    public_type: ClassVar[str] = "page"
    template = "content/preview.html"
    # A copy (the admin's "复制", Wagtail's copy action) starts a new draft: it never inherits the
    # original's publication record. Wagtail clears these on the copied row but not in the copied
    # revisions, whose latest becomes the copy's draft; excluded fields are cleared in both.
    exclude_fields_in_copy: ClassVar[list[str]] = [
        "first_published_at",
        "last_published_at",
        "live_revision",
    ]

    class Meta:
        abstract = True

    @classmethod
    def can_create_at(cls, parent) -> bool:
        """Wagtail's rule, and the column's own list of what it offers (``ColumnPage.accepts``):
        the admin offers in a column only the types that belong there."""
        accepts = getattr(parent.specific, "accepts", None)
        return super().can_create_at(parent) and (accepts is None or accepts(cls))

    def public_summary(self) -> dict[str, Any]:
        return {}

    def public_detail(self) -> dict[str, Any]:
        return self.public_summary()

    @property
    def public_media(self):
        """What ``public_summary`` and ``public_detail`` read files, images, snippet labels and
        rich text through: the renderer of the public side gives an item its release
        (:mod:`cms.content.media`); anything else reads the library as it is."""
        return getattr(self, "_public_media", None) or LibraryMedia()

    def get_template(self, request, *args, **kwargs):
        # Headless: the only rendering is the reviewers' proof preview, the same for every type
        # (Wagtail gives each page class a default ``template`` of its own: name this one).
        return BasePage.template

    def save(self, *args, **kwargs):
        guard_publication_timestamps(self)
        return super().save(*args, **kwargs)

    # A held page (cms.content.holds: filed, archive/) is read-only: Wagtail's editor shows it
    # locked, and no code path can give it a new revision.

    def get_lock(self):
        return holds.lock(self) or super().get_lock()

    @property
    def current_workflow_task(self):
        # Wagtail reads the task through the specific task state and then the specific task, two
        # queries per page of a listing (its rows ask for their lock); the task is the one the
        # base task state names, and its own fields are read only if asked for.
        state = self.current_workflow_state
        if state and state.status == WorkflowState.STATUS_IN_PROGRESS and state.current_task_state:
            return state.current_task_state.task.specific_deferred
        return None

    def save_revision(self, *args, **kwargs):
        holds.refuse_change(self)
        return super().save_revision(*args, **kwargs)
