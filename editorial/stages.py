"""The stages of 三审三校 (R14, R15, R19, R20) and who acts at each — the one place that says so."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.content.models.mixins import Importance
from cms.organisation.models import Role


class Stage(models.TextChoices):
    FIRST_REVIEW = "first_review", _("First review (一审)")
    SECOND_REVIEW = "second_review", _("Second review (二审)")
    COUNTERSIGN = "countersign", _("Countersignature of co-issuing units (会签)")
    THIRD_REVIEW = "third_review", _("Third review (三审)")
    SIGN_OFF = "sign_off", _("Sign-off by the principal head (签发)")
    FIRST_PROOF = "first_proof", _("First proofreading (一校)")
    SECOND_PROOF = "second_proof", _("Second proofreading (二校)")
    THIRD_PROOF = "third_proof", _("Third proofreading (三校)")


# In workflow order.
STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)

# Roles that may act, held in the unit that owns the item's column (or a unit above it).
STAGE_ROLES: dict[str, frozenset[str]] = {
    Stage.FIRST_REVIEW: frozenset({Role.INFO_OFFICER}),
    Stage.SECOND_REVIEW: frozenset({Role.SECTION_CHIEF}),
    # Countersignature is given by a head of each co-issuing unit, in that unit.
    Stage.COUNTERSIGN: frozenset({Role.SECTION_CHIEF, Role.DEPUTY_HEAD, Role.PRINCIPAL_HEAD}),
    Stage.THIRD_REVIEW: frozenset({Role.DEPUTY_HEAD}),
    Stage.SIGN_OFF: frozenset({Role.PRINCIPAL_HEAD}),
    Stage.FIRST_PROOF: frozenset({Role.SITE_ADMIN, Role.INFO_OFFICER}),
    Stage.SECOND_PROOF: frozenset({Role.SECTION_CHIEF}),
    Stage.THIRD_PROOF: frozenset({Role.DEPUTY_HEAD}),
}

# Review stages answer the eleven questions of R16; proofreading stages confirm the proof.
REVIEW_STAGES = frozenset(
    {Stage.FIRST_REVIEW, Stage.SECOND_REVIEW, Stage.COUNTERSIGN, Stage.THIRD_REVIEW, Stage.SIGN_OFF}
)
PROOF_STAGES = frozenset({Stage.FIRST_PROOF, Stage.SECOND_PROOF, Stage.THIRD_PROOF})

SKIPPED_NOT_MAJOR = _("Skipped: the item is not marked major (重大).")
SKIPPED_NO_CO_ISSUERS = _("Skipped: the item has no co-issuing units.")


def skip_reason(stage: str, page) -> str | None:
    """Why ``stage`` does not apply to ``page``, or None when it does."""
    if stage == Stage.SIGN_OFF and getattr(page, "importance", None) != Importance.MAJOR:
        return str(SKIPPED_NOT_MAJOR)
    if stage == Stage.COUNTERSIGN and not co_issuing_unit_ids(page):
        return str(SKIPPED_NO_CO_ISSUERS)
    return None


def co_issuing_unit_ids(page) -> list[int]:
    units = getattr(page, "co_issuing_units", None)
    # A page rebuilt from a revision holds its co-issuers in memory (modelcluster).
    return [unit.pk for unit in units.all()] if units is not None else []
