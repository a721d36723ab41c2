# The county of the review tests (its units, portal column and a person for every role).
from tests.editorial.conftest import county  # noqa: F401
