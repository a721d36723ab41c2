"""A person leaves: hand their work to a successor and deactivate them, as the admin's
人员离岗交接 page does (:func:`cms.leavers.services.handover_perform`), from the command line."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.leavers import services


class Command(BaseCommand):
    help = _(
        "Hand everything a leaving person holds (roles, columns, drafts, reviews, replies) to a "
        "successor, deactivate the account and end its sessions, in one step; recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument("leaver", help=_("The account name of the person who leaves."))
        parser.add_argument("successor", help=_("The account name of the successor."))
        parser.add_argument("--reason", required=True, help=_("Why the person leaves."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Show what would move; change nothing.")
        )

    def _person(self, username):
        person = get_user_model().objects.filter(username=username).first()
        if person is None:
            raise CommandError(_("No account named %(name)s.") % {"name": username})
        return person

    def handle(self, *args, **options):
        leaver = self._person(options["leaver"])
        successor = self._person(options["successor"])
        if options["dry_run"]:
            for part, count in services.preview(leaver):
                self.stdout.write(f"{part.label}：{count}")
            return
        try:
            record = services.handover_perform(
                leaver=leaver, successor=successor, actor=None, reason=options["reason"]
            )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        for label, count in record.moved():
            self.stdout.write(f"{label}：{count}")
        self.stdout.write(
            _("%(leaver)s's work is handed over to %(successor)s; the account is deactivated.")
            % {"leaver": record.leaver_name, "successor": record.successor_name}
        )
