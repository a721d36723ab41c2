# The county site of the archive's tests: a news column, a notices column, the people who run
# them, and published items; and the public API client that checks every answer's contract.
import pytest

from tests import factories
from tests.archive.conftest import admin_client, api, filing_site  # noqa: F401
from tests.publicapi.conftest import refreshes  # noqa: F401


@pytest.fixture
def sites(db):
    """Two sites of one office, and a column of the first: where the backends' tests index."""
    office = factories.unit("渭川区人民政府办公室")
    portal = factories.site("渭川区人民政府", sponsor=office)
    other = factories.site("渭川区教育局", sponsor=office)
    return portal, other, factories.column(portal.root_page, "政务要闻", owner=office)
