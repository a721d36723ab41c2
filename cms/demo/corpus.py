"""The demo platform's data: a fictional county (渭川区), its units, sites, columns and people,
and phrase lists from which titles, summaries and bodies are composed.

Every name and sentence here is invented for the demo. Everything is plain data; the builder in
:mod:`cms.demo.builder` turns it into database rows, and :class:`TextComposer` turns the phrase
lists into text with a seeded random generator, so a given seed always builds the same platform.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from cms.organisation.models import Role, UnitKind
from cms.organisation.validators import credit_code_check_character
from cms.sites.models import SiteKind

COUNTY = "渭川区"
# A six-digit administrative division code that no real county uses.
REGION_CODE = "610388"
DOMAIN = "weichuan.example.gov.cn"

# Published on purpose: every demo account has it, and platform_welcome prints it.
DEMO_PASSWORD = "Zhengwu#2026"
SUPERUSER_NAME = "admin"

# Item types, as named by the public API.
NEWS = "news"
NOTICE = "notice"
TOPIC = "topic"
RESPONSE = "response"
ITEM_TYPES = (NEWS, NOTICE, TOPIC, RESPONSE)


# --- Units ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    key: str
    name: str
    short_name: str
    kind: str
    parent: str | None = None


def credit_code(serial: int) -> str:
    """A valid unified social credit code for a government body (registration type 11)."""
    first17 = f"11{REGION_CODE}MB{serial:07d}"
    return first17 + credit_code_check_character(first17)


def _sections(parent: str, parent_name: str, names: list[tuple[str, str]]) -> list[UnitSpec]:
    return [
        UnitSpec(f"{parent}_{key}", f"{parent_name}{name}", name, UnitKind.SECTION, parent)
        for key, name in names
    ]


UNITS: list[UnitSpec] = [
    UnitSpec("gov", f"{COUNTY}人民政府", "区政府", UnitKind.GOVERNMENT),
    UnitSpec("bgs", f"{COUNTY}人民政府办公室", "区政府办", UnitKind.OFFICE, "gov"),
    *_sections(
        "bgs",
        f"{COUNTY}人民政府办公室",
        [("msk", "秘书科"), ("xxk", "政务信息科"), ("gkk", "政务公开科")],
    ),
    UnitSpec("fgj", f"{COUNTY}发展和改革局", "区发改局", UnitKind.DEPARTMENT, "gov"),
    *_sections("fgj", f"{COUNTY}发展和改革局", [("bgs", "办公室"), ("ghk", "规划科")]),
    UnitSpec("jyj", f"{COUNTY}教育局", "区教育局", UnitKind.DEPARTMENT, "gov"),
    *_sections("jyj", f"{COUNTY}教育局", [("bgs", "办公室"), ("jck", "基础教育科")]),
    UnitSpec("wjj", f"{COUNTY}卫生健康局", "区卫健局", UnitKind.DEPARTMENT, "gov"),
    *_sections("wjj", f"{COUNTY}卫生健康局", [("bgs", "办公室"), ("jkk", "疾病预防控制科")]),
    UnitSpec("nyj", f"{COUNTY}农业农村局", "区农业农村局", UnitKind.DEPARTMENT, "gov"),
    UnitSpec("rsj", f"{COUNTY}人力资源和社会保障局", "区人社局", UnitKind.DEPARTMENT, "gov"),
    UnitSpec("czj", f"{COUNTY}财政局", "区财政局", UnitKind.DEPARTMENT, "gov"),
    UnitSpec("tjj", f"{COUNTY}统计局", "区统计局", UnitKind.DEPARTMENT, "gov"),
    UnitSpec("zwfw", f"{COUNTY}政务服务中心", "区政务服务中心", UnitKind.INSTITUTION, "bgs"),
    UnitSpec("qxz", f"{COUNTY}清溪镇人民政府", "清溪镇", UnitKind.TOWNSHIP, "gov"),
    *_sections("qxz", f"{COUNTY}清溪镇人民政府", [("dzb", "党政综合办公室")]),
    UnitSpec("clj", f"{COUNTY}长乐街道办事处", "长乐街道", UnitKind.TOWNSHIP, "gov"),
    *_sections("clj", f"{COUNTY}长乐街道办事处", [("dzb", "党政综合办公室")]),
]


# --- People ---------------------------------------------------------------------------------

ROLE_ABBREVIATIONS = {
    Role.INFO_OFFICER: "xxy",  # 信息员
    Role.SECTION_CHIEF: "kz",  # 科长
    Role.DEPUTY_HEAD: "fgld",  # 分管领导
    Role.PRINCIPAL_HEAD: "zyld",  # 主要领导
    Role.SITE_ADMIN: "wzgly",  # 网站管理员
}

# The units whose staff hold every role: (unit key, username prefix, section for the section
# chief and the information officer). Other units that own a column get an information officer.
STAFFED_UNITS: list[tuple[str, str, str | None]] = [
    ("bgs", "bgs", "bgs_xxk"),
    ("fgj", "fgj", "fgj_bgs"),
    ("jyj", "jyj", "jyj_bgs"),
    ("wjj", "wjj", "wjj_bgs"),
    ("qxz", "qxz", "qxz_dzb"),
    ("clj", "cljd", "clj_dzb"),
]
OFFICER_ONLY_UNITS: list[tuple[str, str]] = [
    ("bgs_gkk", "gkk"),
    ("bgs_msk", "msk"),
    ("nyj", "nyj"),
    ("rsj", "rsj"),
    ("czj", "czj"),
    ("tjj", "tjj"),
    ("zwfw", "zwfw"),
]

# The district government's own reviewers, whose roles reach every unit below it: they take the
# items of units without a chain of their own (an information officer alone, or a bureau whose
# chief sits in its office) through 一审 to 三校.
DISTRICT_STAFF: tuple[str, str] = ("gov", "qzf")

SURNAMES = list(
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严覃武"
)
GIVEN_CHARACTERS = list(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国文斌宇浩"
    "凯健俊帆帅旭宁欣悦晨阳雪梅琳晓婷倩颖佳楠博睿哲瑞航毅峰亮晖"
)


def person_name(rng: random.Random) -> tuple[str, str]:
    """A (surname, given name) pair."""
    given_length = 1 if rng.random() < 0.3 else 2
    return rng.choice(SURNAMES), "".join(rng.sample(GIVEN_CHARACTERS, given_length))


# --- Sites ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteSpec:
    key: str
    name: str
    slug: str
    kind: str
    sponsor: str
    operator: str
    hostname: str
    english_domain: str
    chinese_domain: str
    serial: int
    is_default: bool = False

    @property
    def site_code(self) -> str:
        return f"{REGION_CODE}{self.serial:04d}"

    @property
    def icp_number(self) -> str:
        return f"陕ICP备19007316号-{self.serial}"

    @property
    def psb_number(self) -> str:
        return f"陕公网安备 {REGION_CODE}02{self.serial:06d}号"


# fmt: off
def _site(key: str, name: str, kind: str, serial: int, *, slug: str = "", unit: str = "",
          host: str = "", chinese: str = "") -> SiteSpec:
    """A department or township site sponsored and run by its own unit."""
    host = host or f"{slug or key}.{DOMAIN}"
    return SiteSpec(
        key=key, name=name, slug=slug or key, kind=kind, sponsor=unit or key,
        operator=unit or key, hostname=host, english_domain=host,
        chinese_domain=chinese or f"{name}.政务", serial=serial,
    )


SITES: list[SiteSpec] = [
    SiteSpec(
        key="portal", name=f"{COUNTY}人民政府", slug="portal", kind=SiteKind.PORTAL,
        sponsor="gov", operator="bgs", hostname="localhost", english_domain=f"www.{DOMAIN}",
        chinese_domain=f"{COUNTY}人民政府.政务", serial=1, is_default=True,
    ),
    _site("fgj", f"{COUNTY}发展和改革局", SiteKind.DEPARTMENT, 2),
    _site("jyj", f"{COUNTY}教育局", SiteKind.DEPARTMENT, 3),
    _site("wjj", f"{COUNTY}卫生健康局", SiteKind.DEPARTMENT, 4),
    _site("qxz", f"{COUNTY}清溪镇", SiteKind.TOWNSHIP, 5, chinese=f"{COUNTY}清溪镇人民政府.政务"),
    _site(
        "clj", f"{COUNTY}长乐街道", SiteKind.TOWNSHIP, 6, slug="cljd",
        chinese=f"{COUNTY}长乐街道办事处.政务",
    ),
]
# fmt: on

# --- Columns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnSpec:
    title: str
    slug: str
    unit: str
    category: str
    item_type: str | None = None
    theme: str = "general"
    weight: int = 1
    rumour: bool = False
    description: str = ""
    # Units whose names appear as the acting body of the items; the owner's by default.
    issuers: tuple[str, ...] = ()
    # Page types offered beside the column's item type ("app_label.ModelName").
    offers: tuple[str, ...] = ()
    children: tuple["ColumnSpec", ...] = field(default=())


C = ColumnSpec
POLICY = ("interpretation.PolicyDocumentPage",)
READING = ("interpretation.InterpretationPage",)
SURVEY = ("surveys.SurveyPage",)
GUIDES = ("knowledgebase.ServiceGuidePage",)
KNOWLEDGE = ("knowledgebase.KnowledgeEntryPage",)
DEPARTMENTS = ("fgj", "jyj", "wjj", "nyj", "rsj", "czj", "tjj")

# fmt: off
# title, slug, owning unit, update category, item type, theme, weight (share of the items).
PORTAL_COLUMNS: tuple[ColumnSpec, ...] = (
    C("新闻", "xinwen", "bgs_xxk", "news", description="全区政务要闻、部门和乡镇动态、通知公告。",
      children=(
          C("政务要闻", "zwyw", "bgs_xxk", "news", NEWS, "general", 4),
          C("部门动态", "bmdt", "bgs_xxk", "news", NEWS, "general", 3, issuers=DEPARTMENTS),
          C("乡镇动态", "xzdt", "bgs_xxk", "news", NEWS, "township", 3, issuers=("qxz", "clj")),
          C("通知公告", "tzgg", "bgs_msk", "notice", NOTICE, "general", 4),
      )),
    C("政务", "zhengwu", "bgs_gkk", "irregular", description="政府信息公开的主要栏目。",
      children=(
          C("政策文件", "zcwj", "bgs_gkk", "policy", NOTICE, "policy", 3, offers=POLICY),
          C("政策解读", "zcjd", "bgs_gkk", "policy", NEWS, "policy", 2, offers=READING),
          C("人事信息", "rsxx", "rsj", "irregular", NOTICE, "personnel", 2),
          C("财政预决算", "czyjs", "czj", "annual", NOTICE, "finance", 1),
          C("统计信息", "tjxx", "tjj", "monthly", NEWS, "statistics", 1),
      )),
    C("服务", "fuwu", "zwfw", "irregular", description="办事指南和便民服务。",
      children=(
          C("办事指南", "bszn", "zwfw", "irregular", NOTICE, "service", 2, offers=GUIDES),
          C("教育服务", "jyfw", "jyj", "irregular", NEWS, "education", 1),
          C("医疗卫生", "ylws", "wjj", "irregular", NEWS, "health", 1),
      )),
    C("互动", "hudong", "bgs_gkk", "irregular", description="回应关切、辟谣和征集调查。",
      children=(
          C("回应关切", "hygq", "bgs_gkk", "irregular", RESPONSE, "general", 3),
          C("辟谣专区", "pyzq", "bgs_xxk", "irregular", RESPONSE, "general", 2, rumour=True),
          C("征集调查", "zjdc", "bgs_gkk", "irregular", NOTICE, "consultation", 1, offers=SURVEY),
          C("知识库", "zsk", "zwfw", "irregular", description="常见问题与权威解答。",
            offers=KNOWLEDGE),
      )),
    C("区情", "quqing", "bgs_msk", "annual", description="区情概况与历史文化。",
      children=(
          C("区情概况", "qqgk", "bgs_msk", "annual", NEWS, "profile", 1),
          C("历史文化", "lswh", "bgs_msk", "irregular", NEWS, "culture", 1),
      )),
    C("专栏", "zhuanlan", "bgs_xxk", "irregular", description="专题专栏。",
      children=(
          C("优化营商环境", "yshj", "fgj", "monthly", TOPIC, "business", 2),
          C("乡村振兴", "xczx", "nyj", "monthly", TOPIC, "agriculture", 2),
          C("安全生产", "aqsc", "bgs_xxk", "monthly", TOPIC, "safety", 1),
          C("健康渭川", "jkwc", "wjj", "quarterly", TOPIC, "health", 1),
      )),
)
# fmt: on


# fmt: off
def department_columns(unit: str, theme: str) -> tuple[ColumnSpec, ...]:
    office = f"{unit}_bgs"
    return (
        C("工作动态", "gzdt", office, "news", NEWS, theme, 3),
        C("通知公告", "tzgg", office, "notice", NOTICE, theme, 2),
        C("政务公开", "zwgk", unit, "irregular", children=(
            C("政策文件", "zcwj", unit, "policy", NOTICE, theme, 1, offers=POLICY),
            C("政策解读", "zcjd", unit, "policy", NEWS, theme, 1, offers=READING),
        )),
        C("回应关切", "hygq", office, "irregular", RESPONSE, theme, 1),
        C("专题专栏", "ztzl", unit, "irregular", TOPIC, theme, 1),
    )


def township_columns(unit: str) -> tuple[ColumnSpec, ...]:
    office = f"{unit}_dzb"
    return (
        C("工作动态", "gzdt", office, "news", NEWS, "township", 2),
        C("通知公告", "tzgg", office, "notice", NOTICE, "township", 1),
        C("便民服务", "bmfw", unit, "irregular", NEWS, "service", 1),
        C("回应关切", "hygq", office, "irregular", RESPONSE, "township", 1),
        C("专题专栏", "ztzl", unit, "irregular", TOPIC, "township", 1),
    )


# fmt: on


SITE_COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "portal": PORTAL_COLUMNS,
    "fgj": department_columns("fgj", "business"),
    "jyj": department_columns("jyj", "education"),
    "wjj": department_columns("wjj", "health"),
    "qxz": township_columns("qxz"),
    "clj": township_columns("clj"),
}

# --- Reprint whitelist ----------------------------------------------------------------------

REPRINT_SOURCES: list[tuple[str, str]] = [
    ("新华社", "media"),
    ("人民日报", "media"),
    ("央视新闻", "media"),
    ("陕西日报", "media"),
    ("中国政府网", "party_government"),
    ("陕西省人民政府网", "party_government"),
    ("国家发展和改革委员会", "party_government"),
    ("教育部", "party_government"),
    ("国家卫生健康委员会", "party_government"),
]
# Reprints in a theme name sources that fit it; the rest take the general media.
REPRINT_SOURCES_BY_THEME: dict[str, list[str]] = {
    "business": ["国家发展和改革委员会", "中国政府网", "新华社"],
    "education": ["教育部", "人民日报", "新华社"],
    "health": ["国家卫生健康委员会", "央视新闻", "人民日报"],
    "policy": ["中国政府网", "陕西省人民政府网", "新华社"],
}
GENERAL_REPRINT_SOURCES = ["新华社", "人民日报", "央视新闻", "陕西日报", "中国政府网"]

# --- Phrase lists ---------------------------------------------------------------------------

PLACES = [
    "清溪镇",
    "长乐街道",
    "清溪镇柳湾村",
    "清溪镇石桥村",
    "长乐街道滨河社区",
    "长乐街道东关社区",
    "区经济技术开发区",
    "高新产业园",
    "城南片区",
    "渭川新城",
]
LEADERS = ["区长陈立新", "常务副区长孙卫东", "副区长周明华", "副区长林晓岚", "副区长郭建平"]

THEME_TOPICS: dict[str, list[str]] = {
    "general": [
        "民生实事",
        "重点项目建设",
        "防汛备汛",
        "安全生产",
        "文明城市创建",
        "城市更新",
        "老旧小区改造",
        "生态环境保护",
        "冬季供暖保障",
        "12345热线办理",
        "数字政府建设",
        "政务公开",
        "招商引资",
        "稳就业保民生",
        "森林防火",
    ],
    "township": [
        "农村人居环境整治",
        "秸秆禁烧",
        "基层治理",
        "网格化服务管理",
        "特色产业发展",
        "平安建设",
        "河长制",
        "村级集体经济",
        "社区养老服务",
        "矛盾纠纷排查化解",
    ],
    "policy": [
        "促进民营经济发展",
        "稳就业",
        "支持中小微企业",
        "住房公积金",
        "消费提振",
        "科技创新",
        "农业保险",
        "城乡居民医保",
        "困难群众救助",
        "历史文化街区保护",
    ],
    "personnel": ["事业单位公开招聘", "公务员考录", "干部任前公示", "公益性岗位招聘", "人才引进"],
    "finance": ["部门预算", "部门决算", "政府债务", "一般公共预算", "政府采购", "三公经费"],
    "statistics": [
        "地区生产总值",
        "规模以上工业",
        "固定资产投资",
        "社会消费品零售总额",
        "居民收入",
        "农业生产",
    ],
    "service": [
        "社保卡办理",
        "不动产登记",
        "营业执照办理",
        "户籍办理",
        "医保报销",
        "公积金提取",
        "新生儿出生一件事",
        "企业开办",
    ],
    "education": [
        "义务教育招生",
        "学前教育",
        "校园安全",
        "课后服务",
        "教师队伍建设",
        "学生资助",
        "职业教育",
        "双减工作",
    ],
    "health": [
        "家庭医生签约服务",
        "传染病防控",
        "基本公共卫生服务",
        "健康促进",
        "医联体建设",
        "适龄儿童疫苗接种",
        "老年人健康管理",
        "爱国卫生运动",
    ],
    "business": [
        "优化营商环境",
        "项目审批",
        "重点项目谋划",
        "价格监测",
        "节能降碳",
        "以工代赈",
        "社会信用体系建设",
        "民营经济发展",
    ],
    "agriculture": [
        "乡村振兴",
        "高标准农田建设",
        "粮食生产",
        "特色农业",
        "农村改厕",
        "防止返贫监测",
        "农业技术推广",
    ],
    "safety": [
        "安全生产",
        "燃气安全",
        "消防安全",
        "道路交通安全",
        "建筑施工安全",
        "危化品安全",
    ],
    "profile": ["区情概况", "行政区划", "自然地理", "人口民族", "经济发展", "交通区位"],
    "culture": ["非物质文化遗产", "文物保护", "传统村落", "地方戏曲", "民俗节庆", "古镇风貌"],
    "consultation": [
        "民生实事项目",
        "政府工作报告",
        "十五五规划",
        "城市公园建设",
        "公交线路优化",
        "便民服务网点布局",
    ],
}

NEWS_TITLES = [
    "{unit}召开{topic}工作推进会",
    "{unit}部署{year}年{topic}重点工作",
    "{leader}到{place}调研{topic}工作",
    "{place}多措并举推进{topic}",
    "{unit}开展{topic}专项督导检查",
    "我区{topic}工作取得阶段性成效",
    "{unit}举办{topic}业务培训班",
    "{place}：{topic}跑出“加速度”",
    "{unit}召开{topic}专题会议",
    "{place}扎实做好{topic}各项工作",
    "{unit}召开{year}年{topic}工作座谈会",
    "{leader}主持召开{topic}调度会",
]
NOTICE_TITLES = [
    "关于做好{year}年{topic}工作的通知",
    "关于开展{topic}专项行动的通知",
    "{unit}关于{topic}有关事项的公告",
    "关于印发《{county}{topic}实施方案》的通知",
    "关于{year}年{topic}工作安排的公示",
    "关于征求《{county}{topic}若干措施（征求意见稿）》意见的公告",
    "{unit}关于{year}年{topic}的通告",
]
TOPIC_TITLES = [
    "{topic}专题",
    "聚焦{topic}",
    "{year}年{topic}专题",
    "{topic}在行动",
    "{topic}进行时",
]
RESPONSE_TITLES = [
    "关于{place}{issue}问题的回应",
    "关于网民反映{place}{issue}的回复",
    "{unit}回应{place}{issue}问题",
]
RUMOUR_TITLES = [
    "网传“{rumour}”不实",
    "关于“{rumour}”的辟谣",
    "{unit}：“{rumour}”系谣言",
]
ISSUES = [
    "道路积水",
    "路灯不亮",
    "小区噪声扰民",
    "公交站点设置",
    "农贸市场占道经营",
    "停车难",
    "供暖温度不达标",
    "老旧管网漏水",
    "施工扬尘",
    "学校周边交通拥堵",
    "社区卫生服务站就诊",
    "垃圾清运不及时",
]
REQUESTS = [
    "希望有关部门尽快处理",
    "建议加强日常管理",
    "希望尽快给予答复",
    "建议增设相关设施",
]
RUMOURS = [
    "我区将全面停水三天",
    "区内中小学提前放假",
    "某小区发生重大安全事故",
    "城区将实行单双号限行",
    "辖区超市食品大量变质",
    "农村医保将停止缴费",
    "城南片区即将整体拆迁",
    "供暖费将上涨一倍",
]

OPENINGS = [
    "{date}，{unit}召开{topic}工作会议，听取前一阶段工作情况汇报，研究部署下一步重点任务。",
    "{date}，{leader}带队深入{place}，实地调研{topic}工作推进情况。",
    "近日，{unit}组织召开{topic}专题推进会，总结工作成效，分析存在问题，安排下一步工作。",
    "为深入推进{topic}工作，{date}，{unit}组织相关科室和单位开展集中督导检查。",
    "今年以来，{place}聚焦{topic}，坚持问题导向，细化工作举措，各项工作有序推进。",
]
EMPHASES = ["会议强调", "会议指出", "会议要求", "调研中指出", "据介绍", "下一步"]
ACTIONS = [
    "要坚持问题导向和目标导向，逐项梳理任务清单",
    "要进一步压实工作责任，把各项任务落实到岗位、落实到人",
    "要强化部门协同联动，形成工作合力",
    "要聚焦群众急难愁盼问题，办好每一件民生小事",
    "要加强督促检查和跟踪问效，确保工作取得实效",
    "要完善长效机制，推动工作常态化、制度化开展",
    "要加强宣传引导，及时回应社会关切",
    "要统筹发展和安全，守牢安全底线",
    "要加快工作进度，倒排工期、挂图作战",
    "要注重总结经验，及时推广好做法、好经验",
]
GOALS = [
    "确保各项任务按期保质完成",
    "切实提升群众获得感和满意度",
    "推动{topic}工作提质增效",
    "为全区高质量发展提供有力支撑",
    "以实际成效取信于民",
    "努力交出让群众满意的答卷",
]
FACTS = [
    "截至目前，已累计排查问题{n}处，完成整改{m}处",
    "全区已完成年度目标任务的{p}%",
    "已组织开展专题培训{k}场次，覆盖工作人员{n}人次",
    "共走访群众{n}户，收集意见建议{m}条",
    "已投入专项资金{k}00万元，惠及群众{n}人",
]
CLOSINGS = [
    "会上，相关单位负责同志分别汇报了工作进展情况。",
    "区级有关部门负责同志参加会议。",
    "下一步，{unit}将持续跟踪问效，推动各项措施落地见效。",
    "{place}相关负责同志陪同调研。",
]
NOTICE_PARAGRAPHS = [
    "各镇（街道）人民政府（办事处），区级各部门：",
    "为切实做好{topic}工作，根据上级有关要求，结合我区实际，现将有关事项通知如下。",
    "一、工作目标。围绕{topic}，进一步完善工作机制，{goal}。",
    "二、工作任务。各单位{action}，{action2}。",
    "三、工作要求。各单位要高度重视，明确专人负责，于每月底前报送工作进展情况。",
    "联系电话：0917-28{phone}。",
]
RESPONSE_PARAGRAPHS = [
    "收到网民反映后，{unit}高度重视，第一时间组织人员赴现场核实情况。",
    "经核实，网民反映的情况基本属实。目前，相关单位已制定整改方案，{action}，预计近期完成整改。",
    "下一步，{unit}将加强日常巡查和管理，{goal}。感谢您对我区工作的关心和支持！",
]
RUMOUR_PARAGRAPHS = [
    "近日，有网民在社交平台发布“{rumour}”的信息，引发部分群众关注。",
    "经{unit}核实，该信息系不实信息。目前，我区各项工作运行正常。",
    "请广大群众以官方发布的信息为准，不信谣、不传谣。对编造、故意传播虚假信息的行为，公安机关将依法处理。",
]
TOPIC_PARAGRAPHS = [
    "为集中展示我区{topic}工作进展和成效，特开设本专题。",
    "专题设置工作动态、政策文件、经验做法等板块，及时发布{topic}相关信息。",
    "欢迎社会各界关注并提出意见建议，共同推动{topic}工作取得新成效。",
]


def chinese_date(day: date) -> str:
    return f"{day.month}月{day.day}日"


class TextComposer:
    """Titles, summaries and bodies composed from the phrase lists with a seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def _pick(self, options: list[str]) -> str:
        return self.rng.choice(options)

    def _fill(self, template: str, **context) -> str:
        return template.format(**context)

    def _context(self, theme: str, unit: str, published: date) -> dict[str, str]:
        rng = self.rng
        topic = self._pick(THEME_TOPICS.get(theme, THEME_TOPICS["general"]))
        return {
            "topic": topic,
            "unit": unit,
            "county": COUNTY,
            "year": str(published.year),
            "date": chinese_date(published),
            "leader": self._pick(LEADERS),
            "place": self._pick(PLACES),
            "issue": self._pick(ISSUES),
            "rumour": self._pick(RUMOURS),
            "n": str(rng.randint(30, 900)),
            "m": str(rng.randint(10, 300)),
            "k": str(rng.randint(3, 40)),
            "p": str(rng.randint(60, 98)),
            "phone": f"{rng.randint(0, 99999):05d}",
        }

    def _exhortation(self, ctx: dict[str, str]) -> str:
        first, second = self.rng.sample(ACTIONS, 2)
        goal = self._fill(self._pick(GOALS), **ctx)
        return f"{self._pick(EMPHASES)}，{first}；{second.removeprefix('要')}，{goal}。"

    @staticmethod
    def _html(paragraphs: list[str]) -> str:
        return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)

    @staticmethod
    def summary_of(paragraphs: list[str], limit: int = 120) -> str:
        text = paragraphs[0]
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def news(self, theme: str, unit: str, published: date) -> tuple[str, str, str]:
        ctx = self._context(theme, unit, published)
        title = self._fill(self._pick(NEWS_TITLES), **ctx)
        paragraphs = [self._fill(self._pick(OPENINGS), **ctx)]
        for _ in range(self.rng.randint(1, 3)):
            paragraphs.append(self._exhortation(ctx))
        paragraphs.append(self._fill(self._pick(FACTS), **ctx) + "。")
        paragraphs.append(self._fill(self._pick(CLOSINGS), **ctx))
        return title, self.summary_of(paragraphs), self._html(paragraphs)

    def notice(self, theme: str, unit: str, published: date) -> tuple[str, str, str]:
        ctx = self._context(theme, unit, published)
        title = self._fill(self._pick(NOTICE_TITLES), **ctx)
        action, action2 = self.rng.sample(ACTIONS, 2)
        ctx.update(
            goal=self._fill(self._pick(GOALS), **ctx),
            action=action.removeprefix("要"),
            action2=action2.removeprefix("要"),
        )
        paragraphs = [self._fill(p, **ctx) for p in NOTICE_PARAGRAPHS]
        # The signature: two paragraphs, not a <br>, which the platform's sanitiser rewrites
        # into a form the rich-text editor cannot open.
        paragraphs.append(unit)
        paragraphs.append(f"{published.year}年{published.month}月{published.day}日")
        summary = self.summary_of(paragraphs[1:2])
        return title, summary, self._html(paragraphs)

    def topic(self, theme: str, unit: str, published: date) -> tuple[str, str, str]:
        ctx = self._context(theme, unit, published)
        title = self._fill(self._pick(TOPIC_TITLES), **ctx)
        paragraphs = [self._fill(p, **ctx) for p in TOPIC_PARAGRAPHS]
        paragraphs.insert(2, self._exhortation(ctx))
        return title, self.summary_of(paragraphs), self._html(paragraphs)

    def response(
        self, theme: str, unit: str, published: date, rumour: bool
    ) -> tuple[str, str, str, str]:
        """Title, summary, body and the concern (or rumour) it answers."""
        ctx = self._context(theme, unit, published)
        ctx.update(
            action=self._pick(ACTIONS).removeprefix("要"), goal=self._fill(self._pick(GOALS), **ctx)
        )
        if rumour:
            title = self._fill(self._pick(RUMOUR_TITLES), **ctx)
            concern = self._fill("网络流传“{rumour}”的说法，部分群众询问是否属实。", **ctx)
            paragraphs = [self._fill(p, **ctx) for p in RUMOUR_PARAGRAPHS]
        else:
            title = self._fill(self._pick(RESPONSE_TITLES), **ctx)
            concern = self._fill("有网民反映{place}{issue}，", **ctx) + self._pick(REQUESTS) + "。"
            paragraphs = [self._fill(p, **ctx) for p in RESPONSE_PARAGRAPHS]
        return title, self.summary_of(paragraphs), self._html(paragraphs), concern
