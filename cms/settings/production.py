"""Production: the secure base, failing closed on anything missing."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    DATABASES,
    PUBLICATION_SIGNING_KEY,
    SECRET_KEY,
    SECURITY_IDLE_MINUTES,
    env_bool,
)

if not SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to at least 32 characters.")
if not PUBLICATION_SIGNING_KEY or len(PUBLICATION_SIGNING_KEY) < 32:
    raise ImproperlyConfigured(
        "PUBLICATION_SIGNING_KEY must be set to at least 32 characters (it signs the public rows)."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the hosts this platform serves.")
if SECURITY_IDLE_MINUTES <= 0:
    # 等保 level 3 asks that an idle session end; production cannot turn the timeout off.
    raise ImproperlyConfigured("SECURITY_IDLE_MINUTES must be at least 1 in production.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")

DEBUG = False

# --- Web hardening in production (issue 15; tests/security/test_production_headers.py) ------
# HTTPS only: plain HTTP is redirected, and browsers remember for a year to use nothing else,
# on every subdomain too (the platform's sites are often subdomains of one government domain;
# SECURE_HSTS_INCLUDE_SUBDOMAINS=0 where some subdomain still serves plain HTTP). Preloading
# into the browsers' lists is a commitment for the whole domain: the operator's choice.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# The TLS-terminating proxy says the request was HTTPS; it must overwrite this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Cookies only over HTTPS, and with the __Host- prefix: the browser then refuses them unless
# they are Secure, for the whole host and set by this host alone — a site on a sibling
# subdomain can neither set nor overwrite the admin's session or CSRF cookie.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = True
