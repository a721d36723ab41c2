"""索引号: ``<统一社会信用代码>/<year>-<five-digit serial>``, given once, at first publication.

The unit is the one owning the document's column (a section without a code of its own
numbers under the body above it); the year is the year the document was published: its own
publication date when it carries one (history brought over from an older site keeps its year),
otherwise its first publication here (Asia/Shanghai). Serials are taken under a row lock, so
two publications never share one.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.content.models.columns import owning_unit_id
from cms.organisation.models import Unit

from .models import IndexNumber, IndexSerial

UNIT_WITHOUT_CREDIT_CODE = _(
    "Neither the unit owning this column nor a unit above it has a unified social credit code; "
    "the index number cannot be assigned. Enter the code on the unit first."
)


class IndexNumberUnavailable(Exception):
    pass


def format_index_number(credit_code: str, year: int, serial: int) -> str:
    return f"{credit_code}/{year}-{serial:05d}"


def _coded_unit(unit_id: int | None) -> Unit | None:
    """The unit itself, or for a section (科室) without a code of its own, the body above it
    that has one."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return None
    for candidate in [unit, *unit.get_ancestors().reverse()]:
        if candidate.credit_code:
            return candidate
    return None


@transaction.atomic
def assign_index_number(page) -> IndexNumber:
    """The page's index number, assigned now if it has none. Idempotent."""
    existing = IndexNumber.objects.filter(page_id=page.pk).first()
    if existing is not None:
        return existing
    unit = _coded_unit(owning_unit_id(page))
    if unit is None:
        raise IndexNumberUnavailable(str(UNIT_WITHOUT_CREDIT_CODE))
    published = getattr(page, "published_on", None)
    year = (published or timezone.localdate(page.first_published_at or timezone.now())).year
    IndexSerial.objects.get_or_create(unit=unit, year=year)
    counter = IndexSerial.objects.select_for_update().get(unit=unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return IndexNumber.objects.create(
        page_id=page.pk,
        unit=unit,
        year=year,
        serial=counter.last,
        number=format_index_number(unit.credit_code, year, counter.last),
    )
