"""How a person is named where a choice or a responsibility is shown: 朱玲琳（政务信息科）, the
name (:mod:`cms.accounts.names`) with the units where they hold roles, never a bare username."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet

from .models import RoleAssignment


def with_units(people: QuerySet) -> QuerySet:
    """``people`` with the units of their roles read in the same few queries."""
    return people.prefetch_related(
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.select_related("unit").order_by("pk"),
        )
    )


def person_label(user) -> str:
    name = user.get_full_name() or user.get_username()
    units = list(dict.fromkeys(assignment.unit.name for assignment in user.role_assignments.all()))
    return f"{name}（{'、'.join(units)}）" if units else name


def people_choices(including=None) -> QuerySet:
    """The active people, as a form offers them (with :func:`person_label`), and the one chosen
    already (``including``, a primary key), who may have left since."""
    people = get_user_model().objects.filter(Q(is_active=True) | Q(pk=including))
    return with_units(people.order_by("username"))
