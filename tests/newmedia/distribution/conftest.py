"""A staffed site (tests/editorial/conftest.py), a channel taking its column, and a webhook
receiver on loopback."""

import pytest

from newmedia.distribution.models import Channel
from tests.editorial.conftest import staffed_site  # noqa: F401

from . import receiver as receiver_module

SECRET_ENV = "NEWMEDIA_TEST_WEBHOOK_SECRET"
SECRET = "s3cret-for-the-tests"


@pytest.fixture
def receiver(monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    server, recorded = receiver_module.start()
    yield recorded
    recorded.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _quick_retries(settings):
    # Retries fall due at once, so one test runs several attempts in a row.
    settings.NEWMEDIA_RETRY_SECONDS = 0


def webhook_channel(site, path: str, receiver, **config) -> Channel:
    channel = Channel.objects.create(
        unit=site.office,
        name="某区发布 微信公众号",
        adapter="webhook",
        config={
            "url": receiver.url + path,
            "secret_env": SECRET_ENV,
            "connect_timeout": 1,
            "read_timeout": 0.5,
            **config,
        },
    )
    channel.columns.add(site.column)
    return channel
