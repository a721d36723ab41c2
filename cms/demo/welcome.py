"""The logins shown by ``platform_welcome``, read from the database."""

import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.utils.translation import gettext as _

from cms.content.models import ColumnPage
from cms.organisation.access import holders_reaching
from cms.organisation.models import Role, RoleAssignment, Unit
from editorial.stages import REVIEW_STAGES, STAGE_ORDER, STAGE_ROLES, Stage

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


# The stages one ordinary item goes through, and 签发 for a major one; 会签 needs co-issuers.
WALKED_STAGES = tuple(stage for stage in STAGE_ORDER if stage != Stage.COUNTERSIGN)


def _holders_reaching(unit: Unit) -> dict[str, list]:
    """Role -> the active people whose role reaches ``unit`` (held there or in a unit above
    it), the nearest first."""
    holders: dict[str, list] = {}
    for assignment in holders_reaching([unit.pk]).select_related("user"):
        people = holders.setdefault(assignment.role, [])
        if assignment.user not in people:
            people.append(assignment.user)
    return holders


def walkthrough(unit: Unit) -> dict[str, object] | None:
    """Who takes an item of ``unit``'s columns from draft to live: the author (``"author"``),
    then a person for each stage, chosen as the review rules choose (the author reviews no
    stage; each review stage by someone else). None where the unit lacks someone."""
    holders = _holders_reaching(unit)
    officers = holders.get(Role.INFO_OFFICER, [])
    if not officers:
        return None
    author = officers[0]
    chosen: dict[str, object] = {"author": author}
    reviewers: set = {author}
    for stage in WALKED_STAGES:
        review = stage in REVIEW_STAGES
        candidates = [
            person
            for role in sorted(STAGE_ROLES[stage])
            for person in holders.get(role, [])
            if not (review and person in reviewers)
        ]
        if not candidates:
            return None
        chosen[stage] = candidates[0]
        if review:
            reviewers.add(candidates[0])
    return chosen


def walkthrough_rows() -> list[tuple[str, str]]:
    """(unit, the logins in order) for each unit owning columns."""
    owners = Unit.objects.filter(pk__in=ColumnPage.objects.values("responsible_unit_id")).order_by(
        "path"
    )
    rows = []
    for unit in owners:
        people = walkthrough(unit)
        if people is None:
            continue
        steps = [f"{_('Author')} {people['author'].username}"]
        for stage in WALKED_STAGES:
            steps.append(f"{Stage(stage).label} {people[stage].username}")
        rows.append((unit.name, " → ".join(steps)))
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
