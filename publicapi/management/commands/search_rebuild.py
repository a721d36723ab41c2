"""Rebuild the search index from the public read model, with a progress bar."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from publicapi.indexing import index_rebuild, indexable_count


class Command(BaseCommand):
    help = _(
        "Index every public item again, from the public API's read model: after a change of "
        "the segmenter or the index, a restore, or pointing the platform at a new cluster."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true", help=_("Print no progress bar."))

    def handle(self, *args, no_progress=False, **options):
        total = indexable_count()
        with (
            tqdm(
                total=total,
                unit=_("item(s)"),
                desc=_("Indexing"),
                disable=no_progress,
                file=self.stderr,
            ) as bar,
            transaction.atomic(),
        ):
            count = index_rebuild(progress=bar.update)
        self.stdout.write(_("%(count)d public item(s) indexed.") % {"count": count})
