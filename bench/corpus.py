"""Invented Chinese text for generated government sites.

Everything here is composed from short phrase lists written for the benchmark: place names are
made up from syllables, titles and bodies from templates. Nothing is copied from a real site.
The functions take a ``random.Random`` so a seed gives the same platform every time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# --- Places -------------------------------------------------------------------------------

# (province abbreviation, province, two-digit region prefix) for registration numbers.
PROVINCES = [
    ("陕", "陕西省", "61"),
    ("川", "四川省", "51"),
    ("豫", "河南省", "41"),
    ("鄂", "湖北省", "42"),
    ("湘", "湖南省", "43"),
    ("皖", "安徽省", "34"),
    ("赣", "江西省", "36"),
    ("浙", "浙江省", "33"),
    ("苏", "江苏省", "32"),
    ("鲁", "山东省", "37"),
    ("晋", "山西省", "14"),
    ("冀", "河北省", "13"),
    ("闽", "福建省", "35"),
    ("黔", "贵州省", "52"),
    ("滇", "云南省", "53"),
    ("甘", "甘肃省", "62"),
]

PLACE_HEADS = [
    ("清", "qing"),
    ("云", "yun"),
    ("龙", "long"),
    ("桂", "gui"),
    ("松", "song"),
    ("临", "lin"),
    ("安", "an"),
    ("平", "ping"),
    ("宁", "ning"),
    ("东", "dong"),
    ("西", "xi"),
    ("南", "nan"),
    ("北", "bei"),
    ("新", "xin"),
    ("长", "chang"),
    ("永", "yong"),
    ("丰", "feng"),
    ("泰", "tai"),
    ("和", "he"),
    ("华", "hua"),
    ("兴", "xing"),
    ("嘉", "jia"),
    ("明", "ming"),
    ("金", "jin"),
    ("石", "shi"),
    ("白", "bai"),
    ("凤", "feng"),
    ("鹤", "he"),
    ("柳", "liu"),
    ("梅", "mei"),
    ("桃", "tao"),
    ("杨", "yang"),
    ("玉", "yu"),
    ("银", "yin"),
    ("翠", "cui"),
    ("瑞", "rui"),
    ("昌", "chang"),
    ("盛", "sheng"),
    ("德", "de"),
    ("仁", "ren"),
    ("崇", "chong"),
    ("文", "wen"),
    ("武", "wu"),
    ("秀", "xiu"),
    ("蓝", "lan"),
]
PLACE_TAILS = [
    ("川", "chuan"),
    ("河", "he"),
    ("山", "shan"),
    ("江", "jiang"),
    ("阳", "yang"),
    ("原", "yuan"),
    ("台", "tai"),
    ("泉", "quan"),
    ("源", "yuan"),
    ("城", "cheng"),
    ("峰", "feng"),
    ("湖", "hu"),
    ("林", "lin"),
    ("州", "zhou"),
    ("浦", "pu"),
    ("塘", "tang"),
    ("岭", "ling"),
    ("坪", "ping"),
    ("桥", "qiao"),
    ("溪", "xi"),
    ("谷", "gu"),
    ("沙", "sha"),
    ("田", "tian"),
    ("丘", "qiu"),
    ("陵", "ling"),
]
COUNTY_KINDS = [("区", "qu"), ("县", "xian"), ("市", "shi")]
TOWN_KINDS = [("镇", "zhen"), ("乡", "xiang"), ("街道", "jd")]
CITY_NAMES = ["江川市", "云阳市", "泰和市", "凤林市", "安平市", "临溪市", "兴原市", "嘉峰市"]

# (name, abbreviation used in host names)
DEPARTMENTS = [
    ("教育局", "jyj"),
    ("卫生健康局", "wjj"),
    ("住房和城乡建设局", "zjj"),
    ("自然资源局", "zrzyj"),
    ("市场监督管理局", "scjgj"),
    ("农业农村局", "nyncj"),
    ("交通运输局", "jtysj"),
    ("人力资源和社会保障局", "rsj"),
    ("财政局", "czj"),
    ("民政局", "mzj"),
    ("应急管理局", "yjglj"),
    ("文化和旅游局", "whlyj"),
    ("发展和改革局", "fgj"),
    ("统计局", "tjj"),
    ("水利局", "slj"),
    ("医疗保障局", "ybj"),
    ("司法局", "sfj"),
    ("审计局", "sjj"),
    ("林业局", "lyj"),
    ("科学技术局", "kjj"),
]

STREETS = [
    "人民",
    "解放",
    "建设",
    "中山",
    "文化",
    "新华",
    "和平",
    "团结",
    "振兴",
    "迎宾",
    "滨河",
    "朝阳",
    "幸福",
    "光明",
    "胜利",
    "育才",
    "长青",
    "锦绣",
]
ROAD_KINDS = ["路", "大道", "街"]


@dataclass(frozen=True)
class Place:
    name: str  # 清河区
    short: str  # 清河
    pinyin: str  # qinghe
    kind: str  # 区
    province: tuple[str, str, str]
    city: str
    region_code: str  # six digits


def place_name(rng: random.Random) -> tuple[str, str]:
    head, head_py = rng.choice(PLACE_HEADS)
    tail, tail_py = rng.choice(PLACE_TAILS)
    if head == tail:
        tail, tail_py = PLACE_TAILS[0]
    return head + tail, head_py + tail_py


def address(rng: random.Random, place: Place) -> str:
    return (
        f"{place.province[1]}{place.city}{place.name}"
        f"{rng.choice(STREETS)}{rng.choice(ROAD_KINDS)}{rng.randint(1, 399)}号"
    )


# --- Text pieces --------------------------------------------------------------------------

TOPICS = [
    "安全生产",
    "乡村振兴",
    "优化营商环境",
    "河湖长制",
    "森林防火",
    "防汛抗旱",
    "耕地保护",
    "城市更新",
    "老旧小区改造",
    "全民健身",
    "义务教育优质均衡",
    "基层医疗卫生服务",
    "社会救助",
    "就业创业",
    "高标准农田建设",
    "人居环境整治",
    "食品安全",
    "消防安全",
    "燃气安全",
    "道路交通安全",
    "大气污染防治",
    "水污染防治",
    "垃圾分类",
    "政务服务标准化",
    "一网通办",
    "数字政府建设",
    "招商引资",
    "重点项目建设",
    "民营经济发展",
    "文明城市创建",
    "农村供水保障",
    "冬春季疫病防控",
    "养老服务体系建设",
    "托育服务",
    "根治欠薪",
    "信访工作",
    "平安建设",
    "法治政府建设",
    "政务公开",
    "统计数据质量",
    "粮食生产",
    "秸秆综合利用",
    "地质灾害防治",
    "文旅融合发展",
    "非物质文化遗产保护",
    "科技创新",
    "人才引进",
    "社区治理",
    "物业服务管理",
    "背街小巷整治",
    "冬季供暖保障",
]
MEETINGS = [
    "工作会议",
    "专题会议",
    "推进会",
    "调度会",
    "部署会",
    "培训会",
    "座谈会",
    "现场观摩会",
    "联席会议",
    "动员大会",
    "专题培训班",
    "工作推进会",
    "业务培训",
    "经验交流会",
]
ACTIONS = [
    "扎实推进",
    "全力推进",
    "深入开展",
    "持续抓好",
    "统筹推进",
    "稳步推进",
    "加快推进",
    "认真做好",
    "高质量推进",
    "全面部署",
]
INSPECTIONS = ["调研", "督导检查", "暗访检查", "实地查看", "专题调研", "现场办公"]
LEADERS = {
    "区": ["区委书记", "区长", "常务副区长", "副区长", "区政府党组成员"],
    "县": ["县委书记", "县长", "常务副县长", "副县长", "县政府党组成员"],
    "市": ["市委书记", "市长", "常务副市长", "副市长", "市政府党组成员"],
}
ACTIVITIES = [
    "志愿服务活动",
    "宣传周活动",
    "应急演练",
    "集中宣传活动",
    "专项整治行动",
    "安全隐患排查",
    "入户走访活动",
    "义诊活动",
    "法律咨询活动",
    "招聘会",
    "技能竞赛",
    "文艺汇演",
]
ACHIEVEMENTS = [
    "取得阶段性成效",
    "获评省级示范单位",
    "顺利通过验收",
    "经验做法获推广",
    "提前完成年度任务",
    "位列全市前列",
    "入选典型案例",
    "实现稳中有进",
]
NOTICE_ACTS = ["做好", "开展", "组织开展", "进一步做好", "切实做好", "扎实开展"]
NOTICE_WORKS = [
    "年度考核",
    "专项检查",
    "申报",
    "评选表彰",
    "督查",
    "统计调查",
    "普查",
    "信息报送",
    "集中排查整治",
    "宣传教育",
    "资格审核",
    "补贴发放",
    "摸底调查",
    "验收",
]
RECRUITS = [
    "公开招聘事业单位工作人员",
    "公开招聘社区工作者",
    "公开招聘教师",
    "招聘公益性岗位人员",
    "公开选调工作人员",
    "公开招聘医护人员",
]
DOCUMENT_KINDS = ["实施方案", "管理办法", "工作方案", "实施细则", "行动计划", "若干措施"]
OBJECTS = [
    "责任体系",
    "工作机制",
    "监管措施",
    "服务质量",
    "基础设施",
    "民生保障",
    "风险防控",
    "资金使用管理",
    "信息公开",
    "队伍建设",
    "制度建设",
    "宣传引导",
]
VERBS = ["健全", "完善", "强化", "落实", "压实", "提升", "优化", "规范", "加强", "夯实"]
GOALS = [
    "各项任务落到实处",
    "群众满意度持续提升",
    "目标任务按期完成",
    "工作取得实效",
    "人民群众生命财产安全",
    "经济社会平稳健康发展",
    "服务更加便捷高效",
    "问题整改到位",
]
GROUPS = [
    "各镇（街道）",
    "区级各部门",
    "各有关单位",
    "各相关部门",
    "各村（社区）",
    "各学校",
    "各医疗卫生机构",
    "各企业",
]
ISSUE_UNITS = ["个", "处", "项", "条"]
PEOPLE_UNITS = ["人次", "户", "余人", "余户"]
# Who leads, by kind of site: a county's government, a department, a township.
DEPARTMENT_LEADERS = ["局长", "局党组书记", "副局长", "局党组成员"]
TOWNSHIP_LEADERS = {
    "镇": ["镇党委书记", "镇长", "副镇长"],
    "乡": ["乡党委书记", "乡长", "副乡长"],
    "街道": ["街道党工委书记", "街道办事处主任", "街道办事处副主任"],
}

CONCERN_PROBLEMS = [
    "路灯不亮",
    "道路破损积水",
    "噪音扰民",
    "小区供暖不热",
    "停车难",
    "垃圾清运不及时",
    "公交线路调整",
    "农村饮水水压不足",
    "学校周边交通拥堵",
    "养老服务补贴申领",
    "医保报销进度",
    "老旧小区加装电梯",
    "菜市场环境脏乱",
    "施工扬尘",
]
RUMOURS = [
    "将全面限制电动自行车上路",
    "自来水检出有害物质",
    "某小学发生食品安全事件",
    "辖区将整体拆迁",
    "新农合今年停止缴费",
    "部分路段将永久封闭",
    "发放高额生活补贴需先缴费",
    "某景区即将停止对外开放",
    "身份证过期将影响医保使用",
]
REPRINT_SOURCES = [
    ("新华社", "media"),
    ("人民日报", "media"),
    ("光明日报", "media"),
    ("经济日报", "media"),
    ("中央广播电视总台", "media"),
    ("中国政府网", "party_government"),
    ("省人民政府网", "party_government"),
    ("市人民政府网", "party_government"),
]


def _date_zh(year: int, month: int, day: int) -> str:
    return f"{year}年{month}月{day}日"


@dataclass
class TextContext:
    """What a piece of text is about: where, by whom, and when."""

    place: Place
    unit: str  # the issuing unit's full name
    unit_short: str  # 区教育局, or the place for a government
    departments: list[str]
    leaders: list[str]
    year: int
    month: int
    day: int


def leaders_for(kind: str, place: Place, town_kind: str = "") -> list[str]:
    """Who may chair a meeting of a ``kind`` site (portal, department, township)."""
    if kind == "department":
        return DEPARTMENT_LEADERS
    if kind == "township":
        return TOWNSHIP_LEADERS.get(town_kind, TOWNSHIP_LEADERS["镇"])
    return LEADERS.get(place.kind, LEADERS["区"])


def _leader(rng: random.Random, ctx: TextContext) -> str:
    return rng.choice(ctx.leaders)


def news_title(rng: random.Random, ctx: TextContext) -> str:
    topic = rng.choice(TOPICS)
    name = ctx.unit_short
    choice = rng.randrange(8)
    if choice == 0:
        return f"{name}召开{topic}{rng.choice(MEETINGS)}"
    if choice == 1:
        return f"{name}{rng.choice(ACTIONS)}{topic}工作"
    if choice == 2:
        return f"{_leader(rng, ctx)}{rng.choice(INSPECTIONS)}{topic}工作"
    if choice == 3:
        return f"{name}开展{topic}{rng.choice(ACTIVITIES)}"
    if choice == 4:
        return f"{name}{topic}工作{rng.choice(ACHIEVEMENTS)}"
    if choice == 5:
        return f"{ctx.year}年{name}{topic}{rng.choice(MEETINGS)}召开"
    if choice == 6:
        return f"{name}多措并举{rng.choice(VERBS)}{topic}{rng.choice(OBJECTS)}"
    return f"{rng.choice(ctx.departments)}：{rng.choice(ACTIONS)}{topic}"


def notice_title(rng: random.Random, ctx: TextContext) -> str:
    topic = rng.choice(TOPICS)
    choice = rng.randrange(6)
    if choice == 0:
        act, work = rng.choice(NOTICE_ACTS), rng.choice(NOTICE_WORKS)
        return f"关于{act}{ctx.year}年度{topic}{work}工作的通知"
    if choice == 1:
        document = f"{ctx.place.name}{topic}{rng.choice(DOCUMENT_KINDS)}"
        return f"{ctx.unit}关于公开征求《{document}（征求意见稿）》意见的公告"
    if choice == 2:
        return f"{ctx.year}年{ctx.unit}{rng.choice(RECRUITS)}公告"
    if choice == 3:
        return f"关于印发《{ctx.place.name}{topic}{rng.choice(DOCUMENT_KINDS)}》的通知"
    if choice == 4:
        return f"{ctx.unit}关于{topic}{rng.choice(NOTICE_WORKS)}结果的公示"
    return f"关于{ctx.year}年{topic}{rng.choice(NOTICE_WORKS)}有关事项的通告"


def topic_title(rng: random.Random, ctx: TextContext) -> str:
    topic = rng.choice(TOPICS)
    choice = rng.randrange(4)
    if choice == 0:
        return f"{topic}专题"
    if choice == 1:
        return f"{ctx.year}年{topic}专栏"
    if choice == 2:
        return f"{ctx.place.name}{topic}在行动"
    return f"聚焦{topic}"


def response_title(rng: random.Random, ctx: TextContext, rumour: bool) -> tuple[str, str]:
    """Return the title and the concern (what the public asked or heard)."""
    if rumour:
        claim = rng.choice(RUMOURS)
        title = rng.choice([f"网传“{ctx.place.name}{claim}”不实", f"关于网传{claim}的澄清说明"])
        concern = (
            f"近日，有网络信息称“{ctx.place.name}{claim}”，引发部分群众关注。"
            f"网民询问该信息是否属实。"
        )
        return title, concern
    problem = rng.choice(CONCERN_PROBLEMS)
    street = rng.choice(STREETS) + rng.choice(ROAD_KINDS)
    title = rng.choice(
        [f"关于{street}{problem}问题的回应", f"群众反映{problem}问题，{ctx.unit_short}这样回复"]
    )
    concern = (
        f"有群众反映，{ctx.place.name}{street}一带长期存在{problem}问题，"
        f"给周边居民生活带来不便，希望有关部门尽快研究解决。"
    )
    return title, concern


def _sentence_opening(rng: random.Random, ctx: TextContext, topic: str) -> str:
    date = _date_zh(ctx.year, ctx.month, ctx.day)
    choice = rng.randrange(4)
    if choice == 0:
        return (
            f"{date}，{ctx.unit_short}召开{topic}{rng.choice(MEETINGS)}，"
            f"{_leader(rng, ctx)}出席会议并讲话。"
        )
    if choice == 1:
        return f"{date}，{_leader(rng, ctx)}带队{rng.choice(INSPECTIONS)}{topic}工作。"
    if choice == 2:
        return (
            f"近日，{ctx.unit_short}{rng.choice(ACTIONS)}{topic}工作，"
            f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}，推动各项工作走深走实。"
        )
    aim = f"{rng.choice(VERBS)}{topic}{rng.choice(OBJECTS)}"
    return f"为{aim}，{ctx.unit_short}于{date}开展{rng.choice(ACTIVITIES)}。"


def _sentence_middle(rng: random.Random, ctx: TextContext, topic: str, choice: int) -> str:
    if choice == 0:
        return (
            f"会议指出，{topic}工作事关群众切身利益，要{rng.choice(VERBS)}{rng.choice(OBJECTS)}，"
            f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}。"
        )
    if choice == 1:
        return (
            f"会议强调，{rng.choice(GROUPS)}要提高思想认识，{rng.choice(VERBS)}{rng.choice(OBJECTS)}，"
            f"确保{rng.choice(GOALS)}。"
        )
    if choice == 2:
        return (
            f"据了解，今年以来共排查各类问题{rng.randint(3, 600)}{rng.choice(ISSUE_UNITS)}，"
            f"整改完成率达{rng.randint(85, 100)}%。"
        )
    if choice == 3:
        return (
            f"{rng.choice(ctx.departments)}负责同志介绍了{topic}工作进展情况，"
            f"并就下一步工作作了具体安排。"
        )
    if choice == 4:
        return (
            f"活动现场，工作人员通过发放宣传资料、现场讲解等方式，向群众普及{topic}相关知识，"
            f"累计发放资料{rng.randint(2, 90) * 100}余份，服务群众{rng.randint(50, 3000)}"
            f"{rng.choice(PEOPLE_UNITS)}。"
        )
    if choice == 5:
        return (
            f"截至目前，已累计投入资金{rng.randint(12, 9800)}万元，"
            f"完成项目{rng.randint(2, 160)}个，{rng.choice(ACHIEVEMENTS)}。"
        )
    if choice == 6:
        return (
            f"与会人员围绕{topic}{rng.choice(OBJECTS)}进行了深入交流，"
            f"并就存在的困难和问题提出了意见建议。"
        )
    return (
        f"{ctx.unit_short}坚持问题导向，建立工作台账，实行清单化管理，推动{topic}各项措施落地见效。"
    )


MIDDLE_SENTENCES = 8


def _sentence_closing(rng: random.Random, ctx: TextContext, topic: str) -> str:
    choice = rng.randrange(3)
    if choice == 0:
        return (
            f"下一步，{ctx.unit_short}将持续{rng.choice(VERBS)}{rng.choice(OBJECTS)}，"
            f"推动{topic}工作取得更大成效。"
        )
    if choice == 1:
        return f"会议要求，{rng.choice(GROUPS)}要压紧压实责任，确保{rng.choice(GOALS)}。"
    action = f"{rng.choice(ACTIONS)}{topic}"
    return f"{ctx.unit_short}表示，将以此为契机，{action}，确保{rng.choice(GOALS)}。"


def body_paragraphs(rng: random.Random, ctx: TextContext) -> list[str]:
    """Three to five paragraphs about one topic, no sentence pattern twice."""
    topic = rng.choice(TOPICS)
    middles = [
        _sentence_middle(rng, ctx, topic, choice)
        for choice in rng.sample(range(MIDDLE_SENTENCES), rng.randint(3, 6))
    ]
    paragraphs = [_sentence_opening(rng, ctx, topic) + middles.pop(0)]
    while middles:
        take = rng.randint(1, 2)
        paragraphs.append("".join(middles[:take]))
        del middles[:take]
    paragraphs.append(_sentence_closing(rng, ctx, topic))
    return paragraphs


def notice_paragraphs(rng: random.Random, ctx: TextContext) -> list[str]:
    topic = rng.choice(TOPICS)
    work = rng.choice(NOTICE_WORKS)
    paragraphs = [
        f"{rng.choice(GROUPS)}：",
        f"为{rng.choice(VERBS)}{topic}{rng.choice(OBJECTS)}，确保{rng.choice(GOALS)}，"
        f"经研究，决定开展{ctx.year}年度{topic}{work}工作。现将有关事项通知如下：",
        f"一、工作目标。{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(VERBS)}"
        f"{rng.choice(OBJECTS)}，确保{rng.choice(GOALS)}。",
        f"二、工作安排。各单位要于{ctx.month}月底前完成自查，并将工作开展情况报送{ctx.unit}。",
        f"三、工作要求。{rng.choice(GROUPS)}要高度重视，明确专人负责，{rng.choice(VERBS)}"
        f"{rng.choice(OBJECTS)}，确保工作按时保质完成。",
        f"联系电话：{rng.randint(1000000, 9999999)}",
    ]
    return paragraphs


def response_paragraphs(rng: random.Random, ctx: TextContext, rumour: bool) -> list[str]:
    if rumour:
        return [
            f"经核实，该信息系不实信息。{ctx.unit}从未发布过相关通知，也未作出相关决定。",
            "请广大群众以官方发布的信息为准，不信谣、不传谣。"
            "对编造、传播谣言的行为，公安机关将依法予以处理。",
            "如有疑问，可拨打政务服务便民热线咨询。",
        ]
    return [
        f"收到群众反映后，{ctx.unit_short}高度重视，第一时间组织工作人员现场核查。",
        "".join(
            _sentence_middle(rng, ctx, rng.choice(TOPICS), choice)
            for choice in rng.sample((2, 5, 7), 2)  # no meeting in a reply
        ),
        f"目前相关问题已列入整改计划，预计{rng.randint(1, 12)}个月内完成整改。"
        f"感谢您对我们工作的关心和支持。",
    ]


def summary_of(paragraphs: list[str], limit: int = 120) -> str:
    text = paragraphs[0] if len(paragraphs[0]) > 20 or len(paragraphs) == 1 else paragraphs[1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
