"""Print the public API's OpenAPI document; ``make openapi-snapshot`` stores it for the tests."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from publicapi.api import api


class Command(BaseCommand):
    help = _("Print the OpenAPI document of the public read API as JSON.")

    def handle(self, *args, **options):
        schema = api.get_openapi_schema()
        self.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True))
