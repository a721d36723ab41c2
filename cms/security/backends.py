"""Sign-in with the lockout: one backend that asks django-axes first (a locked account or
address is refused before its password is checked) and then checks the password as Django's
``ModelBackend`` does.

One backend, not Axes' beside Django's: with two, Django needs to be told which one logs a
person in wherever code calls ``login()`` without authenticating first.

:class:`RequestlessTestBackend` is for the test settings only. Axes refuses to authenticate
without a request (there is no address to count); the test client's ``login()`` has none, and
the suite logs in that way thousands of times. It lets a request-less sign-in through to the
password check; every sign-in through a request — the admin's login page, which the lockout
tests use — is checked exactly as in production.
"""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend


class LockoutModelBackend(AxesStandaloneBackend, ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        # Raises PermissionDenied (Django then refuses the sign-in) when locked.
        AxesStandaloneBackend.authenticate(
            self, request, username=username, password=password, **kwargs
        )
        return ModelBackend.authenticate(
            self, request, username=username, password=password, **kwargs
        )


class RequestlessTestBackend(LockoutModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return ModelBackend.authenticate(
                self, request, username=username, password=password, **kwargs
            )
        return super().authenticate(request, username=username, password=password, **kwargs)
