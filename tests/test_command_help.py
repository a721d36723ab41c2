"""Every management command of the platform explains itself in Chinese: ``--help`` works and its
description is translated (a lazy translation breaks argparse, which is how this was found)."""

import re

import pytest
from django.core.management import get_commands, load_command_class

OURS = ("cms", "editorial", "archive", "interpretation", "knowledgebase", "search")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _our_commands() -> list[tuple[str, str]]:
    return sorted((app, name) for name, app in get_commands().items() if app.split(".")[0] in OURS)


def test_the_platform_has_its_commands():
    names = {name for _app, name in _our_commands()}
    assert {"purge_revisions", "publish_scheduled", "archive_run", "load_demo"} <= names


@pytest.mark.parametrize(("app", "name"), _our_commands())
def test_help_is_printed_in_chinese(app, name):
    command = load_command_class(app, name)
    text = command.create_parser("manage.py", name).format_help()
    assert command.help, f"{name} has no description"
    assert CHINESE.search(str(command.help)), command.help
    assert CHINESE.search(text)
