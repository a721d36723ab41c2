"""How well the automatic answers (智能问答) answer: top-1 and top-3 accuracy and how often a
question without an answer is refused, over the evaluation set, on the demo platform.

    .venv/bin/python -m bench.ask                                   # SQLite, var/, the judged set
    .venv/bin/python -m bench.ask --set dev                         # the development split
    .venv/bin/python -m bench.ask --database-url postgres://postgres@127.0.0.1:5432/x

One run: the demo platform built afresh (``load_demo``: the county's sites, its 169 knowledge
entries and 41 service guides among thousands of other items, the starter synonyms), then every
question of the set asked across the whole platform as ``GET /api/v1/ask`` asks it
(:func:`publicapi.ask.best_answers`), and scored:

* **top-1**: the entry the set names is the first answer given (confident enough to be given);
* **top-3**: it is among the answers given (at most three);
* **refused**: of the questions the set says have no answer, how many get none (and, beside
  it, how many answerable questions were wrongly refused);

per kind of question as well (colloquial, short, long, typo, traditional, synonym, reordered,
answerless, near-miss). In the same run, the platform's search asked the same questions,
narrowed to knowledge entries, gives the figures of a plain search box for comparison.

The sets were written before the answers were tuned, by someone who had not seen them
(``bench/data/ask_judged.json``); thresholds were set on the other split (``ask_dev.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from .generate import _describe, open_database, write_results

DATA = Path(__file__).parent / "data"
SETS = {"judged": DATA / "ask_judged.json", "dev": DATA / "ask_dev.json"}
DEFAULT_URL = "sqlite:///var/bench_ask.sqlite3"


def score(keys: list[str], expect: str | None) -> dict[str, float]:
    """The figures of one question: ``keys`` the answers given, in order."""
    if expect is None:
        return {"refused": float(not keys)}
    return {
        "top1": float(keys[:1] == [expect]),
        "top3": float(expect in keys[:3]),
        "wrongly_refused": float(not keys),
    }


def _mean(rows: list[dict], key: str) -> float | None:
    values = [row[key] for row in rows if key in row]
    return sum(values) / len(values) if values else None


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ask", description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help=f"default: {DEFAULT_URL}")
    parser.add_argument("--set", choices=sorted(SETS), default="judged")
    parser.add_argument("--reuse", action="store_true", help="keep the demo already built")
    parser.add_argument("--show-misses", action="store_true", help="print the questions missed")
    args = parser.parse_args(argv)
    url = args.database_url or DEFAULT_URL
    open_database(url, fresh=not args.reuse)
    from django.core.management import call_command
    from wagtail.models import Page

    from knowledgebase.answering import ANSWER_THRESHOLD, OFFERED_FLOOR
    from publicapi.ask import best_answers
    from search.query import Filters
    from search.services import search
    from search.synonyms import STARTER

    from .run import _database_version, _machine

    if not args.reuse:
        call_command("migrate", verbosity=0, interactive=False)
        print(f"{_describe(url)}: building the demo platform…", flush=True)
        call_command("load_demo", stdout=open(os.devnull, "w"))
    call_command("search_synonyms", str(STARTER), stdout=open(os.devnull, "w"))
    slugs = dict(Page.objects.values_list("pk", "slug"))
    questions = json.loads(SETS[args.set].read_text(encoding="utf-8"))
    ours: dict[str, list[dict]] = defaultdict(list)
    plain: dict[str, list[dict]] = defaultdict(list)
    misses = []
    best_answers("预热", None)  # the book is built once per process: not a question's cost
    started = time.perf_counter()
    for question in questions:
        answers = best_answers(question["q"], None)
        answered = bool(answers) and answers[0]["confidence"] >= ANSWER_THRESHOLD
        given = (
            [item for item in answers if item["confidence"] >= OFFERED_FLOOR] if answered else []
        )
        keys = [slugs.get(item["item"]["id"], "") for item in given]
        figures = score(keys, question["expect"])
        ours[question["kind"]].append(figures)
        ours["all"].append(figures)
        if figures.get("top1", figures.get("refused")) < 1:
            shown = [f"{slugs.get(a['item']['id'])}:{a['confidence']:.2f}" for a in answers]
            misses.append((question["q"], question["expect"], shown))
    seconds = time.perf_counter() - started
    for question in questions:
        found = search(question["q"], Filters(kinds=("knowledge",)), limit=3)
        figures = score([slugs.get(pk, "") for pk in found.hits.page_ids], question["expect"])
        plain[question["kind"]].append(figures)
        plain["all"].append(figures)

    def summary(rows_by_kind):
        return {
            kind: {key: _mean(rows, key) for key in ("top1", "top3", "refused", "wrongly_refused")}
            | {"n": len(rows)}
            for kind, rows in sorted(rows_by_kind.items(), key=lambda item: item[0] != "all")
        }

    results = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": _machine(),
        "database": _database_version(),
        "set": args.set,
        "questions": len(questions),
        "threshold": ANSWER_THRESHOLD,
        "ms_per_question": seconds * 1000 / len(questions),
        "ask": summary(ours),
        "search_as_baseline": summary(plain),
    }
    lines = [
        f"# Automatic answers on the {args.set} set ({results['date']})",
        "",
        f"{results['database']}; the demo platform; {len(questions)} questions asked across "
        f"every site ({results['ms_per_question']:.1f} ms a question on average); an answer is "
        f"given from confidence {ANSWER_THRESHOLD}. Baseline: the platform's search narrowed to "
        "knowledge entries, its first three results taken as answers.",
        "",
        "| questions | n | top-1 | top-3 | refused (no answer exists) | wrongly refused | "
        "search top-1 | search top-3 | search refused |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    baseline = results["search_as_baseline"]
    for kind, figures in results["ask"].items():
        other = baseline[kind]
        lines.append(
            f"| {kind} | {figures['n']} | {_percent(figures['top1'])} | "
            f"{_percent(figures['top3'])} | {_percent(figures['refused'])} | "
            f"{_percent(figures['wrongly_refused'])} | {_percent(other['top1'])} | "
            f"{_percent(other['top3'])} | {_percent(other['refused'])} |"
        )
    table = "\n".join(lines) + "\n"
    if args.show_misses:
        for question, expect, shown in misses:
            print(f"{question}  expected {expect}  →  {' | '.join(shown)}")
    print(table)
    write_results(f"ask-{args.set}-{_describe(url).lower()}", results, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
