"""Render the whole read model again (after a change of representation, or a restore)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from publicapi.services import public_rebuild


class Command(BaseCommand):
    help = _("Render every public page and site into the public API's read model again.")

    def handle(self, *args, **options):
        count = public_rebuild()
        self.stdout.write(_("%(count)d public page(s) rendered.") % {"count": count})
