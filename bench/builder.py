"""Write a generated platform straight into the database.

The rows are written by :mod:`cms.content.bulk`, the writer the demo uses too. What goes in,
per page, is what Wagtail's own path would leave behind (``add_child`` of a draft,
``live=False``, as the admin creates pages here, then ``save_revision().publish()`` inside
:func:`cms.content.timestamps.historical_import`), minus the search index, the reference index
and the admin's log entries:

* a ``wagtailcore_page`` row with a treebeard materialised path (steplen 4, alphabet 0-9A-Z),
  depth, numchild, url_path, the specific content type, the default locale, a translation key,
  ``live=True`` and ``has_unpublished_changes=False``;
* the row of its specific table (multi-table inheritance), and ``co_issuing_units`` rows;
* one revision whose content is what ``save_revision()`` stores, as latest and live revision;
* its row of the public read model, rendered by
  :func:`publicapi.representation.page_representation` on the in-memory page exactly as
  :func:`publicapi.services.public_page_refresh` renders it.

Sites, their identities, units and users are few and go through the ORM; ``PublicSite`` rows
come from :func:`publicapi.services.public_site_refresh` itself.

Ids are reserved up front (:func:`cms.content.bulk.rows.reserve_ids`), so every path, parent
and revision is known before anything is written. Content pages are written in chronological
order: ids and paths grow with publication time, as they would on a real platform.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F
from django.db.models.base import ModelState
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from cms.content.bulk.pages import PageRows
from cms.content.bulk.rows import (
    BatchWriter,
    Table,
    analyze,
    bulk_session,
    dangling_foreign_keys,
    reserve_ids,
)
from cms.content.models import (
    ColumnPage,
    NewsPage,
    NoticePage,
    ReprintSource,
    ResponsePage,
    SiteRootPage,
    TopicPage,
)
from cms.content.models.mixins import Importance
from cms.content.treepaths import child_number, child_path
from cms.organisation.models import Role, RoleAssignment, Unit
from cms.sites.models import SiteIdentity
from publicapi import services
from publicapi.models import PublicPage

from . import corpus
from .plan import ColumnPlan, PlatformPlan, SitePlan, plan_platform

ITEM_CLASSES = {
    "news": NewsPage,
    "reprint": NewsPage,
    "notice": NoticePage,
    "topic": TopicPage,
    "concern": ResponsePage,
    "rumour": ResponsePage,
}
ITEM_MODELS = (NewsPage, NoticePage, TopicPage, ResponsePage)
CONTAINER_TYPES = {"column", "site_root"}
YEARS = 10
SHANGHAI = timedelta(hours=8)  # Asia/Shanghai has had no daylight saving time since 1991


@dataclass
class GenerationResult:
    site_ids: list[int]
    root_page_ids: list[int]
    column_count: int
    item_count: int
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def page_count(self) -> int:
        return len(self.root_page_ids) + self.column_count + self.item_count

    @property
    def items_per_second(self) -> float:
        return self.item_count / self.seconds if self.seconds else 0.0


class _PageFactory:
    """Builds page instances without ``Model.__init__``, as ``Model.from_db`` would."""

    def __init__(self):
        self._templates: dict[type, dict[str, Any]] = {}

    def make(self, cls: type[Page], values: dict[str, Any]) -> Page:
        template = self._templates.get(cls)
        if template is None:
            blank = cls()
            template = {k: v for k, v in blank.__dict__.items() if k != "_state"}
            self._templates[cls] = template
        page = cls.__new__(cls)
        state = ModelState()
        state.adding = False
        state.db = connection.alias
        page.__dict__.update(template)
        page.__dict__.update(values)
        page._state = state
        return page


class _Generator:
    def __init__(self, rng: random.Random, batch_size: int, progress):
        self.rng = rng
        self.batch_size = batch_size
        self.progress = progress or (lambda message: None)
        self.factory = _PageFactory()
        self.rows = PageRows((SiteRootPage, ColumnPage, *ITEM_MODELS))
        self.public_table = Table.local(PublicPage)
        self.next_page_id = 0
        self.next_revision_id = 0
        self.end = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        self.start = self.end - timedelta(days=round(365.25 * YEARS))

    # -- pieces ---------------------------------------------------------------------------

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _common(self, cls, **fields: Any) -> dict[str, Any]:
        page_id = self.next_page_id
        self.next_page_id += 1
        return self.rows.values(cls, page_id=page_id, translation_key=self._uuid(), **fields)

    def _publish(
        self,
        page: Page,
        published_at: datetime,
        user_id: int | None,
        links: dict[str, list[int]] | None = None,
    ) -> None:
        """Add the page's rows and its one revision, as if saved, revised and published."""
        revision_id = self.next_revision_id
        self.next_revision_id += 1
        # The revision was written a little before it went live (review takes a while).
        revised_at = published_at - timedelta(seconds=self.rng.randint(60, 3 * 3600))
        self.rows.add_published(
            page,
            revision_id=revision_id,
            published_at=published_at,
            revised_at=revised_at,
            user_id=user_id,
            links=links,
        )

    def _public(
        self, page: Page, site: SitePlan, ancestors: list[Page], column: Page | None
    ) -> None:
        """The page's ``PublicPage`` row, as ``services.public_page_refresh`` writes it."""
        values = services.public_row_values(page, site.site, ancestors, column)
        self.public_table.add({"page_id": page.pk, **values})

    def _tables(self) -> list[Table]:
        # Referenced rows first: checks of deferred constraints then find them either way.
        return [*self.rows.tables(), self.public_table]

    def flush(self) -> None:
        for table in self._tables():
            table.flush()

    # -- the platform ---------------------------------------------------------------------

    def plan(self, site_count: int) -> PlatformPlan:
        user_model = get_user_model()
        return plan_platform(
            self.rng,
            site_count,
            taken_unit_names=set(Unit.objects.values_list("name", flat=True)),
            taken_hostnames=set(Site.objects.values_list("hostname", flat=True)),
            taken_root_slugs=set(Page.objects.filter(depth=2).values_list("slug", flat=True)),
            taken_usernames=set(user_model.objects.values_list("username", flat=True)),
        )

    def create_people(self, plan: PlatformPlan) -> None:
        """Units (through treebeard, a county at a time), an editor per site, reprint sources."""
        for unit in plan.units:
            fields = {
                "name": unit.name,
                "short_name": unit.short_name,
                "kind": unit.kind,
                "credit_code": unit.credit_code,
            }
            if unit.parent is None:
                unit.obj = Unit.add_root(**fields)
            else:
                parent = Unit.objects.get(pk=unit.parent.obj.pk)  # paths move as roots are added
                unit.obj = parent.add_child(**fields)
        fresh = Unit.objects.in_bulk([unit.obj.pk for unit in plan.units])
        for unit in plan.units:
            unit.obj = fresh[unit.obj.pk]
        user_model = get_user_model()
        user_model.objects.bulk_create(
            [
                user_model(
                    username=site.username,
                    email=f"{site.username}@{site.hostname.removeprefix('www.')}",
                    password=make_password(None),
                    first_name=site.unit_short,
                    last_name="信息员",
                )
                for site in plan.sites
            ]
        )
        users = user_model.objects.in_bulk([s.username for s in plan.sites], field_name="username")
        for site in plan.sites:
            site.user = users[site.username]
        self.reprint_sources = [
            ReprintSource.objects.get_or_create(name=name, defaults={"kind": kind})[0]
            for name, kind in corpus.REPRINT_SOURCES
        ]
        self.reprint_sources = [s for s in self.reprint_sources if s.is_active]

    def create_containers(self, plan: PlatformPlan) -> None:
        """Site roots, columns, Wagtail sites and identities, and their public rows."""
        root = Page.get_first_root_node()
        last = (
            Page.objects.filter(depth=root.depth + 1, path__startswith=root.path)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        next_root_step = child_number(last) + 1 if last else 1
        for site in plan.sites:
            owner = site.user.pk
            top_steps = 0
            tops = [c for c in site.columns if c.parent is None]
            path = child_path(root.path, next_root_step)
            next_root_step += 1
            values = self._common(
                SiteRootPage,
                path=path,
                numchild=len(tops),
                title=site.name,
                slug=site.slug,
                url_path=f"{root.url_path}{site.slug}/",
                owner_id=owner,
            )
            site.root = self.factory.make(SiteRootPage, values)
            launched = self.start - timedelta(
                days=self.rng.randint(30, 90), seconds=self.rng.randint(0, 86399)
            )
            self._publish(site.root, launched, owner)
            for column in site.columns:
                parent = column.parent.page if column.parent else site.root
                if column.parent is None:
                    top_steps += 1
                    number = top_steps
                else:
                    column.parent.next_step += 1
                    number = column.parent.next_step
                template = column.template
                values = self._common(
                    ColumnPage,
                    path=child_path(parent.path, number),
                    numchild=len(column.children) + column.item_count,
                    title=template.title,
                    slug=template.slug,
                    url_path=f"{parent.url_path}{template.slug}/",
                    owner_id=owner,
                )
                values.update(
                    description=template.description or f"{template.title}栏目。",
                    responsible_unit_id=site.operator.obj.pk,
                    responsible_person_id=owner,
                    update_category=template.update_category,
                    show_in_menus=column.parent is None,
                )
                page = self.factory.make(ColumnPage, values)
                page._state.fields_cache["responsible_unit"] = site.operator.obj
                column.page = page
                self._publish(page, launched + timedelta(minutes=self.rng.randint(5, 600)), owner)
        self.flush()

        Site.objects.bulk_create(
            [
                Site(
                    hostname=site.hostname,
                    port=80,
                    root_page_id=site.root.pk,
                    site_name=site.name,
                    is_default_site=False,
                )
                for site in plan.sites
            ]
        )
        found = {
            site.hostname: site
            for site in Site.objects.filter(hostname__in=[s.hostname for s in plan.sites], port=80)
        }
        for site in plan.sites:
            site.site = found[site.hostname]
            site.site.root_page = site.root
        SiteIdentity.objects.bulk_create(
            [
                SiteIdentity(
                    site=site.site,
                    sponsor_unit=site.unit.obj,
                    operator_unit=site.operator.obj,
                    **site.identity,
                )
                for site in plan.sites
            ]
        )
        Site.clear_site_root_paths_cache()
        for site in plan.sites:
            self._public(site.root, site, [], None)
            for column in site.columns:
                ancestors = [column.parent.page] if column.parent else []
                self._public(column.page, site, ancestors, ancestors[-1] if ancestors else None)
        self.flush()

    def assign_items(
        self, plan: PlatformPlan, count: int
    ) -> tuple[list[ColumnPlan], list[int], list[int]]:
        """Which leaf column each content page goes to, and when it is published (sorted)."""
        leaves = [column for site in plan.sites for column in site.leaves]
        weights = [column.site.weight * column.template.weight for column in leaves]
        rng = self.rng
        columns = rng.choices(range(len(leaves)), weights=weights, k=count)
        days = (self.end - self.start).days
        # Working hours in Beijing time, as seconds since the start (which is a UTC midnight).
        # Later years publish more: the day is drawn with a density rising towards the end.
        times = sorted(
            int(days * rng.random() ** 0.8) * 86400
            + rng.randint(8 * 3600 + 1800, 18 * 3600 + 1800)
            - 8 * 3600
            for _ in range(count)
        )
        micro = [rng.randrange(1_000_000) for _ in range(count)]
        for index in columns:
            leaves[index].item_count += 1
        return leaves, columns, [t * 1_000_000 + m for t, m in zip(times, micro, strict=True)]

    def create_items(self, leaves, columns, times, threaded: bool) -> None:
        count = len(columns)
        done = 0
        started = time.perf_counter()
        writer = BatchWriter() if threaded else None
        try:
            while done < count:
                upto = min(count, done + self.batch_size)
                for i in range(done, upto):
                    self._item(leaves[columns[i]], self.start + timedelta(microseconds=times[i]))
                if writer is not None:
                    writer.submit([table.take() for table in self._tables()])
                else:
                    with transaction.atomic():
                        self.flush()
                done = upto
                elapsed = time.perf_counter() - started
                self.progress(f"{done:,}/{count:,} content pages built, {done / elapsed:,.0f}/s")
        finally:
            if writer is not None:
                writer.close()

    def _item(self, column: ColumnPlan, published_at: datetime) -> None:
        rng = self.rng
        site = column.site
        kind = column.template.item_type
        cls = ITEM_CLASSES[kind]
        local = published_at + SHANGHAI
        if site.kind == "portal" and kind in {"news", "notice"} and rng.random() < 0.3:
            source = rng.choice(site.departments)
            unit_short = source.removeprefix(site.place.name)
            unit_short = f"{site.place.kind}{unit_short}" if unit_short != source else source
        else:
            source, unit_short = site.unit.name, site.unit_short
        ctx = corpus.TextContext(
            place=site.place,
            unit=source,
            unit_short=unit_short,
            departments=site.departments,
            leaders=site.leaders,
            year=local.year,
            month=local.month,
            day=local.day,
        )
        extra: dict[str, Any] = {}
        if kind in {"news", "reprint"}:
            title = corpus.news_title(rng, ctx)
            paragraphs = corpus.body_paragraphs(rng, ctx)
        elif kind == "notice":
            title = corpus.notice_title(rng, ctx)
            paragraphs = corpus.notice_paragraphs(rng, ctx)
            if rng.random() < 0.3:
                extra["valid_until"] = local.date() + timedelta(days=rng.randint(30, 365))
        elif kind == "topic":
            title = corpus.topic_title(rng, ctx)
            paragraphs = corpus.body_paragraphs(rng, ctx)
            extra["starts_on"] = local.date()
            if rng.random() < 0.8:
                extra["ends_on"] = local.date() + timedelta(days=rng.randint(30, 720))
        else:
            rumour = kind == "rumour"
            title, concern = corpus.response_title(rng, ctx, rumour)
            paragraphs = corpus.response_paragraphs(rng, ctx, rumour)
            extra["concern"] = concern
            extra["response_kind"] = "rumour" if rumour else "concern"
        summary = corpus.summary_of(paragraphs)
        reprint = None
        reprints = (kind == "reprint" and rng.random() < 0.85) or (
            kind == "news" and rng.random() < 0.03
        )
        if reprints and self.reprint_sources:  # none if the whitelist has been emptied
            reprint = rng.choice(self.reprint_sources)
        importance = rng.random()
        column.next_step += 1
        parent = column.page
        values = self._common(
            cls,
            path=child_path(parent.path, column.next_step),
            numchild=0,
            title=title,
            slug="",
            url_path="",
            owner_id=site.user.pk,
        )
        page_id = values["id"]
        slug = f"t{local:%Y%m%d}_{page_id}"
        values.update(
            slug=slug,
            url_path=f"{parent.url_path}{slug}/",
            search_description=summary,
            summary=summary,
            body=corpus.html(paragraphs),
            source="" if reprint else source,
            is_reprint=reprint is not None,
            reprint_source_id=reprint.pk if reprint else None,
            importance=(
                Importance.ORDINARY
                if importance < 0.85
                else Importance.IMPORTANT
                if importance < 0.97
                else Importance.MAJOR
            ),
            **extra,
        )
        page = self.factory.make(cls, values)
        if reprint is not None:
            page._state.fields_cache["reprint_source"] = reprint
        co_issuers = []
        if kind == "notice" and rng.random() < 0.05:
            co_issuers = sorted(
                (u.obj for u in rng.sample(site.co_issuers, min(2, len(site.co_issuers)))),
                key=lambda unit: unit.path,  # Unit's manager orders by path
            )
        page._cluster_related_objects = {
            "wagtail_admin_comments": [],
            "co_issuing_units": co_issuers,
        }
        self._publish(
            page, published_at, site.user.pk, {"co_issuing_units": [u.pk for u in co_issuers]}
        )
        ancestors = [column.parent.page, parent] if column.parent else [parent]
        self._public(page, site, ancestors, parent)

    def models_written(self) -> list[type]:
        return [table.model for table in self._tables()] + [Site, SiteIdentity]

    def finish(self, plan: PlatformPlan) -> None:
        root = Page.get_first_root_node()
        Page.objects.filter(pk=root.pk).update(numchild=F("numchild") + len(plan.sites))
        for site in plan.sites:
            services.public_site_refresh(site.site)
            # The site's editor, as an information officer of the unit that runs it: this
            # derives the Wagtail group and its page permissions (cms.access.permissions).
            RoleAssignment.objects.create(
                user=site.user, unit=site.operator.obj, role=Role.INFO_OFFICER
            )


def generate_platform(
    sites: int = 2,
    pages: int = 200,
    seed: int = 1,
    *,
    batch_size: int = 5000,
    threaded: bool | None = None,
    progress=None,
) -> GenerationResult:
    """Generate ``sites`` sites with ``pages`` content pages between them; see the module doc."""
    if sites < 1 or pages < 0:
        raise ValueError("Generate at least one site and no negative number of pages.")
    started = time.perf_counter()
    phases: dict[str, float] = {}

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        phases[name] = now - since
        return now

    with bulk_session() as triggers_off:
        generator = _Generator(random.Random(seed), batch_size, progress)
        plan = generator.plan(sites)
        leaves, columns, times = generator.assign_items(plan, pages)
        column_count = sum(len(site.columns) for site in plan.sites)
        total = len(plan.sites) + column_count + pages
        generator.next_page_id = reserve_ids(Page, total)
        generator.next_revision_id = reserve_ids(Revision, total)
        mark = lap("plan", started)
        with transaction.atomic():
            generator.create_people(plan)
            mark = lap("units and users", mark)
            generator.create_containers(plan)
            mark = lap("sites and columns", mark)
        generator.progress(
            f"{len(plan.sites)} sites, {column_count} columns; writing {pages:,} content pages"
        )
        if threaded is None:
            # A second connection cannot see an enclosing transaction, nor a private
            # in-memory SQLite database.
            threaded = not connection.in_atomic_block and not (
                connection.vendor == "sqlite" and connection.is_in_memory_db()
            )
        generator.create_items(leaves, columns, times, threaded)
        mark = lap("content pages", mark)
        with transaction.atomic():
            generator.finish(plan)
        mark = lap("public sites and roles", mark)
    written = generator.models_written()
    if triggers_off:
        dangling = dangling_foreign_keys(written)
        if dangling:
            raise RuntimeError("Generated rows point nowhere: " + "; ".join(dangling))
        mark = lap("foreign key check", mark)
    analyze(written)
    lap("analyze", mark)
    return GenerationResult(
        site_ids=[site.site.pk for site in plan.sites],
        root_page_ids=[site.root.pk for site in plan.sites],
        column_count=column_count,
        item_count=pages,
        seconds=time.perf_counter() - started,
        phases=phases,
    )


__all__ = ["GenerationResult", "generate_platform"]
