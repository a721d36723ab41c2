"""How a delivery reaches a channel: one interface, a registry by key.

An adapter is a class with:

* ``key`` — stored in :attr:`Channel.adapter <newmedia.distribution.models.Channel.adapter>`;
* ``label`` — its name in the admin (translatable);
* ``config_errors(config) -> list[str]`` — what is wrong with a channel's configuration (in
  Chinese; the channel form shows them);
* ``send(delivery) -> Outcome`` — delivers ``delivery`` (its ``action``: publish, update or
  withdraw; its ``payload``; its ``idempotency_key``, which a remote endpoint must receive so
  that a repeat after a crash can be dropped). It must not write to the database: the worker
  records the outcome. It returns :func:`delivered`, :func:`retry` (a passing fault: timeout,
  5xx, connection refused) or :func:`failed` (a permanent one: 4xx, bad configuration), each
  with a reason in Chinese.

Register one with ``@register``; a real platform API (WeChat's draft/publish API, Weibo, a
mini-program backend) plugs in the same way, in its own module imported at start-up.
"""

from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from django.utils.functional import Promise

DELIVERED, RETRY, FAILED = "delivered", "retry", "failed"


@dataclass(frozen=True)
class Outcome:
    kind: str
    reason: str = ""
    result: dict[str, Any] = field(default_factory=dict)


def delivered(**result) -> Outcome:
    return Outcome(DELIVERED, "", result)


def retry(reason, **result) -> Outcome:
    return Outcome(RETRY, str(reason), result)


def failed(reason, **result) -> Outcome:
    return Outcome(FAILED, str(reason), result)


class Adapter(Protocol):
    key: ClassVar[str]
    label: ClassVar[str | Promise]

    def config_errors(self, config: dict[str, Any]) -> list[str]: ...

    def send(self, delivery) -> Outcome: ...


_ADAPTERS: dict[str, type[Adapter]] = {}


def register(cls: type[Adapter]) -> type[Adapter]:
    _ADAPTERS[cls.key] = cls
    return cls


def adapter_for(key: str) -> Adapter | None:
    cls = _ADAPTERS.get(key)
    return cls() if cls is not None else None


def choices() -> list[tuple[str, str]]:
    return [(key, cls.label) for key, cls in sorted(_ADAPTERS.items())]
