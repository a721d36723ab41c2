"""File a whole site before a redesign or migration (R22): everything below its home page."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from archive.filing import SKIP_LABELS, file_pages, write_pages
from archive.models import ArchiveReason
from archive.runs import RunInProgress, one_run_at_a_time


class Command(BaseCommand):
    help = _(
        "File every page of a site below its home page as archived (改版/迁移). Asks for the "
        "site's hostname as confirmation, or takes it with --confirm."
    )

    def add_arguments(self, parser):
        parser.add_argument("site", help=_("The site's id or hostname."))
        parser.add_argument(
            "--confirm", help=_("The site's hostname, to confirm without a prompt.")
        )
        parser.add_argument("--note", default="", help=_("Why (kept in the audit log)."))
        parser.add_argument("--dry-run", action="store_true", help=_("Count, file nothing."))

    def handle(self, *args, site, confirm=None, note="", dry_run=False, **options):
        lookup = Q(hostname=site) | (Q(pk=int(site)) if site.isdigit() else Q(pk__in=[]))
        found = Site.objects.select_related("root_page").filter(lookup).first()
        if found is None:
            raise CommandError(_("No site %(site)s.") % {"site": site})
        root = found.root_page
        pages = Page.objects.filter(path__startswith=root.path, depth__gt=root.depth)
        ids = list(pages.values_list("pk", flat=True))
        if not dry_run:
            if confirm is None and sys.stdin.isatty():
                confirm = input(
                    _("This files %(count)d page(s) of %(site)s. Type the hostname to go on: ")
                    % {"count": len(ids), "site": found.site_name}
                ).strip()
            if confirm != found.hostname:
                raise CommandError(
                    _(
                        "Not confirmed: nothing was filed. Give the site's hostname "
                        "(%(hostname)s) with --confirm."
                    )
                    % {"hostname": found.hostname}
                )
        try:
            with one_run_at_a_time(dry_run=dry_run):
                report = file_pages(ids, reason=ArchiveReason.REDESIGN, note=note, dry_run=dry_run)
        except RunInProgress as busy:
            raise CommandError(str(busy)) from None
        verb = _("would file") if dry_run else _("filed")
        self.stdout.write(
            _("%(site)s: %(verb)s %(count)d, already filed %(already)d, left out %(skipped)d.")
            % {
                "site": found.site_name,
                "verb": verb,
                "count": len(report.filed),
                "already": report.already,
                "skipped": len(report.skipped),
            }
        )
        if dry_run or options["verbosity"] > 1:
            write_pages(self.stdout, report.filed)
        for page_id, why in sorted(report.skipped.items()):
            self.stdout.write(
                _("  page %(id)s left out: %(why)s") % {"id": page_id, "why": SKIP_LABELS[why]}
            )
