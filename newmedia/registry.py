"""One account per unit per platform (R33; 002 第十三条, 003 第十一条): whether an account may be
filed beside the unit's others, and the exception that lets it.

An account counts while it is not closed or cancelled. A second one on the same platform (the
same "other" platform, for 其他) is refused with :data:`DUPLICATE`, unless the platform office
recorded an exception for that unit and platform (:class:`~newmedia.models.AccountException`),
which the account then holds — each exception lets one account. The database constraint
``newmedia_one_account_per_unit_platform`` says the same below every Python path.
"""

from django.utils.translation import gettext_lazy as _

from .models import ENDED_STATES, Account, AccountException

DUPLICATE = _(
    "%(unit)s already has the new-media account “%(name)s” on %(platform)s: a unit opens one "
    "account per platform (R33). A second one is filed only with an exception approved and "
    "recorded by the platform office."
)


def duplicate_of(account: Account) -> Account | None:
    """Another counting account of the same unit on the same platform, or None."""
    others = Account.objects.filter(
        sponsor_unit_id=account.sponsor_unit_id,
        platform=account.platform,
        platform_other=account.platform_other,
        exception__isnull=True,
    ).exclude(state__in=ENDED_STATES)
    if account.pk:
        others = others.exclude(pk=account.pk)
    return others.order_by("pk").first()


def unused_exception(account: Account) -> AccountException | None:
    return (
        AccountException.objects.filter(
            unit_id=account.sponsor_unit_id, platform=account.platform, account__isnull=True
        )
        .order_by("approved_on", "pk")
        .first()
    )


def refusal(account: Account) -> str | None:
    """Why ``account`` may not be filed beside the unit's others, or None; an exception that
    applies is given to the account (saved with it)."""
    if account.exception_id or account.state in ENDED_STATES:
        return None
    other = duplicate_of(account)
    if other is None:
        return None
    exception = unused_exception(account)
    if exception is not None:
        account.exception = exception
        return None
    return str(DUPLICATE) % {
        "unit": account.sponsor_unit,
        "name": other.name,
        "platform": account.platform_label,
    }
