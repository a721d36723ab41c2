"""The logins shown by ``platform_welcome``, read from the database."""

import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.utils.translation import gettext as _

from cms.organisation.models import Role, RoleAssignment

from .corpus import DEMO_PASSWORD


class _PasswordTeller:
    """Tells whether an account still has the demo password, hashing once per stored hash."""

    def __init__(self):
        self._known: dict[str, bool] = {}

    def __call__(self, user) -> str:
        encoded = user.password or ""
        if encoded not in self._known:
            # hashers.check_password, not user.check_password: the latter may re-save the user.
            self._known[encoded] = user.has_usable_password() and check_password(
                DEMO_PASSWORD, encoded
            )
        return DEMO_PASSWORD if self._known[encoded] else _("(changed)")


def login_rows() -> list[tuple[str, str, str, str, str]]:
    """(username, name, role, unit, password): the first active person given each role, then
    the active superusers."""
    tell = _PasswordTeller()
    rows = []
    assignments = (
        RoleAssignment.objects.filter(user__is_active=True)
        .select_related("user", "unit")
        .order_by("user_id", "pk")
    )
    first_by_role = {}
    for assignment in assignments:
        first_by_role.setdefault(assignment.role, assignment)
    for role in Role:
        assignment = first_by_role.get(role.value)
        if assignment is None:
            continue
        user = assignment.user
        rows.append(
            (user.username, user.get_full_name(), str(role.label), assignment.unit.name, tell(user))
        )
    superusers = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk")
    for user in superusers:
        rows.append(
            (user.username, user.get_full_name(), _("Superuser"), _("(whole platform)"), tell(user))
        )
    return rows


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def render_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    table = [tuple(str(cell) for cell in header), *rows]
    widths = [max(_width(row[index]) for row in table) for index in range(len(header))]
    lines = []
    for number, row in enumerate(table):
        lines.append("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return lines
