"""Where senders' attachments are kept: outside ``MEDIA_ROOT`` (R26).

Nothing below ``MEDIA_ROOT`` is private (the web server may serve it); a sender's files are read
only by staff through the admin, so they live under ``MAILBOX_PRIVATE_ROOT`` and have no URL.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A file system storage without a URL whose root is read from the setting at each use,
    so that a test (or a deployment) moving ``MAILBOX_PRIVATE_ROOT`` moves it."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.MAILBOX_PRIVATE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Mailbox attachments have no public address.")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _storage
