"""The embedded defaults ``make run`` uses: SQLite, the database search backend, local files.

A secret key is generated once into ``var/secret_key`` so sessions survive restarts; so is the
key that signs the public rows (``var/publication_signing_key``), unless the environment gives one.
"""

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool, env_list

VAR_DIR.mkdir(parents=True, exist_ok=True)
_key_file = VAR_DIR / "secret_key"
if not _key_file.exists():
    _key_file.write_text(secrets.token_urlsafe(50))
SECRET_KEY = _key_file.read_text().strip()
_signing_key_file = VAR_DIR / "publication_signing_key"
if not os.environ.get("PUBLICATION_SIGNING_KEY"):
    if not _signing_key_file.exists():
        _signing_key_file.write_text(secrets.token_urlsafe(48))
    PUBLICATION_SIGNING_KEY = _signing_key_file.read_text().strip()

DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# Mails (review notifications) are written to files under var/mail, one per message, instead of
# flooding the server's output; their links point at the port the server listens on.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = VAR_DIR / "mail"
WAGTAILADMIN_BASE_URL = os.environ.get(
    "WAGTAILADMIN_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
)
# Two-factor sign-in (cms/security/twofactor.py): not required in `make run`, whose demo logins
# are printed for each role; anyone may still enrol on their account page. SECURITY_2FA_REQUIRED=1
# turns it on.
SECURITY_2FA_REQUIRED = env_bool("SECURITY_2FA_REQUIRED", False)
