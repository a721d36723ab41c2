"""Benchmark "my review queue" (issue 3): 10,000 items in review on a platform of a million pages.

    .venv/bin/python -m bench.review_queue                    # 1,000,000 content pages
    .venv/bin/python -m bench.review_queue --pages 20000      # a quick run
    .venv/bin/python -m bench.review_queue --measure-only     # measure the last run's data again

One run, on PostgreSQL (``--database-url``, ``$BENCH_DATABASE_URL`` or the default below; the
database is dropped and created again):

1. the platform, by the existing generator (:mod:`bench.builder`);
2. a reviewer for every role in every unit, and ``--in-review`` items put in review, spread over
   the stages and the units, with the rows the review chain writes (:func:`put_in_review`);
3. ``VACUUM ANALYZE`` of the tables the queue reads;
4. the queue view measured as reviewers see it (:func:`measure_view`): a section chief of a
   county government with a big queue, a deputy head in charge serving many units, and a chief
   with nothing waiting; the first page and a deep page, one request after another; and, for
   scale, Wagtail's own account page for the same people (:func:`measure_floor`), and the page
   explorer's listing of the busiest column of the first, the column's explorer and Wagtail's
   own, interleaved (:func:`measure_listing`);
5. the same people's queue the stock way (:func:`per_row_queue`: ``rules.refusal`` evaluated in
   Python for every in-progress stage, as the selector did before, and as Wagtail's own
   ``GroupApprovalTask`` and dashboard panel do), and Wagtail's dashboard panel against the
   queue's panel that replaces it, on the same data;
6. the figures printed and written to ``bench/results/review_queue.{json,md}`` (``--results``
   names other files, e.g. ``review_queue-100k`` for a smaller run).

The requests go through Django's test client in the benchmark's own process: the whole stack
of a request (middleware, session and user, the view, Wagtail's admin templates, the
database) without a socket. Static files are served by plain storage, as in the test settings,
so that no ``collectstatic`` is needed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import statistics
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from .generate import RESULTS, _describe, open_database, write_results

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcms_queue_bench"
QUEUE_URL = "/admin/editorial/queue/"
FLOOR_URL = "/admin/account/"
TARGET_P95_MS = 150.0
# Requests of one way of listing a column in a row before the other's (measure_listing).
LISTING_ROUND = 10

# How the items in review spread over the stages: roughly how long each stage keeps items
# waiting. 会签 and 签发 apply only to co-issued and to major items (the others skip them).
STAGE_WEIGHTS = {
    "first_review": 24,
    "second_review": 20,
    "countersign": 40,
    "third_review": 15,
    "sign_off": 40,
    "first_proof": 12,
    "second_proof": 12,
    "third_proof": 11,
}
# Share of the items in review that belong to the busy county (the big queue's).
HOT_SHARE = 0.3


@dataclass
class Timing:
    """Latencies of one measured request, in milliseconds."""

    name: str
    person: str
    page: int
    queue_size: int
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    rows: int
    samples_ms: list[float] = field(default_factory=list, repr=False)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = max(0, math.ceil(share * len(ordered)) - 1)
    return ordered[index]


# --- The platform's people and items in review ---------------------------------------------------


def create_reviewers() -> dict[tuple[int, str], int]:
    """One person per role in every unit: the people who approved the earlier stages.

    Bulk-created: they never log in here, so they need no Wagtail groups (which a role
    assignment saved one by one derives, :mod:`cms.access.receivers`).
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from cms.organisation.models import Role, RoleAssignment, Unit

    user_model = get_user_model()
    units = list(Unit.objects.values_list("pk", flat=True))
    password = make_password(None)
    user_model.objects.bulk_create(
        [
            user_model(username=f"reviewer_{unit}_{role}", password=password, last_name=role)
            for unit in units
            for role in Role.values
        ],
        batch_size=2000,
    )
    people = dict(
        user_model.objects.filter(username__startswith="reviewer_").values_list("username", "pk")
    )
    by_role = {
        (unit, role): people[f"reviewer_{unit}_{role}"] for unit in units for role in Role.values
    }
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user_id=pk, unit_id=unit, role=role)
            for (unit, role), pk in by_role.items()
        ],
        batch_size=2000,
    )
    return by_role


@dataclass
class Candidate:
    page_id: int
    path: str
    owner_id: int
    revision_id: int
    content_type_id: int
    title: str
    unit_id: int = 0
    major: bool = False
    co_issuers: list[int] = field(default_factory=list)


def _sample_pages(count: int, *, inside: list[str], outside: list[str], seed: float) -> list[int]:
    """``count`` random content pages under the paths ``inside`` (anywhere if empty), none under
    ``outside``."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from .builder import ITEM_MODELS

    if count <= 0:
        return []
    types = [ContentType.objects.get_for_model(model).pk for model in ITEM_MODELS]
    where = ["content_type_id = ANY(%s)"]
    params: list = [types]
    if inside:
        where.append("path LIKE ANY(%s)")
        params.append([f"{path}%" for path in inside])
    if outside:
        where.append("NOT path LIKE ANY(%s)")
        params.append([f"{path}%" for path in outside])
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        cursor.execute(
            f"SELECT id FROM wagtailcore_page WHERE {' AND '.join(where)} "
            "ORDER BY random() LIMIT %s",
            [*params, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _candidates(page_ids: list[int]) -> list[Candidate]:
    from wagtail.models import Page

    from cms.content.models import ColumnPage
    from cms.content.treepaths import STEPLEN

    from .builder import ITEM_MODELS

    found: dict[int, Candidate] = {}
    for start in range(0, len(page_ids), 5000):
        chunk = page_ids[start : start + 5000]
        for row in Page.objects.filter(pk__in=chunk).values_list(
            "pk", "path", "owner_id", "latest_revision_id", "content_type_id", "title"
        ):
            found[row[0]] = Candidate(*row)
        for model in ITEM_MODELS:
            major = model.objects.filter(pk__in=chunk, importance="major")
            for pk in major.values_list("pk", flat=True):
                found[pk].major = True
            through = model.co_issuing_units.through
            column = f"{model._meta.model_name}_id"
            for pk, unit in through.objects.filter(**{f"{column}__in": chunk}).values_list(
                column, "unit_id"
            ):
                found[pk].co_issuers.append(unit)
    owners = dict(ColumnPage.objects.values_list("path", "responsible_unit_id"))
    for candidate in found.values():
        candidate.unit_id = owners[candidate.path[:-STEPLEN]]  # items sit right under a column
    return [found[pk] for pk in page_ids if pk in found]


def _stage_of(candidate: Candidate, rng: random.Random) -> str:
    stages = [
        stage
        for stage in STAGE_WEIGHTS
        if (stage != "countersign" or candidate.co_issuers)
        and (stage != "sign_off" or candidate.major)
    ]
    return rng.choices(stages, weights=[STAGE_WEIGHTS[s] for s in stages])[0]


@dataclass
class InReview:
    items: int
    task_states: int
    by_stage: dict[str, int]
    seconds: float


def put_in_review(
    candidates: list[Candidate], reviewers: dict[tuple[int, str], int], *, seed: int
) -> InReview:
    """Submit every candidate and move it on to a stage, writing the rows the chain writes.

    Per item, as the admin's "submit" and each approval leave them:

    * a new revision of the page (what was submitted), made its latest revision;
    * one ``WorkflowState`` of the 三审三校 workflow, in progress, requested by the item's
      author, whose current task state is the stage the item waits at;
    * one ``ReviewTaskState`` per stage reached, each as :func:`editorial.services.stage_start`
      writes it (workflow state, task, revision, stage, owning unit, co-issuing units of a
      会签 that applies, content hash, skip reason, status): the earlier stages approved by a
      person holding the stage's role in the owning unit (with checklist and opinion; 会签 with
      a ``Countersignature`` per co-issuing unit) or skipped where they do not apply; the stage
      reached in progress (a 会签 in progress has some co-issuing units' consent already).

    Rows go in with COPY (:mod:`cms.content.bulk.rows`); nothing else (notifications, audit
    log) runs.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page, Revision, TaskState, Workflow, WorkflowState

    from cms.content.bulk.rows import Table, bulk_session, reserve_ids
    from editorial.models import Countersignature, ReviewStageTask, ReviewTaskState
    from editorial.stages import STAGE_ORDER, STAGE_ROLES, skip_reason

    started = time.perf_counter()
    rng = random.Random(seed)
    now = timezone.now()
    workflow = Workflow.objects.get(workflow_pages__page__depth=1)
    tasks = {task.stage: task.pk for task in ReviewStageTask.objects.all()}
    page_ct = ContentType.objects.get_for_model(Page).pk
    state_ct = ContentType.objects.get_for_model(ReviewTaskState).pk
    answered = {"checked": True}
    first_revision = reserve_ids(Revision, len(candidates))
    first_workflow = reserve_ids(WorkflowState, len(candidates))
    plans = []
    for index, candidate in enumerate(candidates):
        stage = _stage_of(candidate, rng)
        reached = STAGE_ORDER[: STAGE_ORDER.index(stage) + 1]
        # Submitted up to 30 days ago, most of them recently; each stage took a few hours.
        submitted = now - timedelta(minutes=rng.expovariate(1 / (5 * 24 * 60)) % (30 * 24 * 60))
        plans.append((index, candidate, stage, reached, submitted))
    first_state = reserve_ids(TaskState, sum(len(plan[3]) for plan in plans))

    revisions: list[tuple[int, int, datetime]] = []
    workflow_table = Table.local(WorkflowState)
    state_table = Table.local(TaskState)
    review_table = Table.local(ReviewTaskState)
    signatures: list[Countersignature] = []
    co_issuing_through = ReviewTaskState.co_issuing_units.through
    co_issuing: list = []
    by_stage: dict[str, int] = {}
    next_state = first_state
    for index, candidate, stage, reached, submitted in plans:
        revision_id = first_revision + index
        workflow_state_id = first_workflow + index
        revisions.append((candidate.revision_id, revision_id, submitted))
        content_hash = hashlib.sha256(f"revision {revision_id}".encode()).hexdigest()
        at = submitted
        for step in reached:
            state_id = next_state
            next_state += 1
            opened = at
            in_progress = step == stage
            reason = skip_reason(step, _Facts(candidate)) or ""
            if not reason:
                at = opened + timedelta(minutes=rng.randint(20, 8 * 60))
            approver = None
            if step == "countersign" and not reason:
                # The stage holds the co-issuing units it needs; each consents once; one still
                # in progress has some of them.
                co_issuing.extend(
                    co_issuing_through(reviewtaskstate_id=state_id, unit_id=unit)
                    for unit in candidate.co_issuers
                )
                signed = candidate.co_issuers
                if in_progress:
                    signed = signed[: rng.randrange(len(signed))]
                for unit in signed:
                    signatures.append(
                        Countersignature(
                            task_state_id=state_id,
                            unit_id=unit,
                            user_id=reviewers[(unit, "deputy_head")],
                            opinion="同意。",
                            checklist=answered,
                            content_hash=content_hash,
                        )
                    )
                if not in_progress:
                    approver = reviewers[(signed[-1], "deputy_head")]
            elif not in_progress and not reason:
                approver = reviewers[(candidate.unit_id, sorted(STAGE_ROLES[step])[0])]
            status = (
                TaskState.STATUS_IN_PROGRESS
                if in_progress
                else TaskState.STATUS_SKIPPED
                if reason
                else TaskState.STATUS_APPROVED
            )
            state_table.add(
                {
                    "id": state_id,
                    "workflow_state_id": workflow_state_id,
                    "revision_id": revision_id,
                    "task_id": tasks[step],
                    "status": status,
                    "started_at": opened,
                    "finished_at": None if in_progress else (opened if reason else at),
                    "finished_by_id": approver,
                    "comment": "" if approver is None else "同意。",
                    "content_type_id": state_ct,
                }
            )
            review_table.add(
                {
                    "taskstate_ptr_id": state_id,
                    "stage": step,
                    "checklist": answered if approver else {},
                    "opinion": "同意。" if approver else "",
                    "content_hash": content_hash,
                    "skip_reason": reason,
                    "unit_id": candidate.unit_id,
                    "findings": [],
                    "override_reason": "",
                }
            )
        workflow_table.add(
            {
                "id": workflow_state_id,
                "content_type_id": candidate.content_type_id,
                "base_content_type_id": page_ct,
                "object_id": str(candidate.page_id),
                "workflow_id": workflow.pk,
                "status": WorkflowState.STATUS_IN_PROGRESS,
                "created_at": submitted,
                "requested_by_id": candidate.owner_id,
                "current_task_state_id": next_state - 1,
            }
        )
        by_stage[stage] = by_stage.get(stage, 0) + 1

    with bulk_session(), transaction.atomic():
        with connection.cursor() as cursor:
            # The submitted revision: the page's content as it was, saved again by its author.
            old, new, created = zip(*revisions, strict=True)
            cursor.execute(
                "INSERT INTO wagtailcore_revision (id, content_type_id, base_content_type_id, "
                "object_id, created_at, user_id, object_str, content, approved_go_live_at) "
                "SELECT t.new_id, r.content_type_id, r.base_content_type_id, r.object_id, "
                "t.created_at, r.user_id, r.object_str, r.content, NULL "
                "FROM unnest(%s::integer[], %s::integer[], %s::timestamptz[]) "
                "AS t(old_id, new_id, created_at) "
                "JOIN wagtailcore_revision r ON r.id = t.old_id",
                [list(old), list(new), list(created)],
            )
            cursor.execute(
                "UPDATE wagtailcore_page p SET latest_revision_id = t.new_id, "
                "latest_revision_created_at = t.created_at, has_unpublished_changes = true "
                "FROM unnest(%s::integer[], %s::integer[], %s::timestamptz[]) "
                "AS t(page_id, new_id, created_at) WHERE p.id = t.page_id",
                [[c.page_id for c in candidates], list(new), list(created)],
            )
        for table in (workflow_table, state_table, review_table):
            table.flush()
        co_issuing_through.objects.bulk_create(co_issuing, batch_size=2000)
        Countersignature.objects.bulk_create(signatures, batch_size=2000)
    return InReview(
        items=len(candidates),
        task_states=next_state - first_state,
        by_stage=dict(sorted(by_stage.items(), key=lambda kv: STAGE_ORDER.index(kv[0]))),
        seconds=time.perf_counter() - started,
    )


class _Facts:
    """What :func:`editorial.stages.skip_reason` reads of a page."""

    def __init__(self, candidate: Candidate):
        self.importance = "major" if candidate.major else "ordinary"
        self.co_issuing_units = _Units(candidate.co_issuers)


class _Units:
    def __init__(self, ids: list[int]):
        self._ids = ids

    def all(self):
        from types import SimpleNamespace

        return [SimpleNamespace(pk=pk) for pk in self._ids]


def vacuum_analyze() -> float:
    """The steady state autovacuum keeps a live database in, for the tables the queue reads:
    visibility maps set and fresh statistics. The revisions (a million, with their content)
    only get fresh statistics: the queue reads them by id and by author."""
    from django.db import connection

    started = time.perf_counter()
    tables = [
        "wagtailcore_taskstate",
        "editorial_reviewtaskstate",
        "wagtailcore_workflowstate",
        "editorial_countersignature",
        "wagtailcore_page",
        "organisation_unit",
        "organisation_roleassignment",
        "auth_user",
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(table)}")
        cursor.execute("ANALYZE wagtailcore_revision")
    return time.perf_counter() - started


# --- The people measured --------------------------------------------------------------------------


@dataclass
class Person:
    key: str
    label: str
    user: object
    units: int
    queue_size: int = 0


def measured_people(hot_government, deputy_units, quiet_unit) -> list[Person]:
    """Three reviewers, with their Wagtail groups derived as the admin does (they log in)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from cms.access.permissions import sync_user_groups
    from cms.organisation.models import Role, RoleAssignment

    user_model = get_user_model()

    def person(username, first_name, assignments):
        user = user_model.objects.create(
            username=username, password=make_password(None), first_name=first_name
        )
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=user, unit=unit, role=role) for unit, role in assignments]
        )
        sync_user_groups(user)
        return user

    chief = person("queue_chief", "科长", [(hot_government, Role.SECTION_CHIEF)])
    deputy = person(
        "queue_deputy",
        "分管负责人",
        [(hot_government, Role.DEPUTY_HEAD)] + [(u, Role.DEPUTY_HEAD) for u in deputy_units],
    )
    empty = person("queue_empty", "科长（空）", [(quiet_unit, Role.SECTION_CHIEF)])
    return [
        Person("chief", "section chief of a county government (big queue)", chief, 1),
        Person(
            "deputy",
            "deputy head in charge serving many units",
            deputy,
            1 + len(deputy_units),
        ),
        Person("empty", "section chief with nothing waiting", empty, 1),
    ]


# --- Measuring ------------------------------------------------------------------------------------


def per_row_queue(user):
    """The stock way: every in-progress stage read and judged by ``rules.refusal`` in Python
    (the selector before this issue; Wagtail's ``GroupApprovalTask`` and its dashboard panel
    evaluate task states the same way, row by row)."""
    from wagtail.models import TaskState

    from editorial import rules
    from editorial.models import ReviewTaskState

    candidates = ReviewTaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
    allowed = [
        state.pk
        for state in candidates.select_related("workflow_state", "revision")
        if rules.refusal(user, state) is None
    ]
    return ReviewTaskState.objects.filter(pk__in=allowed).order_by("started_at", "pk")


def _logged_in(person: Person):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(person.user)
    return client


def _timed_gets(client, url: str, who: str, *, requests: int, warmup: int):
    """``url`` requested ``requests`` times one after another, after ``warmup``: the latencies
    in milliseconds and the last response."""
    for _ in range(warmup):
        client.get(url)
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} as {who}: HTTP {response.status_code}")
    return samples, response


def measure_floor(people: list[Person], *, requests: int, warmup: int) -> list[dict]:
    """Wagtail's own account page for each person, measured the same way: what any admin page
    costs that person (session, permissions, the sidebar built from their groups)."""
    results = []
    for person in people:
        samples, _response = _timed_gets(
            _logged_in(person), FLOOR_URL, person.key, requests=requests, warmup=warmup
        )
        results.append(
            {
                "name": f"{person.key}_floor",
                "person": person.label,
                "p50_ms": statistics.median(samples),
                "p95_ms": _percentile(samples, 0.95),
                "max_ms": max(samples),
            }
        )
        print(
            f"  {person.key:10} Wagtail's account page  p50 {results[-1]['p50_ms']:6.1f} ms  "
            f"p95 {results[-1]['p95_ms']:6.1f} ms",
            flush=True,
        )
    return results


LISTING_TARGET_P95_MS = 200.0


def measure_listing(person: Person, *, requests: int, warmup: int) -> dict:
    """The page explorer's listing of the busiest column ``person`` works in, two ways, the
    requests interleaved in rounds of :data:`LISTING_ROUND` of each in turn (so that the shared
    machine's load hits both alike, and each way's garbage is mostly collected during its own
    requests, as in a worker serving only it): the column's explorer
    (:mod:`cms.content.explorer`: filters scoped to the column, no permission filter that cannot
    remove a row, the cells written out) and Wagtail's own explorer, as every listing was before
    (every owner and editor of the platform offered, the rows limited by one ``ancestor_of`` per
    page permission). Both ask the platform's permission tester about every row: its items in
    review come first, each row asking for its owner, its archive state and its workflow
    lock."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.admin.viewsets.pages import base_page_viewset, page_viewset_registry

    from cms.content.models import ColumnPage
    from cms.organisation.access import units_in_reach

    column = (
        ColumnPage.objects.filter(responsible_unit_id__in=units_in_reach(person.user))
        .order_by("-numchild", "pk")
        .first()
    )
    url = f"/admin/pages/{column.pk}/"
    client = _logged_in(person)
    # Wagtail's explorer for a column: the registry's entry for the column's children put back
    # to Wagtail's default viewset for the stock requests (the composition layer may).
    routes = page_viewset_registry.values_by_parent_model
    ours_viewset = routes[ColumnPage]
    ways = {"ours": ours_viewset, "stock": base_page_viewset}
    samples: dict[str, list[float]] = {key: [] for key in ways}
    queries: dict[str, int] = {}
    offered: dict[str, int] = {}
    try:
        for key, viewset in ways.items():
            routes[ColumnPage] = viewset
            for _ in range(warmup):
                client.get(url)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            queries[key] = len(captured)
            offered[key] = response.content.decode().count('type="checkbox"')
        for _ in range(math.ceil(requests / LISTING_ROUND)):
            for key, viewset in ways.items():
                routes[ColumnPage] = viewset
                for _ in range(min(LISTING_ROUND, requests - len(samples[key]))):
                    started = time.perf_counter()
                    response = client.get(url)
                    samples[key].append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise SystemExit(f"{url} as {person.key}: HTTP {response.status_code}")
    finally:
        routes[ColumnPage] = ours_viewset
    result = {
        "person": person.label,
        "column_items": column.numchild,
        "requests": requests,
        "target_p95_ms": LISTING_TARGET_P95_MS,
    }
    for key in ways:
        prefix = "" if key == "ours" else "stock_"
        result.update(
            {
                f"{prefix}p50_ms": statistics.median(samples[key]),
                f"{prefix}p95_ms": _percentile(samples[key], 0.95),
                f"{prefix}max_ms": max(samples[key]),
                f"{prefix}queries": queries[key],
                f"{prefix}checkboxes": offered[key],
            }
        )
        print(
            f"  {person.key:10} page explorer ({key:5}), a column of {column.numchild:,} items  "
            f"p50 {result[f'{prefix}p50_ms']:6.1f} ms  p95 {result[f'{prefix}p95_ms']:6.1f} ms  "
            f"{queries[key]} queries, {offered[key]} checkboxes",
            flush=True,
        )
    return result


def measure_view(people: list[Person], *, requests: int, warmup: int) -> list[Timing]:
    """Each person's first page and deepest page, ``requests`` times one after another."""
    import re

    from editorial.selectors import review_queue

    timings = []
    rows = re.compile(r'<div class="title-wrapper">')
    for person in people:
        person.queue_size = review_queue(person.user).count()
        client = _logged_in(person)
        pages = sorted({1, max(1, math.ceil(person.queue_size / 20))})
        for page in pages:
            url = f"{QUEUE_URL}?p={page}"
            samples, response = _timed_gets(
                client, url, person.key, requests=requests, warmup=warmup
            )
            shown = len(rows.findall(response.content.decode()))
            timing = Timing(
                name=f"{person.key}_p{page}",
                person=person.label,
                page=page,
                queue_size=person.queue_size,
                requests=requests,
                p50_ms=statistics.median(samples),
                p95_ms=_percentile(samples, 0.95),
                max_ms=max(samples),
                rows=shown,
                samples_ms=[round(s, 2) for s in samples],
            )
            timings.append(timing)
            print(
                f"  {timing.name:10} queue {timing.queue_size:5,}  page {page:3}  rows {shown:2}  "
                f"p50 {timing.p50_ms:6.1f} ms  p95 {timing.p95_ms:6.1f} ms  "
                f"max {timing.max_ms:6.1f} ms",
                flush=True,
            )
    return timings


def measure_stock(people: list[Person], *, runs: int) -> list[dict]:
    """The first page of each person's queue the stock way, on the same data, ``runs`` times."""
    from django.db import connection

    from editorial.selectors import review_queue

    results = []
    for person in people:
        samples, counted = [], []

        def count(execute, sql, params, many, context, counted=counted):
            counted.append(1)
            return execute(sql, params, many, context)

        for _ in range(runs):
            person.user.__dict__.pop("_units_in_reach", None)  # no warm cache across runs
            counted.clear()
            with connection.execute_wrapper(count):
                started = time.perf_counter()
                stock = list(per_row_queue(person.user)[:20])
                samples.append((time.perf_counter() - started) * 1000)
        queries = len(counted)
        ours = list(review_queue(person.user)[:20])
        if [s.pk for s in stock] != [s.pk for s in ours]:
            raise SystemExit(f"the stock way and the queue disagree for {person.key}")
        results.append(
            {
                "name": f"stock_{person.key}_p1",
                "person": person.label,
                "runs": runs,
                "p50_ms": statistics.median(samples),
                "max_ms": max(samples),
                "queries": queries,
            }
        )
        print(
            f"  stock {person.key:8} first page  {statistics.median(samples):9.0f} ms "
            f"(max {max(samples):.0f} ms, {queries:,} queries); same rows as the queue",
            flush=True,
        )
    return results


def measure_dashboard_panels(people: list[Person], *, runs: int) -> list[dict]:
    """The dashboard's "awaiting your review" panel rendered for each person: Wagtail's own
    (every waiting stage read and rendered, with its actions and its workflow's tasks looked
    up row by row) against the queue's panel (editorial.queue_hooks), ``runs`` times each."""
    from django.middleware.csrf import get_token
    from django.test import RequestFactory
    from wagtail.admin.views.home import WorkflowObjectsToModeratePanel

    from editorial.queue_hooks import ReviewQueuePanel

    results = []
    for person in people:
        request = RequestFactory().get("/admin/", HTTP_HOST="127.0.0.1")
        request.user = person.user
        context = {"request": request, "csrf_token": get_token(request)}
        row = {"name": f"dashboard_{person.key}", "person": person.label, "runs": runs}
        for key, panel in (
            ("stock", WorkflowObjectsToModeratePanel()),
            ("ours", ReviewQueuePanel()),
        ):
            samples = []
            for _ in range(runs if key == "stock" else max(runs, 10)):
                started = time.perf_counter()
                panel.render_html(context)
                samples.append((time.perf_counter() - started) * 1000)
            row[f"{key}_p50_ms"] = statistics.median(samples)
            row[f"{key}_max_ms"] = max(samples)
        results.append(row)
        print(
            f"  dashboard {person.key:8} Wagtail's panel {row['stock_p50_ms']:9.0f} ms, "
            f"the queue's panel {row['ours_p50_ms']:6.1f} ms",
            flush=True,
        )
    return results


def measure_selector(people: list[Person], *, runs: int = 20) -> list[dict]:
    """The queue's own reads for a first page, without the view: the person's reach, the
    queue's ids in order, the page's rows (what the view reads)."""
    from editorial.selectors import review_queue, review_queue_rows

    results = []
    for person in people:
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            ids = list(review_queue(person.user).values_list("pk", flat=True))
            review_queue_rows(ids[:20])
            samples.append((time.perf_counter() - started) * 1000)
        results.append(
            {
                "name": f"selector_{person.key}_p1",
                "person": person.label,
                "runs": runs,
                "p50_ms": statistics.median(samples),
                "max_ms": max(samples),
            }
        )
    return results


def query_plans(person: Person) -> dict[str, str]:
    """``EXPLAIN ANALYZE`` of the queue's one query (its ids, in order) for ``person``."""
    from django.db import connection

    from editorial.selectors import review_queue

    sql, params = review_queue(person.user).values_list("pk", flat=True).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return {"queue": "\n".join(row[0] for row in cursor.fetchall())}


# --- Report ---------------------------------------------------------------------------------------


def markdown(results: dict) -> str:
    gen = results["generation"]
    review = results["in_review"]
    lines = [
        f"Run {results['date']} on {results['machine']['cores']} cores "
        f"({results['machine']['cpu']}), {results['database']}; {gen['content_pages']:,} content "
        f"pages in {gen['sites']} sites; {review['items']:,} items in review "
        f"({review['task_states']:,} review records), "
        + ", ".join(f"{stage} {n:,}" for stage, n in review["by_stage"].items())
        + ".",
        "",
        "The queue view (`/admin/editorial/queue/`), one request after another, "
        f"{results['requests']} requests per row after {results['warmup']} to warm up "
        f"(machine load average {results['load_average']['before'][0]:.1f} before, "
        f"{results['load_average']['after'][0]:.1f} after: the machine is shared):",
        "",
        "| who | queue | page | p50 ms | p95 ms | max ms |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in results["view"]:
        lines.append(
            f"| {row['person']} | {row['queue_size']:,} | {row['page']} | {row['p50_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {row['max_ms']:.1f} |"
        )
    lines += [
        "",
        f"For scale, Wagtail's own account page (`{FLOOR_URL}`) for the same people, measured "
        "the same way: what any admin page costs each of them (session, permissions, the "
        "sidebar built from their groups):",
        "",
        "| who | p50 ms | p95 ms | max ms |",
        "| --- | --- | --- | --- |",
    ]
    for row in results["floor"]:
        lines.append(
            f"| {row['person']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['max_ms']:.1f} |"
        )
    listing = results.get("listing")
    if listing:
        floor = results["floor"][0]["p50_ms"]
        lines += [
            "",
            "The page explorer (`/admin/pages/<column>/`, 50 rows) of the busiest column the "
            f"{listing['person']} works in ({listing['column_items']:,} items, the latest — those "
            f"in review — first), {listing['requests']} requests each, the two ways interleaved "
            f"in rounds of {LISTING_ROUND}: "
            "the column's explorer (`cms/content/explorer.py`: filters scoped to the column, no "
            "permission filter that cannot remove a row, one permission tester and one read of "
            "the site root paths for the rows, the cells written out by "
            "`cms/content/explorer_rows.py`) and Wagtail's own, as before. The process settles "
            "first as a server's does (`cms/process.py`: what it holds is frozen out of the "
            "collector's full passes):",
            "",
            "| explorer | p50 ms | p95 ms | max ms | queries | filter checkboxes | p50 / account "
            "page |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for label, prefix in (("the column's", ""), ("Wagtail's", "stock_")):
            if f"{prefix}p50_ms" not in listing:
                continue
            lines.append(
                f"| {label} | {listing[f'{prefix}p50_ms']:.1f} | {listing[f'{prefix}p95_ms']:.1f} "
                f"| {listing[f'{prefix}max_ms']:.1f} | {listing[f'{prefix}queries']} | "
                f"{listing.get(f'{prefix}checkboxes', '')} | "
                f"{listing[f'{prefix}p50_ms'] / floor:.1f}× |"
            )
        if "stock_p50_ms" in listing:
            target = listing.get("target_p95_ms", LISTING_TARGET_P95_MS)
            lines += [
                "",
                f"The column's explorer at p50 {listing['stock_p50_ms'] / listing['p50_ms']:.1f}× "
                f"faster than Wagtail's; p95 {listing['p95_ms']:.1f} ms against the target of "
                f"{target:.0f} ms: {'met' if listing['p95_ms'] < target else 'NOT met'}.",
            ]
    worst = max(row["p95_ms"] for row in results["view"])
    lines += [
        "",
        f"Worst p95 {worst:.1f} ms against the target of {TARGET_P95_MS:.0f} ms: "
        f"{'met' if worst < TARGET_P95_MS else 'NOT met'}.",
    ]
    if results["stock"]:
        lines += [
            "",
            "The first page of the same queues the stock way (every in-progress stage judged "
            "by `rules.refusal` in Python) against the queue's own reads (reach, ids in order, "
            "the page's rows), both without the view:",
            "",
            "| who | stock p50 ms | stock queries | queue reads p50 ms | ratio |",
            "| --- | --- | --- | --- | --- |",
        ]
        selector = {row["person"]: row for row in results["selector"]}
        for row in results["stock"]:
            ours = selector[row["person"]]
            lines.append(
                f"| {row['person']} | {row['p50_ms']:,.0f} | {row['queries']:,} | "
                f"{ours['p50_ms']:.1f} | {row['p50_ms'] / ours['p50_ms']:,.0f}× |"
            )
    if results["dashboard"]:
        lines += [
            "",
            "The dashboard's \"awaiting your review\" panel: Wagtail's own (every waiting stage, "
            "with its actions and tasks looked up row by row) against the queue's panel that "
            "replaces it (the five longest-waiting and a link to the queue):",
            "",
            "| who | Wagtail's panel ms | the queue's panel ms |",
            "| --- | --- | --- |",
        ]
        for row in results["dashboard"]:
            lines.append(
                f"| {row['person']} | {row['stock_p50_ms']:,.0f} | {row['ours_p50_ms']:.1f} |"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.review_queue", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--pages", type=int, default=1_000_000, help="content pages")
    parser.add_argument("--sites", type=int, help="sites (default: 300 for a million pages)")
    parser.add_argument("--in-review", type=int, default=10_000, help="items in review")
    parser.add_argument("--database-url", help=f"default: $BENCH_DATABASE_URL or {DEFAULT_URL}")
    parser.add_argument("--requests", type=int, default=100, help="requests per measurement")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--stock-runs", type=int, default=1, help="0: skip the stock way")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--results",
        default="review_queue",
        help="name of the results files under bench/results/ (default: review_queue)",
    )
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="measure again on the database a previous run left (its results file describes it)",
    )
    args = parser.parse_args(argv)
    sites = args.sites or max(10, min(300, round(args.pages * 300 / 1_000_000)))
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        raise SystemExit("The review queue benchmark runs on PostgreSQL.")

    open_database(url, fresh=not args.measure_only)
    from .run import _database_version, _machine

    started = time.perf_counter()
    if args.measure_only:
        previous = json.loads((RESULTS / f"{args.results}.json").read_text())
        people = [
            Person(row["key"], row["person"], _user(f"queue_{row['key']}"), row["units_held"])
            for row in previous["people"]
        ]
        generation, in_review = previous["generation"], previous["in_review"]
    else:
        generation, in_review, people = _build(args, sites, url)
    measured = _measure(args, people)
    results = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": _machine(),
        "database": _database_version(),
        "generation": generation,
        "in_review": in_review,
        "people": [
            {"key": p.key, "person": p.label, "units_held": p.units, "queue_size": p.queue_size}
            for p in people
        ],
        **measured,
        "target_p95_ms": TARGET_P95_MS,
        "total_seconds": time.perf_counter() - started,
    }
    table = markdown(results)
    write_results(args.results, results, table)
    print(table)
    print(f"total {results['total_seconds']:.0f} s; written to bench/results/{args.results}.json")
    return 0


def _user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def _build(args, sites: int, url: str) -> tuple[dict, dict, list[Person]]:
    """Generate the platform, put items in review, create the people measured."""
    from django.core.management import call_command
    from wagtail.models import Site

    from cms.organisation.models import Unit
    from cms.sites.models import SiteIdentity

    from .generate import generate_platform

    call_command("migrate", verbosity=0, interactive=False)
    print(
        f"{_describe(url)}: generating {args.pages:,} content pages in {sites} sites…", flush=True
    )
    generated = generate_platform(sites, args.pages, args.seed)
    print(f"  generated in {generated.seconds:.0f} s", flush=True)

    # The busy county (the first) and a unit with nothing in review (a township of the last).
    identities = list(
        SiteIdentity.objects.filter(site_id__in=generated.site_ids)
        .select_related("operator_unit", "site__root_page")
        .order_by("site_id")
    )
    counties = sorted({identity.operator_unit.path[:4] for identity in identities})
    hot_government = Unit.objects.get(path=counties[0])
    quiet = next(
        identity
        for identity in reversed(identities)
        if identity.operator_unit.path[:4] == counties[-1] and identity.kind == "township"
    )
    roots = {identity.operator_unit.path[:4]: [] for identity in identities}
    for identity in identities:
        roots[identity.operator_unit.path[:4]].append(identity.site.root_page.path)
    hot_roots = roots[counties[0]]
    quiet_root = quiet.site.root_page.path
    deputy_units = list(
        Unit.objects.filter(kind="department")
        .exclude(path__startswith=counties[0])
        .order_by("path")[:50]
    )

    reviewers = create_reviewers()
    hot = round(args.in_review * HOT_SHARE)
    chosen = _sample_pages(hot, inside=hot_roots, outside=[quiet_root], seed=0.25)
    chosen += _sample_pages(
        args.in_review - len(chosen), inside=[], outside=[*hot_roots, quiet_root], seed=0.5
    )
    review = put_in_review(_candidates(chosen), reviewers, seed=args.seed)
    print(
        f"  {review.items:,} items in review ({review.task_states:,} review records) in "
        f"{review.seconds:.1f} s: "
        + ", ".join(f"{stage} {n:,}" for stage, n in review.by_stage.items()),
        flush=True,
    )
    people = measured_people(hot_government, deputy_units, quiet.operator_unit)
    vacuum = vacuum_analyze()
    print(f"  VACUUM ANALYZE in {vacuum:.1f} s", flush=True)
    Site.clear_site_root_paths_cache()
    generation = {
        "sites": len(generated.site_ids),
        "content_pages": generated.item_count,
        "pages": generated.page_count,
        "seconds": generated.seconds,
    }
    return generation, asdict(review), people


def _measure(args, people: list[Person]) -> dict:
    from django.test.utils import override_settings

    from cms.process import settle

    # As a server process does once loaded (cms/wsgi.py): what the process holds by now (the
    # application, and in a full run what generating the platform left) is kept out of the
    # collector's full passes.
    settle()

    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    print("The queue view (Django test client, in process):", flush=True)
    load_before = os.getloadavg()
    with override_settings(STORAGES=plain_static, ALLOWED_HOSTS=["127.0.0.1"]):
        view = measure_view(people, requests=args.requests, warmup=args.warmup)
        floor = measure_floor(people, requests=args.requests, warmup=args.warmup)
        listing = measure_listing(people[0], requests=args.requests // 2, warmup=args.warmup)
    load_after = os.getloadavg()
    selector = measure_selector(people)
    stock, dashboard = [], []
    if args.stock_runs:
        print("The stock way (rules.refusal per in-progress stage):", flush=True)
        stock = measure_stock(people, runs=args.stock_runs)
        print("The dashboard panel:", flush=True)
        with override_settings(STORAGES=plain_static, ALLOWED_HOSTS=["127.0.0.1"]):
            dashboard = measure_dashboard_panels(people, runs=args.stock_runs)
    return {
        "load_average": {"before": load_before, "after": load_after},
        "requests": args.requests,
        "warmup": args.warmup,
        "view": [asdict(t) for t in view],
        "floor": floor,
        "listing": listing,
        "selector": selector,
        "stock": stock,
        "dashboard": dashboard,
        "query_plans": query_plans(people[0]),
    }


if __name__ == "__main__":
    raise SystemExit(main())
