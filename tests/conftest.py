import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _chinese():
    """Every test runs in the platform's language, as every user does."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
