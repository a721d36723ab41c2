"""Settings of the public website. Everything that differs between machines is read from the
environment (the README's table): where the API is, how long an answer is used before asking
again, and the usual Django secrets."""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("FRONTEND_DEBUG", False)
# The site keeps no sessions, accounts or signed cookies (its forms' CSRF token needs no key), but
# Django wants one: a process without FRONTEND_SECRET_KEY makes up its own.
SECRET_KEY = os.environ.get("FRONTEND_SECRET_KEY") or secrets.token_urlsafe(50)
ALLOWED_HOSTS = env_list("FRONTEND_ALLOWED_HOSTS", "*")
CSRF_TRUSTED_ORIGINS = env_list("FRONTEND_CSRF_TRUSTED_ORIGINS")

# Where the platform's public API answers, and how the site reads it (frontend/api.py).
FRONTEND_API_URL = os.environ.get("FRONTEND_API_URL", "http://127.0.0.1:8000/api/v1").rstrip("/")
# An answer younger than this is used without asking the API; older ones are revalidated with
# their ETag. It bounds how long a change or a take-down takes to show.
FRONTEND_FRESH_SECONDS = float(os.environ.get("FRONTEND_FRESH_SECONDS", "10"))
FRONTEND_API_TIMEOUT = float(os.environ.get("FRONTEND_API_TIMEOUT", "3"))
# Answers kept per worker (the last good copies served when the API fails).
FRONTEND_CACHE_ENTRIES = int(os.environ.get("FRONTEND_CACHE_ENTRIES", "20000"))
# Where the platform's files (images, attachments) are served: the API's host unless set.
FRONTEND_MEDIA_ORIGIN = os.environ.get(
    "FRONTEND_MEDIA_ORIGIN", "/".join(FRONTEND_API_URL.split("/")[:3])
).rstrip("/")
# The site shown on a host that is no site's hostname (none: a chooser of all sites).
FRONTEND_DEFAULT_SITE = os.environ.get("FRONTEND_DEFAULT_SITE") or None

# Fragments every page repeats (a site's navigation and footer), rendered once per version.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The site's Content-Security-Policy (CONTENT_SECURITY_POLICY below; django-csp).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
]

ROOT_URLCONF = "frontend.urls"
WSGI_APPLICATION = "frontend.wsgi.application"
DATABASES: dict = {}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
            ],
            "builtins": ["frontend.templatetags.frontend"],
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    ["django.template.loaders.filesystem.Loader"],
                )
            ],
        },
    }
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
USE_I18N = True
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
# Served from the package by WhiteNoise, so the site runs without a collectstatic step; a web
# server in front may serve a collected copy instead (FRONTEND_STATIC_ROOT, collectstatic).
STATIC_ROOT = os.environ.get("FRONTEND_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "frontend.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The site runs no script at all (its pages work without JavaScript), so none may run, inline
# or not; its styles are its own stylesheet; images and files come from the platform's media
# origin (FRONTEND_MEDIA_ORIGIN); forms post to the site itself; nobody frames it.
_MEDIA_SOURCES = ["'self'", FRONTEND_MEDIA_ORIGIN] if FRONTEND_MEDIA_ORIGIN else ["'self'"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'none'"],
        "style-src": ["'self'"],
        "img-src": [*_MEDIA_SOURCES, "data:"],
        "media-src": _MEDIA_SOURCES,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if env_bool("FRONTEND_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("FRONTEND_HSTS_INCLUDE_SUBDOMAINS", True)
    CSRF_COOKIE_SECURE = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"frontend": {"handlers": ["console"], "level": "WARNING"}},
}
