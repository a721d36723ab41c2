"""Build the demo platform quickly and validly.

Wagtail publishes one page at a time (about eight pages a second), which is far too slow for a
few thousand demo pages. The builder therefore writes pages the way a restore would, keeping every
invariant Wagtail and treebeard rely on:

* pages go in as rows through :mod:`cms.content.bulk`, the writer the benchmark's generator
  uses too: the shared page row with its tree path, depth and ``numchild``, its type's row, its
  co-issuing units and one revision holding what ``save_revision()`` stores, both its latest
  and its live revision; no signal handler runs;
* each page gets one "published" log entry;
* publication times are historical (:func:`cms.content.timestamps.historical_import`);
* the search index and the reference index are filled in bulk afterwards, and the public read
  model is rendered once, by :func:`publicapi.services.public_rebuild`.

Units, people, sites and role assignments go through the ordinary model code, so Wagtail groups
and page permissions are derived from the role assignments by the platform's own signals.
"""

import io
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Page,
    PageLogEntry,
    ReferenceIndex,
    Revision,
    Site,
    WorkflowState,
)
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update

import editorial.prechecks
from archive.automatic import run_rules
from archive.models import ArchiveRule, RuleKind
from cms.accounts.models import PasswordRecord
from cms.content.bulk.pages import PageRows
from cms.content.bulk.rows import reserve_ids
from cms.content.models import (
    ColumnPage,
    NewsPage,
    NoticePage,
    ReprintSource,
    ResponsePage,
    SiteRootPage,
    TopicPage,
)
from cms.content.models.items import ResponseKind
from cms.content.models.mixins import Importance
from cms.content.richtext import sanitise_html
from cms.content.timestamps import historical_import
from cms.content.treepaths import child_number, child_path
from cms.content.update_rules import max_update_interval
from cms.organisation.models import Role, RoleAssignment, Unit, UnitKind
from cms.sites.models import SiteIdentity
from publicapi.services import public_rebuild
from search import synonyms

from . import corpus, library
from .knowledge import create_knowledge_base
from .mailboxes import create_mailboxes, create_site_mailboxes
from .newmedia import create_site_accounts
from .policies import create_policy_documents
from .queues import seed_review_queues
from .services import create_pinned_announcement, create_service_items
from .surveys import create_surveys

QUIET_MAIL = "django.core.mail.backends.dummy.EmailBackend"
STARTER_TERMS = Path(editorial.prechecks.__file__).parent / "data" / "starter_terms.csv"

DEFAULT_ITEMS_PER_TYPE = 300
HISTORY_DAYS = 3 * 365
WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"
# The library: the newest items of these columns show a cover or a file (a few dozen in all, so
# that rendering the demo stays fast).
COVER_COLUMNS = ("zwyw", "bmdt", "xzdt", "gzdt")
COVERED_PER_COLUMN = 4
MAP_COLUMN = "qqgk"
ATTACHMENT_COLUMNS = ("tzgg",)
ATTACHED_PER_COLUMN = 2

ITEM_MODELS = {
    corpus.NEWS: NewsPage,
    corpus.NOTICE: NoticePage,
    corpus.TOPIC: TopicPage,
    corpus.RESPONSE: ResponsePage,
}
ROLE_PREFERENCE_FOR_COLUMNS = (
    Role.INFO_OFFICER,
    Role.SECTION_CHIEF,
    Role.SITE_ADMIN,
    Role.DEPUTY_HEAD,
    Role.PRINCIPAL_HEAD,
)


class DemoDataExists(Exception):
    """The database already holds data the demo would collide with."""


@dataclass
class BuildReport:
    units: int = 0
    users: int = 0
    sites: int = 0
    columns: int = 0
    role_assignments: int = 0
    reprint_sources: int = 0
    items: dict[str, int] = field(default_factory=dict)
    public_pages: int = 0
    policy_pages: int = 0
    service_pages: int = 0
    survey_pages: int = 0
    knowledge_pages: int = 0
    messages: int = 0
    archived_pages: int = 0
    images: int = 0
    documents: int = 0
    in_review: int = 0
    returned: int = 0
    seconds: float = 0.0


# --- What is already there ------------------------------------------------------------------


def demo_usernames() -> list[str]:
    names = [corpus.SUPERUSER_NAME]
    for _unit, prefix, _section in corpus.STAFFED_UNITS:
        names.extend(f"{prefix}_{abbr}" for abbr in corpus.ROLE_ABBREVIATIONS.values())
    names.extend(f"{prefix}_xxy" for _unit, prefix in corpus.OFFICER_ONLY_UNITS)
    return names


def platform_has_site() -> bool:
    return SiteRootPage.objects.exists()


def existing_data() -> list[str]:
    """What in the database stops the demo from being built, named for people."""
    found = []
    pages = Page.objects.filter(depth__gt=2).exists() or (
        Page.objects.filter(depth=2).exclude(title=WAGTAIL_WELCOME_TITLE).exists()
    )
    for model, present in (
        (Page, pages),
        (Unit, Unit.objects.exists()),
        (ReprintSource, ReprintSource.objects.exists()),
    ):
        if present:
            found.append(str(model._meta.verbose_name_plural))
    taken = sorted(
        get_user_model()
        .objects.filter(username__in=demo_usernames())
        .values_list("username", flat=True)
    )
    if taken:
        found.append(
            _("%(count)d accounts with the demo's user names, such as %(name)s")
            % {"count": len(taken), "name": taken[0]}
        )
    return found


# --- The builder ----------------------------------------------------------------------------


class DemoBuilder:
    def __init__(
        self,
        items_per_type: int = DEFAULT_ITEMS_PER_TYPE,
        seed: int = 2026,
        now: datetime | None = None,
        log=None,
    ):
        self.items_per_type = items_per_type
        self.rng = random.Random(seed)
        self.text = corpus.TextComposer(self.rng)
        self.now = (now or timezone.now()).replace(microsecond=0)
        self.log = log or (lambda message: None)
        self.report = BuildReport()
        self.units: dict[str, Unit] = {}
        self.parent_key: dict[str, str | None] = {}
        self.users: dict[str, object] = {}
        self.staff: dict[str, dict[str, object]] = defaultdict(dict)  # unit key -> role -> user
        self.sources: dict[str, ReprintSource] = {}
        self.sites: dict[str, Site] = {}
        self.roots: dict[str, SiteRootPage] = {}
        self.columns: list[tuple[ColumnPage, corpus.ColumnSpec]] = []
        self.created_pages: list[Page] = []
        self._next_step: dict[str, int] = {}
        self.rows = PageRows((SiteRootPage, ColumnPage, *ITEM_MODELS.values()))

    # The entry point --------------------------------------------------------------------

    def build(self) -> BuildReport:
        started = time.monotonic()
        found = existing_data()
        if found:
            raise DemoDataExists(", ".join(found))
        password_validation.validate_password(corpus.DEMO_PASSWORD)
        with (
            transaction.atomic(),
            historical_import(),
            disable_reference_index_auto_update(),
        ):
            self._remove_wagtail_welcome()
            self._create_units()
            self._create_people()
            self._create_reprint_sources()
            self._create_sites()
            self._create_columns()
            self._create_items()
            self._log_created_pages()
            self._assign_roles()
            self._index_created_pages()
            self.log(_("Rendering the public read model…"))
            Site.clear_site_root_paths_cache()
            self.report.public_pages = public_rebuild()
        Site.clear_site_root_paths_cache()
        # The seeded decisions mail no one: the demo's people are fictional.
        with override_settings(EMAIL_BACKEND=QUIET_MAIL), transaction.atomic():
            self.log(_("Writing policy documents and interpretations…"))
            self.report.policy_pages = create_policy_documents(
                corpus.COUNTY,
                self.roots["portal"],
                self._person_for("bgs_gkk"),
                self.units["bgs_gkk"],
                # 一审 by the office's second information officer, 二审 by the section's chief:
                # the document waits at 三审 for the printed 分管负责人.
                reviewers=[self.users["bgs_ys"], self.users["gkk_kz"]],
            )
            # The service guides and notices the search's judged queries look for.
            self.report.service_pages = create_service_items(self.roots["portal"])
            # The announcement pinned on the portal's home page (R7).
            create_pinned_announcement(self.roots["portal"])
            # 征集调查 (R24): one open, one closed with its result due.
            self.report.survey_pages = create_surveys(self.roots["portal"])
            # The knowledge base's entries and the guides they point to.
            self.report.knowledge_pages = create_knowledge_base(self.roots["portal"])
            # The portal's mailboxes, with messages waiting, answered and published.
            self.report.messages = create_mailboxes(self.sites["portal"], self.units, self.users)
            create_site_mailboxes(self.sites)
            create_site_accounts(self.sites)
            # The starter 错敏词 list, as an administrator imports it: one waiting item has a
            # blocking term.
            call_command("import_sensitive_terms", str(STARTER_TERMS), stdout=io.StringIO())
            # The starter synonyms of the public search (医保 = 医疗保障 …).
            call_command("search_synonyms", str(synonyms.STARTER), stdout=io.StringIO())
            self.log(_("Putting items in review…"))
            seed_review_queues(self)
        self.log(_("Filing old news by the archive rules…"))
        self.report.archived_pages = self._file_old_news()
        self.report.images = get_image_model().objects.count()
        self.report.documents = get_document_model().objects.count()
        statuses = list(WorkflowState.objects.values_list("status", flat=True))
        self.report.in_review = statuses.count(WorkflowState.STATUS_IN_PROGRESS)
        self.report.returned = statuses.count(WorkflowState.STATUS_NEEDS_CHANGES)
        self.report.seconds = time.monotonic() - started
        return self.report

    def _file_old_news(self) -> int:
        """The portal files news older than two years and documents no longer in force, as a
        county would set it up; the job files them now (R22)."""
        portal = Site.objects.get(root_page=self.roots["portal"])
        ArchiveRule.objects.create(
            site=portal, kind=RuleKind.NEWS_AGE, max_age_days=730, note=_("Demo rule")
        )
        ArchiveRule.objects.create(site=portal, kind=RuleKind.NO_LONGER_VALID, note=_("Demo rule"))
        return sum(len(outcome.report.filed) for outcome in run_rules(site=portal))

    # Organisation -----------------------------------------------------------------------

    def _remove_wagtail_welcome(self) -> None:
        """Drop Wagtail's stock welcome page and the default site that points at it."""
        page_type = ContentType.objects.get_for_model(Page)
        for page in Page.objects.filter(
            depth=2, title=WAGTAIL_WELCOME_TITLE, content_type=page_type, numchild=0
        ):
            Site.objects.filter(root_page=page).delete()
            page.delete()

    def _create_units(self) -> None:
        for serial, spec in enumerate(corpus.UNITS, start=1):
            unit = Unit(
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                credit_code=corpus.credit_code(serial),
            )
            unit.full_clean(exclude=["path", "depth", "numchild"])
            if spec.parent is None:
                unit = Unit.add_root(instance=unit)
            else:
                parent = Unit.objects.get(pk=self.units[spec.parent].pk)
                unit = parent.add_child(instance=unit)
            self.units[spec.key] = unit
        # Sorted inserts move siblings: read the final paths back.
        fresh = Unit.objects.in_bulk([unit.pk for unit in self.units.values()])
        self.units = {key: fresh[unit.pk] for key, unit in self.units.items()}
        self.parent_key = {spec.key: spec.parent for spec in corpus.UNITS}
        self.report.units = len(self.units)

    def _create_people(self) -> None:
        User = get_user_model()
        # One hash for every demo account: hashing is deliberately slow.
        password = make_password(corpus.DEMO_PASSWORD)
        used_names: set[str] = set()

        def new_user(username: str, **extra):
            while True:
                last_name, first_name = corpus.person_name(self.rng)
                if last_name + first_name not in used_names:
                    used_names.add(last_name + first_name)
                    break
            extra.setdefault("last_name", last_name)
            extra.setdefault("first_name", first_name)
            user = User(
                username=username,
                password=password,
                email=f"{username}@{corpus.DOMAIN}",
                date_joined=self.now,
                **extra,
            )
            user.full_clean(exclude=["password"])
            user.save()
            self.users[username] = user
            return user

        new_user(
            corpus.SUPERUSER_NAME,
            last_name="",
            first_name="平台超级管理员",
            is_staff=True,
            is_superuser=True,
        )
        for unit_key, prefix, section in corpus.STAFFED_UNITS:
            for role, abbreviation in corpus.ROLE_ABBREVIATIONS.items():
                in_section = section is not None and role in (
                    Role.INFO_OFFICER,
                    Role.SECTION_CHIEF,
                )
                holder_unit = section if in_section else unit_key
                self.staff[holder_unit][role] = new_user(f"{prefix}_{abbreviation}")
            # 一审 is by an information officer other than the author: a second one sits at the
            # unit itself and reviews what its sections draft.
            if section is not None:
                self.staff[unit_key][Role.INFO_OFFICER] = new_user(f"{prefix}_ys")
        for unit_key, prefix in corpus.OFFICER_ONLY_UNITS:
            self.staff[unit_key][Role.INFO_OFFICER] = new_user(f"{prefix}_xxy")
            if self.units[unit_key].kind == UnitKind.SECTION:
                # A section that owns columns has its chief for 二审 and 二校.
                self.staff[unit_key][Role.SECTION_CHIEF] = new_user(f"{prefix}_kz")
        unit_key, prefix = corpus.DISTRICT_STAFF
        for role, abbreviation in corpus.ROLE_ABBREVIATIONS.items():
            self.staff[unit_key][role] = new_user(f"{prefix}_{abbreviation}")
        PasswordRecord.objects.bulk_create(
            PasswordRecord(user=user, changed_at=self.now) for user in self.users.values()
        )
        self.report.users = len(self.users)

    def _assign_roles(self) -> None:
        """Done after the columns exist: the derived groups grant page permissions on them."""
        self.log(_("Assigning roles…"))
        for unit_key, roles in self.staff.items():
            for role, user in roles.items():
                RoleAssignment.objects.create(user=user, unit=self.units[unit_key], role=role)
                self.report.role_assignments += 1

    def _person_for(self, unit_key: str):
        """The person answerable for a column owned by ``unit_key``."""
        unit = self.units[unit_key]
        keys = [unit_key] + [
            key
            for key, other in self.units.items()
            if other.path.startswith(unit.path) and other.pk != unit.pk
        ]
        for key in keys:
            for role in ROLE_PREFERENCE_FOR_COLUMNS:
                if role in self.staff.get(key, {}):
                    return self.staff[key][role]
        return self.users[corpus.SUPERUSER_NAME]

    def _create_reprint_sources(self) -> None:
        for name, kind in corpus.REPRINT_SOURCES:
            source = ReprintSource(name=name, kind=kind)
            source.full_clean()
            source.save()
            self.sources[name] = source
        self.report.reprint_sources = len(self.sources)

    # Sites and columns ------------------------------------------------------------------

    def _create_sites(self) -> None:
        root = Page.get_first_root_node()
        launched = self.now - timedelta(days=HISTORY_DAYS + 30)
        admin = self.users[corpus.SUPERUSER_NAME]
        roots = [
            SiteRootPage(
                title=spec.name,
                slug=spec.slug,
                owner=admin,
                seo_title=f"{spec.name}门户网站" if spec.is_default else "",
                search_description=f"{spec.name}主办的政府网站。",
            )
            for spec in corpus.SITES
        ]
        self._insert_pages(root, roots, launched)
        sites, identities = [], []
        for spec, root_page in zip(corpus.SITES, roots, strict=True):
            self.roots[spec.key] = root_page
            site = Site(
                hostname=spec.hostname,
                port=80,
                site_name=spec.name,
                root_page=root_page,
                is_default_site=spec.is_default,
            )
            site.full_clean()
            sites.append(site)
        # bulk_create: saving a Site one by one would ask the read model to refresh each.
        Site.objects.bulk_create(sites)
        Site.clear_site_root_paths_cache()
        for spec, site in zip(corpus.SITES, sites, strict=True):
            self.sites[spec.key] = site
            identity = SiteIdentity(
                site=site,
                kind=spec.kind,
                sponsor_unit=self.units[spec.sponsor],
                operator_unit=self.units[spec.operator],
                site_code=spec.site_code,
                icp_number=spec.icp_number,
                psb_number=spec.psb_number,
                conac_url=(
                    f"https://bszs.conac.cn/sitename?method=show&id=DEMO{spec.site_code}"
                    if spec.kind == "portal"
                    else ""
                ),
                english_domain=spec.english_domain,
                chinese_domain=spec.chinese_domain,
                contact_phone=f"0917-288{spec.serial:02d}00",
                contact_email=f"web{spec.serial}@{corpus.DOMAIN}",
                address=f"{corpus.COUNTY}滨河大道{80 + spec.serial}号",
            )
            identity.full_clean()
            identities.append(identity)
        SiteIdentity.objects.bulk_create(identities)
        self.report.sites = len(sites)

    def _create_columns(self) -> None:
        opened = self.now - timedelta(days=HISTORY_DAYS + 20)
        for site_key, specs in corpus.SITE_COLUMNS.items():
            self._add_columns(self.roots[site_key], specs, opened)
        self.report.columns = len(self.columns)

    def _add_columns(self, parent: Page, specs, opened: datetime) -> None:
        pages = [
            ColumnPage(
                title=spec.title,
                slug=spec.slug,
                description=spec.description,
                responsible_unit=self.units[spec.unit],
                responsible_person=self._person_for(spec.unit),
                update_category=spec.category,
                owner=self._person_for(spec.unit),
                show_in_menus=True,
                item_types=self._offered(spec),
            )
            for spec in specs
        ]
        self._insert_pages(parent, pages, opened)
        for page, spec in zip(pages, specs, strict=True):
            self.columns.append((page, spec))
            if spec.children:
                self._add_columns(page, spec.children, opened)

    @staticmethod
    def _offered(spec: corpus.ColumnSpec) -> list[str]:
        """What the column offers its people to create: sub-columns or its items."""
        if spec.children:
            return [ColumnPage._meta.label]
        own = [ITEM_MODELS[spec.item_type]._meta.label] if spec.item_type else []
        return [*own, *spec.offers]

    # Items ------------------------------------------------------------------------------

    def _allocate(self, item_type: str) -> list[tuple[ColumnPage, corpus.ColumnSpec, int]]:
        """Share ``items_per_type`` among the columns of a type: one each, the rest by weight."""
        targets = [(page, spec) for page, spec in self.columns if spec.item_type == item_type]
        total = self.items_per_type
        counts = [1 if index < total else 0 for index in range(len(targets))]
        remaining = total - sum(counts)
        weights = [spec.weight for _page, spec in targets]
        weight_sum = sum(weights)
        shares = [remaining * weight / weight_sum for weight in weights]
        for index, share in enumerate(shares):
            counts[index] += int(share)
        leftover = total - sum(counts)
        by_fraction = sorted(
            range(len(targets)), key=lambda i: shares[i] - int(shares[i]), reverse=True
        )
        for index in by_fraction[:leftover]:
            counts[index] += 1
        return [(page, spec, count) for (page, spec), count in zip(targets, counts, strict=True)]

    def _publication_times(self, spec: corpus.ColumnSpec, count: int) -> list[datetime]:
        """``count`` times over the last three years; the newest within the column's interval."""
        rng = self.rng
        horizon = timedelta(days=HISTORY_DAYS)
        interval = max_update_interval(spec.category)
        fresh_within = min(interval / 2, horizon)
        times = [self.now - fresh_within * rng.random()]
        for _index in range(count - 1):
            # Skewed towards recent years, as real archives are.
            times.append(self.now - horizon * (rng.random() ** 1.3))
        latest = self.now - timedelta(minutes=10)
        result = []
        for moment in times:
            local = timezone.localtime(moment)
            if local.weekday() >= 5 and rng.random() < 0.8:
                local -= timedelta(days=local.weekday() - 4)  # Weekend news mostly waits.
            local = local.replace(
                hour=rng.randint(8, 18), minute=rng.randint(0, 59), second=rng.randint(0, 59)
            )
            if local > latest:
                local = timezone.localtime(latest - timedelta(minutes=rng.randint(0, 240)))
            result.append(local)
        return sorted(result)

    def _create_items(self) -> None:
        for item_type in corpus.ITEM_TYPES:
            self.log(
                _("Writing %(count)s items of type %(type)s…")
                % {"count": self.items_per_type, "type": item_type}
            )
            number = 0
            for column, spec, count in self._allocate(item_type):
                if count == 0:
                    continue
                pages, co_issuers = [], []
                for published in self._publication_times(spec, count):
                    number += 1
                    page, units = self._item(item_type, spec, published, number)
                    pages.append(page)
                    co_issuers.append(units)
                self._add_library_files(spec, pages)
                self._insert_pages(column, pages, None, co_issuers)
            self.report.items[item_type] = number

    def _add_library_files(self, spec: corpus.ColumnSpec, pages: list[Page]) -> None:
        """Give the newest of ``pages`` (oldest first) a cover or an attachment from the library,
        in the collection of the column's unit; they are frozen when first rendered."""
        unit, person = self.units[spec.unit], self._person_for(spec.unit)
        name = f"{unit.short_name}{spec.title}"
        if spec.slug in COVER_COLUMNS:
            number = self.report.images
            cover = library.add_image(
                unit,
                f"{name}题图",
                f"cover-{spec.unit}-{spec.slug}.png",
                library.cover_bytes(library.PALETTE[number % len(library.PALETTE)], number),
                person,
            )
            self.report.images += 1
            for page in pages[-COVERED_PER_COLUMN:]:
                page.cover_image = cover
        elif spec.slug == MAP_COLUMN:
            area = library.add_image(
                unit,
                f"{corpus.COUNTY}行政区划图",
                f"map-{spec.unit}.png",
                library.map_bytes(),
                person,
                is_map=True,
                map_approval_number=library.MAP_APPROVAL_NUMBER,
            )
            self.report.images += 1
            pages[-1].cover_image = area
        elif spec.slug in ATTACHMENT_COLUMNS:
            form = library.add_document(
                unit,
                f"{name}附件：报名登记表",
                f"form-{spec.unit}-{spec.slug}.pdf",
                [f"{corpus.DOMAIN}", f"Registration form ({spec.unit}/{spec.slug})"],
                person,
            )
            self.report.documents += 1
            for page in pages[-ATTACHED_PER_COLUMN:]:
                page.attachments = [library.attachment(form, "报名登记表")]

    def _issuer(self, spec: corpus.ColumnSpec) -> Unit:
        """The unit that speaks in an item of the column: a section speaks for its body."""
        key = self.rng.choice(spec.issuers) if spec.issuers else spec.unit
        while self.units[key].kind == UnitKind.SECTION:
            key = self.parent_key[key]
        return self.units[key]

    def _item(self, item_type: str, spec: corpus.ColumnSpec, published: datetime, number: int):
        """One unsaved item and its co-issuing units; ``number`` counts items of the type.

        Every ninth news item and notice is a reprint and every twelfth notice is co-issued,
        so that even a small demo shows both.
        """
        rng = self.rng
        issuer = self._issuer(spec)
        day = published.date()
        fields = {}
        if item_type == corpus.NEWS:
            title, summary, body = self.text.news(spec.theme, issuer.name, day)
        elif item_type == corpus.NOTICE:
            title, summary, body = self.text.notice(spec.theme, issuer.name, day)
            if rng.random() < 0.4:
                fields["valid_until"] = day + timedelta(days=rng.choice([30, 90, 365]))
        elif item_type == corpus.TOPIC:
            title, summary, body = self.text.topic(spec.theme, issuer.name, day)
            fields["starts_on"] = day
            if rng.random() < 0.6:
                fields["ends_on"] = day + timedelta(days=rng.randint(30, 540))
        else:
            title, summary, body, concern = self.text.response(
                spec.theme, issuer.name, day, spec.rumour
            )
            fields["concern"] = concern
            fields["response_kind"] = (
                ResponseKind.RUMOUR_REBUTTAL if spec.rumour else ResponseKind.PUBLIC_CONCERN
            )
        reprint = item_type in (corpus.NEWS, corpus.NOTICE) and number % 9 == 4
        if reprint:
            names = corpus.REPRINT_SOURCES_BY_THEME.get(spec.theme, corpus.GENERAL_REPRINT_SOURCES)
            fields["reprint_source"] = self.sources[rng.choice(names)]
        co_issuers = []
        if item_type == corpus.NOTICE and number % 12 == 5:
            others = [
                unit
                for unit in self.units.values()
                if unit.kind in (UnitKind.DEPARTMENT, UnitKind.OFFICE) and unit.pk != issuer.pk
            ]
            co_issuers = rng.sample(others, rng.randint(1, 2))
        roll = rng.random()
        if roll < 0.03:
            importance = Importance.MAJOR
        elif roll < 0.2:
            importance = Importance.IMPORTANT
        else:
            importance = Importance.ORDINARY
        updated = published
        if rng.random() < 0.1:
            updated = min(published + timedelta(days=rng.randint(1, 20)), self.now)
        page = ITEM_MODELS[item_type](
            title=title,
            slug=f"{item_type}-{day:%Y%m%d}-{number:05d}",
            summary=summary,
            # What the platform would store: raw saves skip the field's own sanitising.
            body=sanitise_html(body),
            source="" if reprint else issuer.name,
            is_reprint=reprint,
            importance=importance,
            owner=self._person_for(spec.unit),
            first_published_at=published,
            last_published_at=updated,
            **fields,
        )
        return page, co_issuers

    # Pages in bulk ----------------------------------------------------------------------

    def _step_after_last_child(self, parent: Page) -> int:
        if parent.path not in self._next_step:
            last = (
                Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            self._next_step[parent.path] = child_number(last) + 1 if last else 1
        return self._next_step[parent.path]

    def _insert_pages(
        self,
        parent: Page,
        pages: list[Page],
        published: datetime | None,
        co_issuers: list[list[Unit]] | None = None,
    ) -> None:
        """Write ``pages`` as the last children of ``parent``, published, in the given order.

        ``published`` is when they went live; None keeps each page's own publication times.
        """
        step = self._step_after_last_child(parent)
        first_page = reserve_ids(Page, len(pages))
        first_revision = reserve_ids(Revision, len(pages))
        for offset, page in enumerate(pages):
            page.id = page.page_ptr_id = first_page + offset
            page.depth = parent.depth + 1
            page.path = child_path(parent.path, step + offset)
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.locale_id = parent.locale_id
            page.draft_title = page.title
            page.live = False  # a draft until published, as the admin creates pages
            if published is not None:
                page.first_published_at = page.last_published_at = published
            units = co_issuers[offset] if co_issuers else []
            self.rows.add_published(
                page,
                revision_id=first_revision + offset,
                published_at=page.last_published_at,
                revised_at=page.last_published_at,
                user_id=page.owner_id,
                links={"co_issuing_units": [unit.pk for unit in units]} if units else None,
            )
            page._state.adding = False
            page._state.db = DEFAULT_DB_ALIAS
        self.rows.flush()
        self._next_step[parent.path] = step + len(pages)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        parent.numchild += len(pages)
        self.created_pages.extend(pages)

    def _log_created_pages(self) -> None:
        """One "published" log entry per page, on its one revision."""
        self.log(_("Writing the publication log…"))
        PageLogEntry.objects.bulk_create(
            (
                PageLogEntry(
                    content_type_id=page.content_type_id,
                    label=page.title,
                    action="wagtail.publish",
                    data={},
                    timestamp=page.last_published_at,
                    user_id=page.owner_id,
                    revision_id=page.live_revision_id,
                    page_id=page.pk,
                    content_changed=True,
                )
                for page in self.created_pages
            ),
            batch_size=500,
        )

    def _index_created_pages(self) -> None:
        """What the skipped signal handlers would have done: search and reference indexes."""
        self.log(_("Indexing for search…"))
        by_model: dict[type, list[Page]] = defaultdict(list)
        for page in self.created_pages:
            by_model[type(page)].append(page)
        for backend in get_search_backends(with_auto_update=True):
            for model, pages in by_model.items():
                backend.add_bulk(model, pages)
        for page in self.created_pages:
            ReferenceIndex.create_or_update_for_object(page)
