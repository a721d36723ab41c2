# The staffed site of the review tests (its units, portal column and a person for every role).
from tests.editorial.conftest import staffed_site  # noqa: F401
