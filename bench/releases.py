"""What showing only cleared content costs (issue 12): hashing files, freezing, rendering.

    .venv/bin/python -m bench.releases [--items 200] [--pdf-kb 2048]

One run, on PostgreSQL (``--database-url``, ``$BENCH_DATABASE_URL`` or the default below; the
database is dropped and created again): the demo platform, then ``--items`` news items, each
with a PDF attachment of ``--pdf-kb`` KB, a 1600×900 cover and an image in its text, cleared as
the last approval clears them and published. Timed per item, median and 95th percentile:

* the review's content hash: the revision alone (before this issue) against the revision with
  the SHA-256 of every file it shows (what every stage now computes);
* the release: freezing the files, images and renditions when review clears a revision;
* the public render of an item: from its live revision and release (``public_page_refresh``
  now) against from its page row and the library (the way before, on the same items, with the
  library's renditions already made).

Printed, and written to ``bench/results/releases.{json,md}``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import datetime

from .generate import _describe, open_database, write_results

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/govcms_release_bench"


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50": round(statistics.median(ordered) * 1000, 2), "p95": round(p95 * 1000, 2)}


def _timed(func, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = func(*args)
    return time.perf_counter() - started, result


def _items(count: int, pdf_kb: int):
    """``count`` live news items in the demo's first news column, each showing a PDF, a cover
    and an image in its text; their cleared revisions."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.images.tests.utils import get_test_image_file

    from cms.content.models import ColumnPage, NewsPage, PlatformImage
    from cms.content.timestamps import historical_import

    column = ColumnPage.objects.filter(update_category="news").order_by("path").first()
    revisions = []
    for n in range(count):
        document = get_document_model().objects.create(
            title=f"附件{n}", file=ContentFile(os.urandom(pdf_kb * 1024), name=f"doc{n}.pdf")
        )
        cover = PlatformImage.objects.create(
            title=f"封面{n}", file=get_test_image_file(f"cover{n}.png", size=(1600, 900))
        )
        figure = PlatformImage.objects.create(
            title=f"插图{n}", file=get_test_image_file(f"figure{n}.png", size=(1200, 800))
        )
        with historical_import():  # the items' drafts; clearing them is what is measured
            page = column.add_child(
                instance=NewsPage(
                    title=f"基准稿件{n}",
                    slug=f"release-bench-{n}",
                    source="基准测试",
                    live=False,
                    summary="用于测量发布版本的稿件。",
                    body=(
                        f'<p>正文<a linktype="document" id="{document.pk}">附件</a>。</p>'
                        f'<embed alt="插图" embedtype="image" format="left" id="{figure.pk}"/>'
                    ),
                    cover_image=cover,
                    attachments=[("attachment", {"document": document, "title": ""})],
                )
            )
        revisions.append(page.save_revision())
    return revisions


def _render_the_old_way(page_id: int) -> None:
    """What ``public_page_refresh`` did before: the row, and the library as it is now."""
    from wagtail.models import Page

    from publicapi.models import PublicPage
    from publicapi.services import place_in_site, public_row_values, site_for

    page = Page.objects.get(pk=page_id)
    site = site_for(page)
    ancestors, column = place_in_site(page, site)
    PublicPage.objects.update_or_create(
        page_id=page.pk, defaults=public_row_values(page.specific, site, ancestors, column)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.releases")
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--pdf-kb", type=int, default=2048)
    parser.add_argument("--database-url")
    args = parser.parse_args(argv)
    url = args.database_url or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    open_database(url, fresh=True)

    from django.core.management import call_command
    from wagtail.models import Page

    from cms.content.releases import freeze
    from editorial.integrity import NO_REFERENCES, content_hash
    from editorial.services import clearance_record
    from publicapi.services import public_page_refresh

    from .run import _machine

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    revisions = _items(args.items, args.pdf_kb)

    hash_alone, hash_with_files, freezing = [], [], []
    for revision in revisions:
        hash_alone.append(_timed(content_hash, revision, NO_REFERENCES)[0])
        hash_with_files.append(_timed(content_hash, revision)[0])
        freezing.append(_timed(freeze, revision)[0])
    for revision in revisions:
        clearance_record(revision, revision.release)
        revision.publish()
    page_ids = [int(revision.object_id) for revision in revisions]
    for page_id in page_ids:  # the library's renditions made once, as a live site has them
        _render_the_old_way(page_id)
    rendered_now, rendered_before = [], []
    for _round in range(3):
        for page_id in page_ids:
            rendered_now.append(_timed(public_page_refresh, Page.objects.get(pk=page_id))[0])
            rendered_before.append(_timed(_render_the_old_way, page_id)[0])
        for page_id in page_ids:  # leave the read model as the platform writes it
            public_page_refresh(Page.objects.get(pk=page_id))

    results = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": _machine(),
        "database": _describe(url),
        "items": args.items,
        "pdf_kb": args.pdf_kb,
        "hash_revision_alone_ms": _ms(hash_alone),
        "hash_with_files_ms": _ms(hash_with_files),
        "freeze_ms": _ms(freezing),
        "render_from_release_ms": _ms(rendered_now),
        "render_from_row_ms": _ms(rendered_before),
    }
    rows = [
        ("review hash, revision alone (before)", results["hash_revision_alone_ms"]),
        ("review hash, with the files' SHA-256 (now)", results["hash_with_files_ms"]),
        ("freezing the release (once per clearance)", results["freeze_ms"]),
        ("public render from the page row (before)", results["render_from_row_ms"]),
        ("public render from revision + release (now)", results["render_from_release_ms"]),
    ]
    table = "\n".join(
        [
            f"# Releases — {results['when']}, {results['database']}, {args.items} items, "
            f"a {args.pdf_kb} KB PDF, a cover and an image each",
            "",
            "| per item | p50 ms | p95 ms |",
            "| --- | --- | --- |",
            *(f"| {label} | {value['p50']} | {value['p95']} |" for label, value in rows),
            "",
        ]
    )
    print(table)
    print(json.dumps(results["machine"], ensure_ascii=False))
    write_results("releases", results, table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
