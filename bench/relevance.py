"""How well the public search ranks: MRR and nDCG@10 over the judged set, on the demo platform.

    .venv/bin/python -m bench.relevance                                   # SQLite, var/
    .venv/bin/python -m bench.relevance --database-url postgres://postgres@127.0.0.1:5432/x

One run: the demo platform built afresh (``load_demo``: the county's sites, thousands of
generated items, the hand-written service guides and policy documents, the starter synonyms),
then every query of ``bench/data/search_judged.json`` asked across the whole platform as the
public API asks it (:func:`search.services.search`), and scored:

* **MRR**: the mean of 1/rank of the item the set says should come first (0 beyond rank 10);
* **nDCG@10**: the gains 2^grade − 1 of the judged items in the first ten, discounted by
  log2(rank + 1), over the best possible order;
* **top-1** and **top-3**: how often that item is first, or in the first three;

per kind of query as well (words, questions, numbers, synonyms, spacing, written forms). The
set was written before the search was tuned, by someone who had not seen its ranking.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from .generate import _describe, open_demo, write_results

JUDGED = Path(__file__).parent / "data" / "search_judged.json"
DEFAULT_URL = "sqlite:///var/bench_relevance.sqlite3"
DEPTH = 10


def _dcg(gains: list[int]) -> float:
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


def score(ranked_titles: list[str], relevant: list[dict]) -> dict[str, float]:
    """The figures of one query: ``ranked_titles`` as the search ordered them."""
    grades = {entry["title"]: entry["grade"] for entry in relevant}
    target = next(entry["title"] for entry in relevant if entry["grade"] == 2)
    top = ranked_titles[:DEPTH]
    rank = top.index(target) + 1 if target in top else None
    ideal = _dcg(sorted(grades.values(), reverse=True)[:DEPTH])
    return {
        "mrr": 1 / rank if rank else 0.0,
        "ndcg": _dcg([grades.get(title, 0) for title in top]) / ideal,
        "top1": float(rank == 1),
        "top3": float(rank is not None and rank <= 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.relevance", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--database-url", help=f"default: {DEFAULT_URL}")
    parser.add_argument("--reuse", action="store_true", help="keep the demo already built")
    parser.add_argument("--show-misses", action="store_true", help="print the queries missed")
    args = parser.parse_args(argv)
    url = args.database_url or DEFAULT_URL
    open_demo(url, reuse=args.reuse)
    from publicapi.models import PublicPage
    from search.query import Filters
    from search.services import search

    from .run import _database_version, _machine

    titles = {
        page_id: json.loads(listing)["title"]
        for page_id, listing in PublicPage.objects.filter(is_item=True).values_list(
            "page_id", "listing_json"
        )
    }
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))
    by_kind: dict[str, list[dict]] = defaultdict(list)
    misses = []
    started = time.perf_counter()
    for entry in judged:
        found = search(entry["q"], Filters(), limit=DEPTH)
        ranked = [titles.get(page_id, "") for page_id in found.hits.page_ids]
        figures = score(ranked, entry["relevant"])
        by_kind[entry["kind"]].append(figures)
        by_kind["all"].append(figures)
        if figures["top1"] < 1:
            misses.append((entry["q"], figures["mrr"], ranked[:3]))
    seconds = time.perf_counter() - started

    def mean(rows: list[dict], key: str) -> float:
        return sum(row[key] for row in rows) / len(rows)

    summary = {
        kind: {key: mean(rows, key) for key in ("mrr", "ndcg", "top1", "top3")} | {"n": len(rows)}
        for kind, rows in sorted(by_kind.items(), key=lambda item: item[0] != "all")
    }
    results = {
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": _machine(),
        "database": _database_version(),
        "items": len(titles),
        "queries": len(judged),
        "ms_per_query": seconds * 1000 / len(judged),
        "by_kind": summary,
    }
    lines = [
        f"# Search relevance on the judged set ({results['date']})",
        "",
        f"{results['database']}; the demo platform, {len(titles):,} public items; "
        f"{len(judged)} judged queries asked across every site "
        f"({results['ms_per_query']:.1f} ms a query on average).",
        "",
        "| queries | n | MRR | nDCG@10 | top-1 | top-3 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for kind, figures in summary.items():
        lines.append(
            f"| {kind} | {figures['n']} | {figures['mrr']:.3f} | {figures['ndcg']:.3f} | "
            f"{figures['top1']:.0%} | {figures['top3']:.0%} |"
        )
    table = "\n".join(lines) + "\n"
    if args.show_misses:
        for query, reciprocal, ranked in misses:
            print(f"{reciprocal:.2f}  {query}  →  {' | '.join(ranked)}")
    print(table)
    write_results(f"relevance-{_describe(url).lower()}", results, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
