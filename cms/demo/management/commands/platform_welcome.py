from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cms.demo.welcome import login_rows, render_table, walkthrough_rows


class Command(BaseCommand):
    help = _("Print where the platform runs and which accounts can log in.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=8000, help=_("The port the server listens on.")
        )
        parser.add_argument(
            "--frontend-port",
            type=int,
            default=None,
            help=_("The port the public website listens on, when it runs."),
        )

    def handle(self, *args, **options):
        base = f"http://127.0.0.1:{options['port']}"
        write = self.stdout.write
        write("")
        write(self.style.SUCCESS(_("Government website platform: addresses and accounts")))
        write("")
        write(_("Administration:     %(url)s") % {"url": f"{base}/admin/"})
        write(_("Public API:         %(url)s") % {"url": f"{base}/api/v1/sites"})
        write(_("OpenAPI document:   %(url)s") % {"url": f"{base}/api/v1/openapi.json"})
        write(_("API documentation:  %(url)s") % {"url": f"{base}/api/v1/docs"})
        if options["frontend_port"]:
            website = f"http://127.0.0.1:{options['frontend_port']}/"
            write(_("Public website:     %(url)s (every site, by its number)") % {"url": website})
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            write(_("Mails sent:         %(path)s") % {"path": settings.EMAIL_FILE_PATH})
        write("")
        rows = login_rows()
        if not rows:
            write(_("No accounts yet. Load the demo platform with: manage.py load_demo"))
            return
        write(_("Accounts (one for each role):"))
        header = (_("Username"), _("Name"), _("Role"), _("Unit"), _("Password"))
        for line in render_table(header, rows):
            write("  " + line)
        walks = walkthrough_rows()
        if walks:
            write("")
            write(
                _(
                    "To take one item from draft to live, log in as these in turn (the author "
                    "saves and submits; 签发 only for items marked major):"
                )
            )
            for unit, steps in walks:
                write(f"  {unit}：{steps}")
        write("")
        write(
            _(
                "Demo passwords are public: change them, or do not expose this server "
                "beyond your own machine."
            )
        )
