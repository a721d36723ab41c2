"""The lockout's authentication backend for the test settings only.

django-axes' backend refuses to authenticate without a request (there is no address to count).
The test client's ``login()`` has none; the suite logs in that way thousands of times. This
backend lets a request-less sign-in through to the password check; every sign-in through a
request — the admin's login page, which the lockout tests use — is checked exactly as in
production, which keeps Axes' own backend (``cms/settings/base.py``).
"""

from axes.backends import AxesStandaloneBackend


class RequestlessTestBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
