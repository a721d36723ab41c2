"""The one place that decides whether an item may go live (R18: 先审后发).

Every way Wagtail makes a page live ends in saving the page with ``live=True`` and a
``live_revision`` (publish, scheduled publish, revert-and-publish, bulk actions, the v3 API,
copy or alias of a live page, fixtures, plain ORM saves). The gate runs on every save of a
content item, ``raw`` saves of fixtures included, and refuses unless the revision made live was
cleared by the whole review chain, with the same content. A live item's content cannot be
changed in place either. Structural pages (site homes, columns) are not information items and
are not reviewed.
"""

import json
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.models.pages import COMMENTS_RELATION_NAME

from cms.content.models import ContentItemPage
from cms.content.releases import release_of, reviewed_part, snapshot
from cms.content.timestamps import importing_history

from .dbguards import PUBLISH_LOG_ACTIONS
from .integrity import NO_REFERENCES, content_hash
from .models import Clearance

NOT_CLEARED = _(
    "Only content that has passed every stage of the review (三审三校) can go live; this was "
    "refused."
)

# Page fields Wagtail itself changes on a live page without changing what the public reads.
_BOOKKEEPING = {
    "id",
    "page_ptr_id",
    "path",
    "depth",
    "numchild",
    "url_path",
    "draft_title",
    "latest_revision_id",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by_id",
    "owner_id",
    "live",
    "live_revision_id",
    "first_published_at",
    "last_published_at",
    "go_live_at",
    "expire_at",
    "expired",
    "content_type_id",
    "translation_key",
    "locale_id",
    "alias_of_id",
}


ALREADY_PUBLISHED = _(
    "This version has already been published once since its review; to publish it again, "
    "submit it for review again."
)


ROW_NOT_REVISION = _(
    "A live item can only show what its reviewed version says; this change of the item itself "
    "was refused. Edit the item and submit it for review."
)


NO_ALIAS = _(
    "An information item cannot be aliased into another place; copy it and submit the copy for "
    "review instead."
)


SCHEDULE_NOT_CLEARED = _(
    "Only a version that has passed every stage of the review (三审三校) can be scheduled to go "
    "live; this was refused."
)


class NotCleared(PermissionDenied):
    pass


# Conditions other apps add to going live (e.g. 三同步 of policy documents, interpretation/):
# each takes the page about to go live and returns why it may not, or None.
_go_live_conditions: list[Callable[[Page], str | None]] = []


def add_go_live_condition(condition: Callable[[Page], str | None]):
    if condition not in _go_live_conditions:
        _go_live_conditions.append(condition)
    return condition


def _clearance_refusal(page, revision_id: int | None) -> str | None:
    """Why ``revision_id`` may not go live on ``page`` now, or None.

    Cleared by the whole chain with this content, and not gone live since the review that
    cleared it started: content taken down or replaced comes back only through review. The
    database guard (:mod:`editorial.dbguards`) says the same below every Python path;
    ``tests/editorial/test_one_rule.py`` puts every case to both. Change them together.
    """
    if revision_id is None or page.pk is None:
        return str(NOT_CLEARED)
    clearance = (
        Clearance.objects.filter(revision_id=revision_id, page_id=page.pk)
        .select_related("workflow_state")
        .first()
    )
    revision = Revision.objects.filter(pk=revision_id).first() if clearance else None
    if revision is None or content_hash(revision, _cleared_references(revision)) != (
        clearance.content_hash
    ):
        return str(NOT_CLEARED)
    if _differs_from_revision(page, revision):
        return str(ROW_NOT_REVISION)
    if clearance.workflow_state is not None and (
        PageLogEntry.objects.filter(
            page_id=page.pk,
            revision_id=revision_id,
            action__in=PUBLISH_LOG_ACTIONS,
            timestamp__gte=clearance.workflow_state.created_at,
        ).exists()
    ):
        return str(ALREADY_PUBLISHED)
    return None


def _cleared_references(revision) -> dict:
    """What the clearance of ``revision`` vouches for beyond its content: its release frozen at
    review; a clearance made before releases existed vouches for the content alone."""
    release = release_of(revision)
    return release.data if release is not None and release.frozen_at_review else NO_REFERENCES


# Names in a revision's content for what Wagtail keeps per page, not per revision.
_PAGE_WIDE = {"pk", "page_ptr", "owner", "locked_by", "latest_revision", "live_revision"} | {
    "content_type",
    "locale",
    "alias_of",
    COMMENTS_RELATION_NAME,
    "comments",
}


def shows_what_is_live(obj) -> bool:
    """``obj`` (a version of a live item) would show the public exactly what its live version
    shows: the same content, Wagtail's bookkeeping aside, and the same files and images of the
    library as the live release froze at review. Reviewing it again would review nothing new."""
    page = Page.objects.filter(pk=obj.pk).select_related("live_revision").first()
    if page is None or not page.live or page.live_revision is None:
        return False
    live = page.live_revision
    if _differs_from_revision(obj, live):
        return False
    return reviewed_part(snapshot(obj)) == reviewed_part(_cleared_references(live))


def _normal(data) -> dict:
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _differs_from_revision(page, revision, names=None) -> bool:
    """The row being saved says something its live revision does not: a title, a summary, a
    co-issuing unit, a linked document set on the row itself. (The public side is rendered from
    the revision whatever the row says; the row is what the admin and search read.)"""
    content = _normal(revision.content)
    row = _normal(page.serializable_data())
    # A generic ``Page`` saved live carries only the base fields: those are compared.
    keys = (set(content) & set(row)) - _BOOKKEEPING - _PAGE_WIDE
    if names is not None:  # a save of some fields only (Wagtail's drafts of a live page)
        keys &= set(names)
    return any(row.get(key) != content.get(key) for key in keys)


def _changed_content(page, stored: dict) -> bool:
    return any(
        getattr(page, name) != value for name, value in stored.items() if name not in _BOOKKEEPING
    )


def go_live_refusal(page, update_fields=None) -> str | None:
    """Why saving ``page`` as it is now would put unreviewed content live, or None.

    ``update_fields`` is what the save writes (Wagtail saves drafts of a live page with only
    its bookkeeping fields); by default, every field.
    """
    specific_class = page.specific_class or type(page)
    if not issubclass(specific_class, ContentItemPage) or importing_history():
        return None
    if page.pk is None and page.alias_of_id is not None:
        # An alias mirrors its source without review of its own; once the source passes review,
        # the alias could not follow it live, and would hold the source back.
        return str(NO_ALIAS)
    if not page.live:
        return None
    model = type(page)
    fields = model._meta.concrete_fields
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    names = [f.attname for f in fields]
    stored = model.objects.filter(pk=page.pk).values("pk", *names).first() if page.pk else None
    if stored is None:
        # A new row that is already live: a copy, an alias, a fixture or a plain create.
        return str(NOT_CLEARED)
    stored.pop("pk")
    going_live = ("live" in stored and not stored["live"]) or (
        "live_revision_id" in stored and stored["live_revision_id"] != page.live_revision_id
    )
    if going_live:
        refusal = _clearance_refusal(page, page.live_revision_id)
        if refusal:
            return refusal
        return next(filter(None, (condition(page) for condition in _go_live_conditions)), None)
    if _changed_content(page, stored):
        return str(NOT_CLEARED)
    live_revision = Revision.objects.filter(pk=page.live_revision_id).first()
    if live_revision is not None and _differs_from_revision(page, live_revision, update_fields):
        return str(ROW_NOT_REVISION)
    return None


def assert_may_go_live(page, update_fields=None) -> None:
    reason = go_live_refusal(page, update_fields)
    if reason:
        raise NotCleared(reason)


def schedule_refusal(revision) -> str | None:
    """Why ``revision`` may not be scheduled to go live, or None: only review schedules an item.

    Wagtail clears every other revision's schedule when it schedules one, so a schedule set on
    an unreviewed draft would also wipe the schedule of the version review cleared."""
    if revision.approved_go_live_at is None or importing_history():
        return None
    model = ContentType.objects.get_for_id(revision.content_type_id).model_class()
    if model is None or not issubclass(model, ContentItemPage):
        return None
    if revision.pk is None or not Clearance.objects.filter(revision_id=revision.pk).exists():
        return str(SCHEDULE_NOT_CLEARED)
    return None
