"""The request being served, for the events that Django announces without one (a password
saved, a role given): who did it, from where. Set by
:class:`cms.security.middleware.RequestContextMiddleware`; outside a request (a command, a
script) there is none."""

from contextvars import ContextVar

_current = ContextVar("security_request", default=None)


def current_request():
    return _current.get()


def serving(request):
    """Mark ``request`` as the one being served; returns the token to :func:`done` with."""
    return _current.set(request)


def done(token) -> None:
    _current.reset(token)
