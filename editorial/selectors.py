"""Reads of the review: whose turn it is.

:func:`review_queue` is the rule of :func:`editorial.rules.refusal` written as SQL, so that a
queue of any length costs the same few queries. ``rules.refusal`` stays the statement of the
rule (it decides each action); ``tests/editorial/test_queue.py`` checks that both give the same
answer for every in-progress stage of a mixed population.
"""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.db.models import Exists, F, IntegerField, OuterRef, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from wagtail.models import Page, Revision, Site, TaskState

from cms.content.models import ColumnPage
from cms.content.tree import ancestor_paths
from cms.organisation.models import RoleAssignment, Unit

from .models.records import APPLYING_STAGE, Clearance, Countersignature, ReviewTaskState
from .stages import REVIEW_STAGES, STAGE_ROLES, Stage


def reach_by_role(user) -> dict[str, frozenset[int]]:
    """For each role ``user`` holds, the units it reaches: those where it is held and every
    unit below them (as :func:`cms.organisation.access.units_in_reach` has it). Two queries
    however many units and roles."""
    held = list(RoleAssignment.objects.filter(user=user).values_list("role", "unit__path"))
    if not held:
        return {}
    below = reduce(or_, (Q(path__startswith=path) for path in {path for _, path in held}))
    reach: dict[str, set[int]] = defaultdict(set)
    for pk, path in Unit.objects.filter(below).values_list("pk", "path"):
        for role, held_path in held:
            if path.startswith(held_path):
                reach[role].add(pk)
    return {role: frozenset(units) for role, units in reach.items()}


def _reached(reach: dict[str, frozenset[int]], roles) -> list[int]:
    return sorted(set().union(*(reach.get(role, ()) for role in roles)))


def _countersign_pending(units: list[int]) -> Q:
    """The stage needs the consent of a co-issuing unit among ``units`` (as stored on the stage
    when it opened) that has not signed yet."""
    required = ReviewTaskState.co_issuing_units.through.objects.filter(
        reviewtaskstate=OuterRef("pk"), unit__in=units
    )
    signed = Countersignature.objects.filter(
        task_state=OuterRef(OuterRef("pk")), unit=OuterRef("unit")
    )
    return Exists(required.exclude(Exists(signed)))


def review_queue(user) -> QuerySet[ReviewTaskState]:
    """The stages waiting for ``user``'s decision, oldest first (a ``ReviewTaskState`` queryset).

    Exactly the in-progress stages for which ``rules.refusal(user, state)`` is None (the same
    rule in SQL; ``tests/editorial/test_queue.py`` checks both on a population holding every
    case — change them together):

    * the stage's roles, held in the unit that owns the item (stored on the stage when it
      opened) or a unit above it; for 会签, a co-issuing unit stored on the stage (read from
      the revision under review when it opened) the user may sign for that has not signed yet;
    * at a review stage, not an author of the item (page owner, submitter, author of the
      revision under review, or of any revision saved since the item's last clearance), and
      nobody who acted at another review stage of the same revision in the same workflow
      (approved it, or countersigned at 会签).

    The user's reach is read first (two queries); the queue is then one query, which the
    caller may filter, count and slice. Units reached are written into it as literals, so that
    the database can find the candidate stages through the index on (unit, stage).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return ReviewTaskState.objects.none()
    reach = reach_by_role(user)
    stages_by_units: dict[frozenset[int], list[str]] = defaultdict(list)
    for stage, roles in STAGE_ROLES.items():
        units = _reached(reach, roles)
        if units and stage != Stage.COUNTERSIGN:
            stages_by_units[frozenset(units)].append(stage)
    branches = [Q(stage__in=stages, unit__in=units) for units, stages in stages_by_units.items()]
    countersigners = _reached(reach, STAGE_ROLES[Stage.COUNTERSIGN])
    if countersigners:
        # Most items skip 会签 (no co-issuers); a skipped stage is never in progress.
        applies = Q(applying_stage=Stage.COUNTERSIGN)
        branches.append(applies & _countersign_pending(countersigners))
    if not branches:
        return ReviewTaskState.objects.none()

    page_id = Cast(OuterRef("workflow_state__object_id"), IntegerField())
    wrote_it = (
        Q(workflow_state__requested_by=user)
        | Exists(Revision.objects.filter(pk=OuterRef("revision_id"), user=user))
        | Exists(Page.objects.filter(pk=page_id, owner=user))
        | Exists(
            # Any revision of the item saved since its last clearance (or ever, if none):
            # no clearance of the page at or after the revision's creation. The page's few
            # revisions are found through Wagtail's index on (base_content_type, object_id).
            Revision.objects.filter(
                base_content_type=OuterRef("workflow_state__base_content_type"),
                object_id=OuterRef("workflow_state__object_id"),
                user=user,
            ).exclude(
                Exists(
                    Clearance.objects.filter(
                        page_id=Cast(
                            OuterRef(OuterRef("workflow_state__object_id")), IntegerField()
                        ),
                        cleared_at__gte=OuterRef("created_at"),
                    )
                )
            )
        )
    )
    approved_another_stage = Exists(
        ReviewTaskState.objects.filter(
            workflow_state=OuterRef("workflow_state"),
            revision=OuterRef("revision"),
            status=TaskState.STATUS_APPROVED,
            finished_by=user,
            stage__in=REVIEW_STAGES,
        ).exclude(stage=OuterRef("stage"))
    )
    # 会签 records every co-issuing unit's signer; only the last is the stage's finished_by.
    countersigned_it = ~Q(stage=Stage.COUNTERSIGN) & Exists(
        Countersignature.objects.filter(
            task_state__workflow_state=OuterRef("workflow_state"),
            task_state__revision=OuterRef("revision"),
            user=user,
        )
    )
    acted_at_another_stage = approved_another_stage | countersigned_it
    separated = ~Q(stage__in=REVIEW_STAGES) | ~(wrote_it | acted_at_another_stage)

    waiting = Q(status=TaskState.STATUS_IN_PROGRESS) & reduce(or_, branches) & separated
    return (
        ReviewTaskState.objects.alias(applying_stage=APPLYING_STAGE)
        .filter(waiting)
        .order_by("started_at", "pk")
    )


def review_queue_rows(pks: list[int]) -> list[ReviewTaskState]:
    """The stages ``pks`` (a page of :func:`review_queue`), in that order, with what a listing
    shows of each: the title and importance of the revision under review, who submitted the
    item (``workflow_state.requested_by``), and the item's ``page_id``, ``site_name`` and
    ``column_title``. Four queries for a page, whatever its length; read apart from the queue
    so that only the page's rows are read in full."""
    found = (
        ReviewTaskState.objects.filter(pk__in=pks)
        .select_related("workflow_state__requested_by__wagtail_userprofile")
        # What a decision reads (findings, checklist, opinions) is not listed.
        .defer("findings", "checklist", "opinion", "override_reason", "comment")
        .annotate(
            title=F("revision__object_str"),
            importance=KeyTextTransform("importance", "revision__content"),
        )
        .in_bulk()
    )
    states = [found[pk] for pk in pks if pk in found]
    page_ids = {int(state.workflow_state.object_id) for state in states}
    paths = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "path"))
    ancestors = {pk: ancestor_paths(Page(path=path)) for pk, path in paths.items()}
    wanted = {path for chain in ancestors.values() for path in chain}
    columns = dict(ColumnPage.objects.filter(path__in=wanted).values_list("path", "title"))
    sites = dict(
        Site.objects.filter(root_page__path__in=wanted)
        .order_by()
        .values_list("root_page__path", "site_name")
    )
    for state in states:
        state.page_id = int(state.workflow_state.object_id)
        chain = ancestors.get(state.page_id, [])
        state.column_title = next((columns[p] for p in reversed(chain) if p in columns), "")
        state.site_name = next((sites[p] for p in reversed(chain) if p in sites), "")
    return states


def task_states_user_can_moderate(task, user):
    """In-progress states of ``task`` that ``user`` may act on (a base ``TaskState`` queryset,
    as Wagtail ORs those of every task)."""
    return TaskState.objects.filter(pk__in=review_queue(user).filter(task=task).values("pk"))
