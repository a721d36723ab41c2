"""Wagtail's old name for ``publish_scheduled``: the same command, ours."""

from .publish_scheduled import Command as PublishScheduledCommand


class Command(PublishScheduledCommand):
    pass
