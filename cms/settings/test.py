"""Fast, explained test settings.

The database comes from ``DATABASE_URL`` like everywhere else: SQLite by default, PostgreSQL in CI.
"""

from .base import *  # noqa: F403
from .base import VAR_DIR

SECRET_KEY = "test-only-not-secret"
# A fixed signing key for the public rows, so the tests can sign and tamper alike; the rotation
# tests override it.
PUBLICATION_SIGNING_KEY = "test-only-publication-signing-key-not-secret"
PUBLICATION_SIGNING_KEYS_OLD: list[str] = []
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# MD5 makes the many logins of the tests fast; production keeps Django's PBKDF2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Plain storage: the tests do not run collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
# Tasks run inline so a publish has updated the read API when the call returns.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The suite searches the embedded index whatever the environment says; the live Elasticsearch
# suite (tests/search/test_elastic_live.py) reads ELASTICSEARCH_URL from the environment itself.
ELASTICSEARCH_URL = ""
# The test client's login() authenticates without a request, which Axes' backend refuses; this
# one lets only those through unchecked (cms/security/backends.py). Sign-ins through the login
# page are locked out as in production; the failures live in the database, which every test
# rolls back, so no test is locked out by another.
AUTHENTICATION_BACKENDS = ["cms.security.backends.RequestlessTestBackend"]

# Two-factor sign-in and idle sessions (cms/security/): off for the suite, which signs in with
# client.login()/force_login() thousands of times and moves the clock by hours while signed in;
# tests/security/test_twofactor.py and test_sessions.py turn them on and prove them.
SECURITY_2FA_REQUIRED = False
SECURITY_IDLE_MINUTES = 0
