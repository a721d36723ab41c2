"""The link checks' settings, each with its default; a deployment sets them in Django's settings.

=============================  =======  ==========================================================
setting                        default  what it bounds
=============================  =======  ==========================================================
LINKS_CONNECT_TIMEOUT          5.0      seconds to open a connection
LINKS_READ_TIMEOUT             10.0     seconds to wait for the answer's headers
LINKS_RETRIES                  2        retries of a failing check within a run, before it counts
LINKS_RETRY_BACKOFF            2.0      seconds before the first retry; doubled for each next one
LINKS_MAX_REDIRECTS            5        redirects followed before the link counts as dead
LINKS_CONCURRENCY              8        hosts checked at once (threads)
LINKS_HOST_DELAY               1.0      seconds between two requests to one host
LINKS_RECHECK_AFTER_HOURS      20       a link checked more recently is not checked again
LINKS_HISTORY_DAYS             400      checks older than this are pruned
LINKS_CONFIRM_CHECKS           2        failing checks in a row before an external link is broken
LINKS_CONFIRM_HOURS            24       hours a failure must last before it is broken
LINKS_USER_AGENT               …        the User-Agent the checker sends
=============================  =======  ==========================================================
"""

from datetime import timedelta

from django.conf import settings

DEFAULTS = {
    "LINKS_CONNECT_TIMEOUT": 5.0,
    "LINKS_READ_TIMEOUT": 10.0,
    "LINKS_RETRIES": 2,
    "LINKS_RETRY_BACKOFF": 2.0,
    "LINKS_MAX_REDIRECTS": 5,
    "LINKS_CONCURRENCY": 8,
    "LINKS_HOST_DELAY": 1.0,
    "LINKS_RECHECK_AFTER_HOURS": 20,
    "LINKS_HISTORY_DAYS": 400,
    "LINKS_CONFIRM_CHECKS": 2,
    "LINKS_CONFIRM_HOURS": 24,
    "LINKS_USER_AGENT": "govcms-linkcheck/1.0 (government website link monitoring)",
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])


def recheck_after() -> timedelta:
    return timedelta(hours=setting("LINKS_RECHECK_AFTER_HOURS"))


def history_kept() -> timedelta:
    return timedelta(days=setting("LINKS_HISTORY_DAYS"))


def confirm_after() -> timedelta:
    return timedelta(hours=setting("LINKS_CONFIRM_HOURS"))
