"""The shape of a generated platform, decided before anything touches the database.

Sites come in groups of five per invented county: the county's portal, two department sites
and two township sites. Each site gets a column tree of two levels (10 to 20 columns) picked
from :data:`COLUMN_TREE`; content pages go to the leaf columns, in proportion to the column's
and the site's weight.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from cms.organisation.validators import CREDIT_CODE_ALPHABET, credit_code_check_character

from . import corpus

SITES_PER_COUNTY = 5
SITE_KIND_WEIGHTS = {"portal": 3.0, "department": 1.5, "township": 1.0}
MIN_COLUMNS, MAX_COLUMNS = 10, 20


@dataclass(frozen=True)
class ColumnTemplate:
    title: str
    slug: str
    update_category: str
    item_type: str | None = None  # news, notice, topic, concern, rumour; None for a container
    weight: float = 1.0
    required: bool = False
    site_kinds: tuple[str, ...] = ("portal", "department", "township")
    children: tuple[ColumnTemplate, ...] = ()
    description: str = ""


def _leaf(title, slug, category, item_type, weight, required=False, kinds=None, description=""):
    return ColumnTemplate(
        title=title,
        slug=slug,
        update_category=category,
        item_type=item_type,
        weight=weight,
        required=required,
        site_kinds=kinds or ("portal", "department", "township"),
        description=description,
    )


COLUMN_TREE: tuple[ColumnTemplate, ...] = (
    ColumnTemplate(
        "新闻中心",
        "xwzx",
        "news",
        required=True,
        description="发布本单位工作动态和重要新闻。",
        children=(
            _leaf("政务要闻", "zwyw", "news", "news", 8, required=True),
            _leaf("部门动态", "bmdt", "news", "news", 5, kinds=("portal",)),
            _leaf("乡镇动态", "xzdt", "news", "news", 4, kinds=("portal",)),
            _leaf("工作动态", "gzdt", "news", "news", 5, kinds=("department", "township")),
            _leaf("图片新闻", "tpxw", "news", "news", 2),
            _leaf("媒体聚焦", "mtjj", "news", "reprint", 2),
        ),
    ),
    _leaf(
        "通知公告",
        "tzgg",
        "notice",
        "notice",
        6,
        required=True,
        description="发布各类通知、公告、公示。",
    ),
    ColumnTemplate(
        "政务公开",
        "zwgk",
        "policy",
        required=True,
        description="依法主动公开政府信息。",
        children=(
            _leaf("政策文件", "zcwj", "policy", "notice", 4, required=True),
            _leaf("政策解读", "zcjd", "policy", "news", 2),
            _leaf("规划计划", "ghjh", "annual", "notice", 1),
            _leaf("人事信息", "rsxx", "irregular", "notice", 2),
            _leaf("财政资金", "czzj", "annual", "notice", 1),
            _leaf("统计信息", "tjxx", "monthly", "notice", 1),
            _leaf("建议提案办理", "jytabl", "annual", "notice", 1),
        ),
    ),
    _leaf(
        "专题专栏",
        "ztzl",
        "irregular",
        "topic",
        1,
        required=True,
        description="围绕中心工作开设的专题。",
    ),
    ColumnTemplate(
        "互动交流",
        "hdjl",
        "irregular",
        required=True,
        description="回应社会关切，开展意见征集。",
        children=(
            _leaf("回应关切", "hygq", "irregular", "concern", 2, required=True),
            _leaf("网络辟谣", "wlpy", "irregular", "rumour", 1),
            _leaf("意见征集", "yjzj", "irregular", "notice", 1),
        ),
    ),
    ColumnTemplate(
        "政务服务",
        "zwfw",
        "irregular",
        description="办事指南与便民服务信息。",
        children=(
            _leaf("办事指南", "bszn", "irregular", "notice", 1, required=True),
            _leaf("便民服务", "bmfw", "quarterly", "news", 1),
            _leaf("常见问题", "cjwt", "irregular", "concern", 1),
        ),
    ),
)


@dataclass
class ColumnPlan:
    template: ColumnTemplate
    site: SitePlan
    parent: ColumnPlan | None
    children: list[ColumnPlan] = field(default_factory=list)
    # Filled in when written.
    page: object = None
    item_count: int = 0
    next_step: int = 0

    @property
    def is_leaf(self) -> bool:
        return not self.children


@dataclass
class UnitPlan:
    name: str
    short_name: str
    kind: str
    credit_code: str
    parent: UnitPlan | None = None
    obj: object = None


@dataclass
class SitePlan:
    index: int
    kind: str
    place: corpus.Place
    name: str
    unit: UnitPlan
    operator: UnitPlan
    unit_short: str  # how the text names the unit: 清河区 / 清河区教育局 / 白沙镇
    departments: list[str]
    leaders: list[str]
    co_issuers: list[UnitPlan]
    slug: str
    hostname: str
    username: str
    weight: float
    identity: dict
    columns: list[ColumnPlan] = field(default_factory=list)  # every column, parents first
    # Filled in when written.
    root: object = None
    site: object = None
    user: object = None

    @property
    def leaves(self) -> list[ColumnPlan]:
        return [column for column in self.columns if column.is_leaf]


@dataclass
class PlatformPlan:
    sites: list[SitePlan]
    units: list[UnitPlan]  # parents before children


def credit_code(rng: random.Random, region_code: str) -> str:
    """A unified social credit code of a government body (机关, "11") in ``region_code``."""
    org = "".join(rng.choice(CREDIT_CODE_ALPHABET) for _ in range(9))
    first17 = "11" + region_code + org
    return first17 + credit_code_check_character(first17)


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}{number}"
        number += 1
    taken.add(candidate)
    return candidate


def plan_platform(
    rng: random.Random,
    site_count: int,
    *,
    taken_unit_names: set[str],
    taken_hostnames: set[str],
    taken_root_slugs: set[str],
    taken_usernames: set[str],
) -> PlatformPlan:
    sites: list[SitePlan] = []
    units: list[UnitPlan] = []
    county_count = -(-site_count // SITES_PER_COUNTY)
    used_places: set[str] = set()
    for county_index in range(county_count):
        province = rng.choice(corpus.PROVINCES)
        kind, kind_py = rng.choice(corpus.COUNTY_KINDS)
        for _ in range(200):
            short, pinyin = corpus.place_name(rng)
            if (
                short + kind not in used_places
                and short + kind + "人民政府" not in taken_unit_names
            ):
                break
        else:  # every invented name is taken: number it
            short, pinyin = f"{short}{county_index}", f"{pinyin}{county_index}"
        used_places.add(short + kind)
        region = f"{province[2]}{rng.randint(1, 30):02d}{rng.randint(1, 30):02d}"
        place = corpus.Place(
            name=short + kind,
            short=short,
            pinyin=pinyin + ("" if kind == "市" else kind_py[0]),
            kind=kind,
            province=province,
            city=rng.choice(corpus.CITY_NAMES),
            region_code=region,
        )
        government = UnitPlan(
            _unique(f"{place.name}人民政府", taken_unit_names),
            place.name,
            "government",
            credit_code(rng, region),
        )
        office = UnitPlan(
            _unique(f"{place.name}人民政府办公室", taken_unit_names),
            f"{place.name}政府办",
            "office",
            credit_code(rng, region),
            parent=government,
        )
        county_units = [government, office]
        departments = []
        for name, abbreviation in rng.sample(corpus.DEPARTMENTS, 4):
            unit = UnitPlan(
                _unique(f"{place.name}{name}", taken_unit_names),
                f"{place.short}{name}",
                "department",
                credit_code(rng, region),
                parent=government,
            )
            departments.append((unit, abbreviation))
            county_units.append(unit)
        department_names = [unit.name for unit, _ in departments]
        first_site = county_index * SITES_PER_COUNTY
        for offset in range(min(SITES_PER_COUNTY, site_count - first_site)):
            site_kind = ("portal", "department", "department", "township", "township")[offset]
            town_kind = ""
            if site_kind == "portal":
                unit, operator = government, office
                name, unit_short = government.name, place.name
                host = f"www.{place.pinyin}.gov.cn"
                slug = place.pinyin
            elif site_kind == "department":
                unit, abbreviation = departments[offset - 1]
                operator = unit
                name, unit_short = unit.name, unit.name
                host = f"{abbreviation}.{place.pinyin}.gov.cn"
                slug = f"{place.pinyin}-{abbreviation}"
            else:
                town_kind, town_kind_py = rng.choice(corpus.TOWN_KINDS)
                town, town_py = corpus.place_name(rng)
                suffix = "办事处" if town_kind == "街道" else "人民政府"
                unit = UnitPlan(
                    _unique(f"{place.name}{town}{town_kind}{suffix}", taken_unit_names),
                    f"{town}{town_kind}",
                    "township",
                    credit_code(rng, region),
                    parent=government,
                )
                county_units.append(unit)
                operator = unit
                name, unit_short = unit.name, f"{town}{town_kind}"
                host = f"{town_py}{town_kind_py}.{place.pinyin}.gov.cn"
                slug = f"{place.pinyin}-{town_py}{town_kind_py}"
            host = _unique_host(host, taken_hostnames)
            slug = _unique(slug, taken_root_slugs)
            index = len(sites)
            serial = rng.randint(1, 9999)
            identity = {
                "kind": site_kind,
                "site_code": f"{region}{serial:04d}",
                "icp_number": (
                    f"{province[0]}ICP备{rng.randint(10**7, 10**8 - 1)}号-{rng.randint(1, 9)}"
                ),
                "psb_number": f"{province[0]}公网安备 {region}{rng.randint(10**7, 10**8 - 1)}号",
                "conac_url": f"https://bszs.conac.cn/sitename?method=show&id={rng.getrandbits(48):X}",
                "english_domain": host,
                "chinese_domain": f"{name}.政务",
                "contact_phone": f"0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}",
                "contact_email": f"zwgk@{host.removeprefix('www.')}",
                "address": corpus.address(rng, place),
            }
            sites.append(
                SitePlan(
                    index=index,
                    kind=site_kind,
                    place=place,
                    name=name,
                    unit=unit,
                    operator=operator,
                    unit_short=unit_short,
                    departments=department_names,
                    leaders=corpus.leaders_for(site_kind, place, town_kind),
                    co_issuers=[u for u, _ in departments if u is not unit] or [government],
                    slug=slug,
                    hostname=host,
                    username=_unique(f"editor_{slug.replace('-', '_')}", taken_usernames),
                    weight=SITE_KIND_WEIGHTS[site_kind] * rng.uniform(0.6, 1.4),
                    identity=identity,
                )
            )
        units.extend(county_units)
    for site in sites:
        site.columns = plan_columns(rng, site)
    return PlatformPlan(sites=sites, units=units)


def _unique_host(host: str, taken: set[str]) -> str:
    first, _, rest = host.partition(".")
    candidate, number = host, 2
    while candidate in taken:
        candidate = f"{first}{number}.{rest}"
        number += 1
    taken.add(candidate)
    return candidate


def plan_columns(rng: random.Random, site: SitePlan) -> list[ColumnPlan]:
    """Pick 10 to 20 columns for ``site``: every required one, and most optional ones."""

    def fits(template: ColumnTemplate) -> bool:
        return site.kind in template.site_kinds

    chosen: list[tuple[ColumnTemplate, list[ColumnTemplate]]] = []
    for top in COLUMN_TREE:
        if not fits(top) or not (top.required or rng.random() < 0.7):
            continue
        children = [c for c in top.children if fits(c) and (c.required or rng.random() < 0.75)]
        if top.children and not children:
            children = [next(c for c in top.children if fits(c))]
        chosen.append((top, children))

    def count() -> int:
        return sum(1 + len(children) for _, children in chosen)

    while count() > MAX_COLUMNS:  # drop optional children until it fits
        optional = [
            (i, c) for i, (_, cs) in enumerate(chosen) for c in cs if not c.required and len(cs) > 1
        ]
        i, child = rng.choice(optional)
        chosen[i][1].remove(child)
    for top in COLUMN_TREE:  # add missing ones until there are enough
        if count() >= MIN_COLUMNS:
            break
        present = {t.slug: cs for t, cs in chosen}
        if top.slug not in present and fits(top):
            chosen.append((top, [c for c in top.children if fits(c)]))
        elif top.slug in present:
            for child in top.children:
                if fits(child) and child not in present[top.slug] and count() < MIN_COLUMNS:
                    present[top.slug].append(child)
    order = {t.slug: i for i, t in enumerate(COLUMN_TREE)}
    chosen.sort(key=lambda pair: order[pair[0].slug])

    columns: list[ColumnPlan] = []
    for top, children in chosen:
        top_plan = ColumnPlan(template=top, site=site, parent=None)
        columns.append(top_plan)
        for child in sorted(children, key=top.children.index):
            child_plan = ColumnPlan(template=child, site=site, parent=top_plan)
            top_plan.children.append(child_plan)
            columns.append(child_plan)
    return columns
