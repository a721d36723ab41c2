from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page

from cms.demo.builder import (
    DEFAULT_ITEMS_PER_TYPE,
    ITEM_MODELS,
    DemoBuilder,
    DemoDataExists,
    existing_data,
    platform_has_site,
)


class Command(BaseCommand):
    help = _(
        "Build the demo platform: a fictional county with its units, people, portal, "
        "department and township sites, columns and a few hundred items of each type."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Do nothing if the platform already has a site."),
        )
        parser.add_argument(
            "--items-per-type",
            type=int,
            default=DEFAULT_ITEMS_PER_TYPE,
            help=_("How many news items, notices, special topics and responses to write each."),
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help=_("Seed of the generated text and dates.")
        )

    def handle(self, *args, **options):
        if options["items_per_type"] < 1:
            raise CommandError(_("--items-per-type must be at least 1."))
        if options["if_empty"] and platform_has_site():
            self.stdout.write(_("The platform already has a site; the demo was not loaded."))
            return
        if Page.get_first_root_node() is None:
            raise CommandError(_("Wagtail's root page is missing. Run migrate first."))
        found = existing_data()
        if found:
            raise CommandError(
                _(
                    "The database already holds data (%(found)s). The demo platform is only "
                    "loaded into an empty platform; nothing was changed."
                )
                % {"found": ", ".join(found)}
            )
        verbose = options["verbosity"] > 1
        builder = DemoBuilder(
            items_per_type=options["items_per_type"],
            seed=options["seed"],
            log=self.stdout.write if verbose else None,
        )
        try:
            report = builder.build()
        except DemoDataExists as exc:
            raise CommandError(
                _("The database already holds data (%(found)s); nothing was changed.")
                % {"found": exc}
            ) from exc
        items = ", ".join(
            f"{ITEM_MODELS[item_type]._meta.verbose_name_plural} {count}"
            for item_type, count in report.items.items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo platform loaded in %(seconds).1f s: %(units)s units, %(users)s "
                    "people, %(sites)s sites, %(columns)s columns, %(roles)s role assignments, "
                    "%(sources)s reprint sources; items (%(items)s); %(public)s public pages, "
                    "%(archived)s of them archived."
                )
                % {
                    "seconds": report.seconds,
                    "units": report.units,
                    "users": report.users,
                    "sites": report.sites,
                    "columns": report.columns,
                    "roles": report.role_assignments,
                    "sources": report.reprint_sources,
                    "items": items,
                    "public": report.public_pages,
                    "archived": report.archived_pages,
                }
            )
        )
        self.stdout.write(
            _(
                "Library: %(images)s images and %(documents)s documents; %(in_review)s items "
                "waiting in review, %(returned)s returned to their authors."
            )
            % {
                "images": report.images,
                "documents": report.documents,
                "in_review": report.in_review,
                "returned": report.returned,
            }
        )
