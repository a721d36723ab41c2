"""``webhook``: the delivery as signed JSON POSTed to the channel's URL.

Configuration: ``url`` (http or https), ``secret_env`` (the name of the environment variable
that holds the channel's secret: secrets stay out of the database), ``connect_timeout`` and
``read_timeout`` in seconds (default ``NEWMEDIA_WEBHOOK_TIMEOUTS``).

The request carries:

* ``Idempotency-Key`` — the delivery's key, the same on every attempt: a receiver that has
  seen it drops the repeat (a worker that died between sending and recording sends again);
* ``X-Govcms-Event`` — publish, update or withdraw;
* ``X-Govcms-Timestamp`` — seconds since the epoch when this attempt was signed;
* ``X-Govcms-Signature`` — ``sha256=`` and the hex HMAC-SHA256, keyed with the channel's
  secret, of the timestamp, a full stop and the body's bytes. A receiver recomputes it and
  refuses a stale timestamp.

2xx is delivered; 5xx, 408, 429, a timeout or a refused connection are retried; any other
answer fails the delivery with the answer as its reason.
"""

import hashlib
import hmac
import json
import os
import time
from typing import Any

import urllib3
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..conf import setting
from . import delivered, failed, register, retry

RETRIED_STATUSES = frozenset({408, 429})


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def body_of(delivery) -> bytes:
    message = {
        "event": delivery.action,
        "delivery": str(delivery.idempotency_key),
        "sequence": delivery.pk,
        "version": delivery.revision_id,
        "channel": {"id": delivery.channel_id, "name": delivery.channel.name},
        "item": delivery.payload,
    }
    return json.dumps(
        message, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    ).encode()


def _timeouts(config: dict[str, Any]) -> urllib3.Timeout:
    connect, read = setting("NEWMEDIA_WEBHOOK_TIMEOUTS")
    return urllib3.Timeout(
        connect=float(config.get("connect_timeout", connect)),
        read=float(config.get("read_timeout", read)),
    )


@register
class WebhookAdapter:
    key = "webhook"
    label = gettext_lazy("Signed webhook (JSON)")

    def config_errors(self, config: dict[str, Any]) -> list[str]:
        errors = []
        url = str(config.get("url") or "")
        if not url.startswith(("http://", "https://")):
            errors.append(_("The webhook needs an address starting with http:// or https://."))
        if not config.get("secret_env"):
            errors.append(
                _("Name the environment variable that holds the webhook's secret (secret_env).")
            )
        for name in ("connect_timeout", "read_timeout"):
            if name in config:
                try:
                    if float(config[name]) <= 0:
                        raise ValueError
                except (TypeError, ValueError):
                    errors.append(
                        _("%(name)s must be a positive number of seconds.") % {"name": name}
                    )
        return errors

    def send(self, delivery):
        config = delivery.channel.config or {}
        errors = self.config_errors(config)
        if errors:
            return failed(" ".join(errors))
        secret = os.environ.get(str(config["secret_env"]), "")
        if not secret:
            return failed(
                _("The environment variable %(name)s holding the webhook's secret is not set.")
                % {"name": config["secret_env"]}
            )
        body = body_of(delivery)
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": str(delivery.idempotency_key),
            "X-Govcms-Event": delivery.action,
            "X-Govcms-Timestamp": timestamp,
            "X-Govcms-Signature": signature(secret, timestamp, body),
        }
        http = urllib3.PoolManager(retries=False, timeout=_timeouts(config))
        try:
            response = http.request("POST", config["url"], body=body, headers=headers)
        except urllib3.exceptions.TimeoutError:
            return retry(_("The endpoint did not answer in time."))
        except urllib3.exceptions.HTTPError as error:
            return retry(_("The endpoint could not be reached: %(error)s") % {"error": error})
        finally:
            http.clear()
        status = response.status
        text = response.data[:500].decode("utf-8", "replace")
        if 200 <= status < 300:
            return delivered(status=status)
        if status >= 500 or status in RETRIED_STATUSES:
            return retry(
                _("The endpoint answered %(status)s: %(text)s") % {"status": status, "text": text},
                status=status,
            )
        return failed(
            _("The endpoint refused the delivery (%(status)s): %(text)s")
            % {"status": status, "text": text},
            status=status,
        )
