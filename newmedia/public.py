"""What the public sees of the registry: the 政务新媒体矩阵 (R32, issue 16 part 5).

An account is listed while it is running (运行): not while applying, suspended (暂停: the
public is not sent to an account that does not answer), being closed or closed. What is listed
is the account's name, platform, QR code, unit and link — never the contacts, administrators,
documents or anything else of the registration form. Served by ``publicapi/newmedia.py``.

Every listed field is one the platform office's filing cleared: the name and link change only
through a filed change request, and the QR code shown is the copy frozen at the last filing
(``lifecycle.file_public_part``), not the library image, which anyone managing the account may
edit or replace.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.files.storage import default_storage
from django.db.models import Max

from .models import Account, AccountState

PUBLIC_STATES = (AccountState.RUNNING,)
QR_SPEC = "max-400x400"


@dataclass(frozen=True)
class Matrix:
    entries: list[dict]
    updated_at: datetime | None


def matrix(site_id: int | None = None) -> Matrix:
    """The public accounts, of one site or of the whole platform, by unit then platform."""
    accounts = Account.objects.filter(state__in=PUBLIC_STATES).select_related("sponsor_unit")
    if site_id is not None:
        accounts = accounts.filter(site_id=site_id)
    accounts = list(accounts.order_by("sponsor_unit__path", "platform", "name", "pk"))
    entries = [
        {
            "id": account.pk,
            "name": account.name,
            "platform": account.platform,
            "platform_label": account.platform_label,
            "qr_code_url": (
                default_storage.url(account.public_qr_path) if account.public_qr_path else None
            ),
            "unit": account.sponsor_unit.name,
            "link": account.link or None,
            "site_id": account.site_id,
        }
        for account in accounts
    ]
    # Any change to any account (one leaving the matrix too) moves Last-Modified on.
    updated = Account.objects.aggregate(latest=Max("updated_at"))["latest"]
    return Matrix(entries=entries, updated_at=updated)
