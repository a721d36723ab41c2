"""Every management command of the platform explains itself in Chinese: ``--help`` works and its
description is translated (a lazy translation breaks argparse, which is how this was found)."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import get_commands, load_command_class

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _our_commands() -> list[tuple[str, str]]:
    ours = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and "site-packages" not in config.path
    }
    return sorted((app, name) for name, app in get_commands().items() if app in ours)


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
