"""Keeps the request at hand for the security log (:mod:`cms.security.context`)."""

from . import context


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.serving(request)
        try:
            return self.get_response(request)
        finally:
            context.done(token)
