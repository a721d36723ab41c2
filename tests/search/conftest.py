# The county site of the archive's tests: a news column, a notices column, the people who run
# them, and published items; and the public API client that checks every answer's contract.
from tests.archive.conftest import admin_client, api, filing_site  # noqa: F401
from tests.publicapi.conftest import refreshes  # noqa: F401
