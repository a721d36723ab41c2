"""How fast the pre-publication scan (R13) is with a large dictionary, against naive matching.

    .venv/bin/python -m bench.prechecks [--terms 50000] [--size-kb 40] [--runs 200]

No database: the dictionary is generated (the starter dictionary plus random terms of 2 to 6
characters) and the matcher built from it directly. The item is generated government prose of
``--size-kb`` kilobytes of UTF-8 with dictionary terms, personal data and links planted in it.

Printed, and written to ``bench/results/prechecks.{json,md}``, median and 95th percentile over
the runs:

* ``matcher.find``: the dictionary lookup alone (Aho–Corasick);
* ``scan_text``: everything on the plain text (dictionary, ID numbers, mobile numbers, bank
  cards, addresses, web addresses);
* ``scan_rich_text``: the same from the stored HTML (HTML to text, links);

and, on the same text and terms, the naive ways: one compiled regular expression alternating
all terms, and a ``term in text`` loop over the terms.
"""

import argparse
import csv
import itertools
import os
import random
import re
import statistics
import time
from datetime import datetime
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django

django.setup()

from editorial.prechecks.matcher import TermEntry, TermMatcher  # noqa: E402
from editorial.prechecks.scan import scan_rich_text, scan_text  # noqa: E402

from .generate import write_results  # noqa: E402
from .run import _machine  # noqa: E402

TARGET_MS = 10.0  # "a 50,000-entry dictionary scans a 40 KB item in well under 10 ms"
STARTER = Path(__file__).resolve().parent.parent / "editorial/prechecks/data/starter_terms.csv"

SENTENCES = [
    "为深入贯彻落实省委、省政府关于优化营商环境的决策部署，进一步提升政务服务效能，",
    "区政府召开常务会议，研究部署安全生产、防汛抗旱和森林防火等重点工作。",
    "会议强调，要坚持以人民为中心的发展思想，切实解决群众急难愁盼问题。",
    "今年以来，全区规模以上工业增加值同比增长百分之六点八，固定资产投资稳步回升。",
    "各镇（街道）、各部门要压紧压实责任，确保各项任务按时保质完成。",
    "区市场监督管理局开展食品安全专项检查，共检查经营主体三百二十家。",
    "下一步，将持续推进“一网通办”改革，推动更多政务服务事项网上办、掌上办。",
    "区教育局发布2026年义务教育阶段招生入学政策解读，家长可通过官方网站查询。",
    "区卫生健康局提醒广大市民，冬春季节是呼吸道传染病高发期，要做好个人防护。",
    "农业农村部门组织技术人员深入田间地头，指导农户做好冬小麦田间管理。",
    "区人力资源和社会保障局举办春风行动专场招聘会，提供就业岗位一千二百余个。",
    "本次培训围绕政府信息公开、政务新媒体管理和网站内容保障等内容展开。",
    "区生态环境分局加强大气污染防治，持续开展扬尘治理和机动车尾气检测。",
    "区应急管理局组织开展地震应急演练，进一步提高群众自救互救能力。",
    "区财政局严格落实过紧日子要求，压减一般性支出，保障基本民生支出。",
    "征求意见截止日期为2026年3月31日，欢迎社会各界提出宝贵意见建议。",
    "联系电话：029-12345678，咨询时间为工作日上午九时至下午五时。",
    "详细内容请登录区政府门户网站查看，或关注区政府官方政务新媒体账号。",
]
PLANTED = [
    "党中央国务院",
    "做为",
    "截止目前",
    "其它",
    "国土资源部",
    "登陆网站",
    "全网最低价",
    "二0二六年",
    "申请人身份证号11010519491231002X，",
    "联系人手机13800138000。",
    "家住西安市雁塔区科技路10号3栋2单元501室，",
    "请访问www.taobao.com购买。",
]


def starter_entries() -> list[TermEntry]:
    with STARTER.open(encoding="utf-8-sig", newline="") as handle:
        return [
            TermEntry(row["term"], row["correction"], row["category"], row["severity"], row["note"])
            for row in csv.DictReader(handle)
        ]


def generated_entries(count: int, rnd: random.Random) -> list[TermEntry]:
    """``count`` distinct terms: the starter dictionary, then random CJK words of 2–6
    characters drawn from 3,000 characters and from the characters of the prose."""
    entries = starter_entries()
    seen = {entry.term for entry in entries}
    prose_chars = sorted({char for sentence in SENTENCES for char in sentence if char > "\u4e00"})
    pool = prose_chars + [chr(code) for code in rnd.sample(range(0x4E00, 0x9FA6), 3000)]
    while len(entries) < count:
        term = "".join(rnd.choice(pool) for _ in range(rnd.randint(2, 6)))
        if term not in seen:
            seen.add(term)
            severity = "blocking" if rnd.random() < 0.2 else "warning"
            entries.append(TermEntry(term, "", "sensitive", severity))
    return entries


def generated_item(size_kb: int, rnd: random.Random) -> tuple[str, str]:
    """``(plain text, HTML)`` of an item of ``size_kb`` KB of UTF-8."""
    paragraphs, size = [], 0
    planted = itertools.cycle(PLANTED)
    while size < size_kb * 1000:
        sentences = [rnd.choice(SENTENCES) for _ in range(rnd.randint(3, 6))]
        if rnd.random() < 0.3:
            sentences.insert(rnd.randrange(len(sentences)), next(planted))
        paragraph = "".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 1
    text = "\n".join(paragraphs)
    html_parts = []
    for index, paragraph in enumerate(paragraphs):
        if index % 25 == 0:
            paragraph += '<a href="https://www.gov.cn/zhengce/">中国政府网</a>'
        if index % 40 == 7:
            paragraph += '<a href="https://example.com/page?utm_source=x">推广</a>'
        html_parts.append(f"<p>{paragraph}</p>")
    return text, "".join(html_parts)


def timed(function, runs: int) -> list[float]:
    """Milliseconds of ``runs`` calls of ``function``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        function()
        times.append((time.perf_counter_ns() - start) / 1e6)
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(name: str, times: list[float]) -> str:
    return (
        f"{name:<44} median {statistics.median(times):>10.3f} ms   "
        f"p95 {p95(times):>10.3f} ms   runs {len(times)}"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--terms", type=int, default=50_000)
    parser.add_argument("--size-kb", type=int, default=40)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--naive-runs", type=int, default=5)
    parser.add_argument("--no-regex", action="store_true", help="skip the regex alternation")
    parser.add_argument("--seed", type=int, default=13)
    options = parser.parse_args(argv)
    rnd = random.Random(options.seed)

    entries = generated_entries(options.terms, rnd)
    text, html = generated_item(options.size_kb, rnd)
    terms = [entry.term for entry in entries]
    print(
        f"dictionary: {len(entries):,} terms; item: {len(text.encode()):,} bytes of UTF-8, "
        f"{len(text):,} characters; HTML {len(html.encode()):,} bytes"
    )

    start = time.perf_counter()
    matcher = TermMatcher(entries)
    print(f"{'build the Aho–Corasick automaton (once)':<44} {time.perf_counter() - start:.3f} s")

    found = {match.entry.term for match in matcher.find(text)}
    findings = scan_text(text, matcher=matcher)
    kinds: dict[str, int] = {}
    for finding in findings:
        kinds[str(finding.kind)] = kinds.get(str(finding.kind), 0) + 1
    print(f"findings of scan_text: {len(findings)} {dict(sorted(kinds.items()))}")

    measured: dict[str, list[float]] = {}

    def report(name: str, times: list[float]) -> None:
        measured[name] = times
        print(row(name, times))

    print()
    print("ours")
    report("matcher.find (dictionary only)", timed(lambda: matcher.find(text), options.runs))
    report(
        "scan_text (all detectors)", timed(lambda: scan_text(text, matcher=matcher), options.runs)
    )
    report(
        "scan_rich_text (HTML, all detectors, links)",
        timed(lambda: scan_rich_text(html, matcher=matcher), options.runs),
    )

    print()
    print("naive, same terms and text")
    in_found: set[str] = set()
    in_times = timed(
        lambda: in_found.update(term for term in terms if term in text), options.naive_runs
    )
    report("`term in text` loop over the terms", in_times)
    if not options.no_regex:
        start = time.perf_counter()
        alternation = re.compile(
            "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
        )
        print(f"{'compile the regex alternation (once)':<44} {time.perf_counter() - start:.3f} s")
        regex_found: set[str] = set()
        regex_times = timed(
            lambda: regex_found.update(match.group() for match in alternation.finditer(text)),
            options.naive_runs,
        )
        report("regex alternation finditer", regex_times)

    print()
    # The naive loop finds every listed term in the text; the matcher reports a term inside a
    # longer term of at least its severity only once, as the longer one.
    hidden = in_found - found
    print(
        f"terms found: matcher {len(found)}, `in` loop {len(in_found)} "
        f"({len(hidden)} only inside longer listed terms)"
    )
    assert found <= in_found, found - in_found
    _write(options, len(entries), len(text.encode()), measured)


def _write(options, terms: int, size: int, measured: dict[str, list[float]]) -> None:
    results = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": _machine(),
        "terms": terms,
        "item_bytes": size,
        "target_ms": TARGET_MS,
        "measured": {
            name: {"runs": len(times), "median_ms": statistics.median(times), "p95_ms": p95(times)}
            for name, times in measured.items()
        },
    }
    lines = [
        f"Run {results['date']} on {results['machine']['cores']} cores "
        f"({results['machine']['cpu']}), Python {results['machine']['python']}; "
        f"a dictionary of {terms:,} terms, an item of {size:,} bytes of UTF-8 text.",
        "",
        "| scan | runs | median ms | p95 ms |",
        "| --- | --- | --- | --- |",
    ]
    for name, figures in results["measured"].items():
        lines.append(
            f"| {name} | {figures['runs']} | {figures['median_ms']:,.3f} | "
            f"{figures['p95_ms']:,.3f} |"
        )
    worst = max(
        results["measured"][name]["p95_ms"]
        for name in ("scan_text (all detectors)", "scan_rich_text (HTML, all detectors, links)")
    )
    verdict = "met" if worst < TARGET_MS else "NOT met"
    lines += [
        "",
        f"Worst p95 of a whole scan {worst:.2f} ms against {TARGET_MS:.0f} ms: {verdict}.",
    ]
    write_results("prechecks", results, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
