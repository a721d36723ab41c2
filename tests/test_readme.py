"""The commands the README gives work as written (issue 19: the token command did not)."""

import re
import shlex
from pathlib import Path

from django.core.management import call_command
from wagtail.models import APIToken

from cms.organisation.models import Role
from tests import factories

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _command(starting: str) -> list[str]:
    [line] = re.findall(rf"`manage\.py ({re.escape(starting)}[^`]*)`", README)
    return shlex.split(line)


def test_the_token_command_creates_a_token_for_the_person_named(db, capsys):
    chief = factories.user("bgs_kz", unit=factories.unit("某区政府办公室"), role=Role.SECTION_CHIEF)
    words = [
        {"<username>": chief.username, "<client>": "编审客户端"}.get(word, word)
        for word in _command("api_tokens create")
    ]
    call_command(*words)
    token = APIToken.objects.get(user=chief)
    assert token.name == "编审客户端"
