"""The one writer of the security log: an event, with the time, the account, the address and
the user agent of the request it happened in (given, or the one being served)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import context
from .addresses import client_address, user_agent
from .models import SecurityEvent


def account_named(username: str):
    """The account a typed name belongs to, if any."""
    if not username:
        return None
    model = get_user_model()
    return model._default_manager.filter(**{model.USERNAME_FIELD: username}).first()


def record(
    kind: str,
    outcome: str,
    *,
    username: str = "",
    account=None,
    request=None,
    actor=None,
    detail: str = "",
) -> SecurityEvent:
    """Log ``kind`` with ``outcome`` for ``account`` (a user) or, failing one, ``username`` (the
    name typed). ``actor``: who did it, when another person acted on the account."""
    request = request if request is not None else context.current_request()
    if account is None:
        account = account_named(username)
    if account is not None:
        username = account.get_username()
    if actor is None and request is not None:
        person = getattr(request, "user", None)
        if person is not None and person.is_authenticated and person != account:
            actor = person
    return SecurityEvent.objects.create(
        occurred_at=timezone.now(),
        kind=kind,
        outcome=outcome,
        username=(username or "")[:150],
        account_id=account.pk if account is not None else None,
        actor=actor.get_username() if actor is not None else "",
        address=client_address(request) if request is not None else "",
        user_agent=user_agent(request) if request is not None else "",
        detail=detail[:255],
    )
