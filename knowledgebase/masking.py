"""Personal data masked out of text the public reads (R26): exchanges of the mailboxes now, the
knowledge base's entries later.

The detectors are the pre-publication checks' own (:mod:`editorial.prechecks.detectors`), so
what the editor is warned about and what the public never sees are the same things; landline
numbers and names are found here. Masking keeps enough to read the sentence (张*,
139****5678, 渭滨区科技路****) and nothing that identifies a person.
"""

import re
from collections.abc import Iterable, Iterator

from editorial.prechecks import detectors
from editorial.prechecks.text import fold

# Landline numbers: an area code (010, 0917 …) and 7–8 digits, joined or with a hyphen or a
# space, optionally in brackets; not part of a longer run of digits.
_LANDLINE_RE = re.compile(r"[(（]?0[1-9][0-9]{1,2}[)）]?[ -]?[2-9][0-9]{6,7}(?![0-9])")

# The common family names (百家姓 as people bear them today, the compound ones first): a name
# after 我叫/本人/我是 is only taken for one when it starts with a family name, so that
# 我是一名退休教师 or 本人现居住 mask nothing.
_COMPOUND_SURNAMES = tuple("欧阳 司马 上官 诸葛 东方 皇甫 慕容 司徒 令狐 夏侯".split())
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
    "覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚"
    "符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆"
    "农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋"
    "商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_NAME_INTRO_RE = re.compile(
    r"(?:我叫|我名叫|我的名字是|我的名字叫|本人叫|本人名叫|本人是|本人|我是|姓名[:：]?|联系人[:：]?)\s*"
    r"([\u4e00-\u9fff]{2,4})"
)
# Characters that end a name read after 我是/本人: what comes after it in a sentence.
_AFTER_NAME = frozenset("是在的住家今男女现从于和与村镇乡区县市省街路号楼人员生师工户民长")

Span = tuple[int, int, str]


def _introduced_names(text: str) -> Iterator[str]:
    for match in _NAME_INTRO_RE.finditer(text):
        words = match.group(1)
        surname = next((s for s in _COMPOUND_SURNAMES if words.startswith(s)), None)
        if surname is None:
            if words[0] not in _SURNAMES:
                continue
            surname = words[0]
        given = words[len(surname) :]
        # At most two characters of given name, cut before the words that follow a name.
        cut = 0
        while cut < min(len(given), 2) and given[cut] not in _AFTER_NAME:
            cut += 1
        if cut:
            yield surname + given[:cut]


def _mask_name(name: str) -> str:
    keep = 2 if any(name.startswith(s) for s in _COMPOUND_SURNAMES) and len(name) > 2 else 1
    return name[:keep] + "*" * (len(name) - keep)


def _keep_ends(digits: str, head: int, tail: int) -> str:
    return digits[:head] + "*" * (len(digits) - head - tail) + digits[len(digits) - tail :]


def _mask_landline(number: str) -> str:
    digits = re.sub(r"[^0-9]", "", number)
    area = 3 if digits[:2] in {"01", "02"} else 4
    return digits[:area] + "-" + "*" * (len(digits) - area - 2) + digits[-2:]


# Where the numbers of an address begin: digits, or Chinese numerals before 号/栋/单元 (not the
# 二 of 经二路).
_ADDRESS_NUMBER_RE = re.compile(r"[0-9]|[一二三四五六七八九十百零〇]+(?:号|栋|幢|座|单元|层|室)")


def _mask_address(address: str) -> str:
    """The place without its numbers: the street or estate stays, the dwelling goes."""
    number = _ADDRESS_NUMBER_RE.search(address)
    head = address[: number.start()] if number else address[:2]
    return head + "****"


def _spans(text: str, names: Iterable[str]) -> list[Span]:
    """Every piece to replace, as ``(start, end, replacement)``, earliest and longest first."""
    folded = fold(text)
    found: list[Span] = []
    for start, end, number in detectors.find_id_numbers(folded):
        found.append((start, end, _keep_ends(number, 4, 4)))
    for start, end, number in detectors.find_bank_cards(folded):
        found.append((start, end, _keep_ends(number, 4, 4)))
    for start, end, number in detectors.find_mobile_numbers(folded):
        found.append((start, end, _keep_ends(number, 3, 4)))
    for match in _LANDLINE_RE.finditer(folded):
        if match.start() > 0 and folded[match.start() - 1].isdigit():
            continue
        found.append((match.start(), match.end(), _mask_landline(match.group())))
    for start, end, _address in detectors.find_home_addresses(folded):
        found.append((start, end, _mask_address(text[start:end])))
    every_name = {name.strip() for name in names if len(name.strip()) >= 2}
    every_name.update(_introduced_names(text))
    for name in sorted(every_name, key=len, reverse=True):
        for match in re.finditer(re.escape(name), text):
            found.append((match.start(), match.end(), _mask_name(name)))
    return sorted(found, key=lambda span: (span[0], -(span[1] - span[0])))


def mask_personal_data(text: str, *, names: Iterable[str] = ()) -> str:
    """``text`` with ID, mobile, landline and bank card numbers, home addresses, the given
    ``names`` (the sender's own) and names a writer introduces (我叫张三) masked."""
    if not text:
        return text
    pieces: list[str] = []
    position = 0
    for start, end, replacement in _spans(text, names):
        if start < position:
            continue  # Inside a piece already masked (a name inside an address).
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
