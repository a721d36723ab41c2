"""Settings shared by every environment.

Everything that differs between machines is read from the environment. The base is the secure
configuration: environments relax it explicitly (``dev``, ``test``) or harden it further
(``production``). See the README's table of environment variables.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CMS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# The key that signs what the public is shown (publicapi/integrity.py, R36): kept outside the
# database, so whoever can write the database cannot sign a row. Old keys still verify (rotation).
PUBLICATION_SIGNING_KEY = os.environ.get("PUBLICATION_SIGNING_KEY", "")
PUBLICATION_SIGNING_KEYS_OLD = env_list("PUBLICATION_SIGNING_KEYS_OLD")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The platform
    "cms.jobs",
    "cms.accounts",
    "cms.organisation",
    "cms.security",
    "cms.sites",
    "cms.content",
    "cms.access",
    "cms.backup",
    "cms.leavers",
    "editorial",
    "editorial.prechecks",
    "interpretation",
    "archive",
    "search",
    "knowledgebase",
    "knowledgebase.mailbox",
    "knowledgebase.surveys",
    "newmedia",
    "publicapi",
    "newmedia.distribution",
    "monitoring.standing",
    "monitoring.links",
    "monitoring.content",
    "monitoring.reports",
    "monitoring.dashboard",
    "cms.demo",
    # Wagtail
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "django_filters",
    # The sign-in lockout (cms/security/lockout.py).
    "axes",
    # Two-factor sign-in (cms/security/twofactor.py): authenticator codes and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # django-ninja's templates and static files: the API docs pages load Swagger UI from our own
    # static files, not a public CDN a government intranet cannot reach.
    "ninja",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Its catalogue: Wagtail's editor says "3 minutes ago" through humanize's naturaltime.
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Web hardening (cms/security/headers.py, networks.py): the CSP and Permissions-Policy of
    # every response, static files included; the admin refused outside its allowed networks,
    # and password-reset requests limited per address, before a session or a row is read.
    "cms.security.headers.ContentSecurityPolicyMiddleware",
    "cms.security.headers.PermissionsPolicyMiddleware",
    "cms.security.networks.AdminNetworksMiddleware",
    "cms.security.networks.FormRateMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The person's Wagtail permissions for the request: read once, let go with the response.
    "cms.access.middleware.RequestPermissionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sessions (cms/security/sessions.py): ended after SECURITY_IDLE_MINUTES idle, told of a
    # sign-in elsewhere; then the second factor (cms/security/twofactor.py): a session that has
    # not given its code, or must enrol, opens nothing else. Both tell why with a message.
    # (Not django-otp's OTPMiddleware: what a session owes is kept in the session, and its
    # second lazy wrapper round request.user would hide the user from cms.access.middleware.)
    "cms.security.middleware.SessionActivityMiddleware",
    "cms.security.middleware.TwoFactorMiddleware",
    # After the messages middleware: it tells the person why they were sent to their account.
    "cms.accounts.middleware.PasswordExpiryMiddleware",
    # The request at hand for the security log (who changed a password or a role, from where).
    "cms.security.middleware.RequestContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: answers a locked sign-in with the time to try again (cms/security/lockout.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.sites.context_processors.platform",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cms.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "600")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "cms",
    }
}

# Passwords (R35): at least 8 characters, the usual validators, and a recorded change date
# from which the 90-day expiry follows.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "cms.accounts.validators.PasswordChangeRecorder"},
]
PASSWORD_MAX_AGE_DAYS = int(os.environ.get("PASSWORD_MAX_AGE_DAYS", "90"))

# Sign-in lockout (等保 level 3; cms/security/lockout.py, django-axes): after this many failures
# for one account (from any address) or from one address (on any account), sign-in is refused
# until this many minutes after the last failure, or until an administrator unlocks the account.
# The address is the one of cms/security/addresses.py (PUBLICAPI_TRUSTED_PROXIES below).
SECURITY_LOGIN_FAILURE_LIMIT = int(os.environ.get("SECURITY_LOGIN_FAILURE_LIMIT", "5"))
SECURITY_LOCKOUT_MINUTES = int(os.environ.get("SECURITY_LOCKOUT_MINUTES", "30"))
AUTHENTICATION_BACKENDS = ["cms.security.backends.LockoutModelBackend"]
AXES_FAILURE_LIMIT = SECURITY_LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=SECURITY_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "cms.security.addresses.client_address_or_none"
AXES_LOCKOUT_CALLABLE = "cms.security.lockout.lockout_response"
# A success does not clear the failures: a sprayer holding one good password would clear the
# count of their address with it.
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ADMIN = False
# Sign-ins are recorded in the security log (cms/security/), not a second time in Axes' own.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# The security log (cms/security/): kept at least this many days (the Cybersecurity Law's six
# months; never less than 183), refused deletion before; `manage.py security_log_prune` deletes
# what is older.
SECURITY_LOG_RETENTION_DAYS = int(os.environ.get("SECURITY_LOG_RETENTION_DAYS", "183"))

# Two-factor sign-in (cms/security/twofactor.py, django-otp): anyone may enrol an authenticator
# app; with SECURITY_2FA_REQUIRED on, a person holding one of SECURITY_2FA_REQUIRED_ROLES (role
# values of cms.organisation.models.Role; superusers always) must enrol before doing anything
# else. An enrolled account gives its code after the password whatever the switch says.
SECURITY_2FA_REQUIRED = env_bool("SECURITY_2FA_REQUIRED", True)
SECURITY_2FA_REQUIRED_ROLES = env_list(
    "SECURITY_2FA_REQUIRED_ROLES", "section_chief,deputy_head,principal_head,site_admin"
)
# Recovery codes given at enrolment (and each time they are regenerated), each usable once.
SECURITY_2FA_RECOVERY_CODES = 10
# What an authenticator app shows the account as.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "政府网站集约化平台")
# django-otp's own back-off between wrong codes (1, 2, 4… seconds) stays on; wrong codes also
# count toward the sign-in lockout above. Axes keeps no code it was sent.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# Sessions (cms/security/sessions.py): a session idle this many minutes is ended (0: never);
# a sign-in while the account has another live session elsewhere is told, and the other session
# too, or with SECURITY_SINGLE_SESSION the other session is ended.
SECURITY_IDLE_MINUTES = int(os.environ.get("SECURITY_IDLE_MINUTES", "30"))
SECURITY_SINGLE_SESSION = env_bool("SECURITY_SINGLE_SESSION", False)

# Chinese first.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese"))]
# Our catalogue, then our translations of Wagtail's strings its zh_Hans catalogue leaves in English
# (kept apart: `make messages` would drop msgids no code of ours uses). Both come before the
# catalogues of the installed apps, for Django's templates and for /admin/jsi18n/ alike.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
# Everybody works in Beijing time: no time zone to choose from Wagtail's list of 600 English names.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAIL_I18N_ENABLED = False

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Web hardening (issue 15; cms/security/headers.py, networks.py, uploads.py) --------------
# Cookies: secure (HTTPS only) unless an environment relaxes it (dev, test), never readable by
# scripts, sent on same-site navigations only. Wagtail's admin reads the CSRF token from the
# page, not the cookie, so the CSRF cookie is HttpOnly too.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Wagtail's preview shows a page in a frame of the admin itself: same origin only.
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (cms/security/headers.py decides which; django-csp writes it): pages
# run only the platform's own script files; the admin signed in also its inline scripts
# (Wagtail 8 still writes some); anything else (JSON, files) runs and loads nothing and is
# never framed.
SECURITY_CSP_PAGES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}
SECURITY_CSP_ADMIN = {
    **SECURITY_CSP_PAGES,
    "script-src": ["'self'", "'unsafe-inline'"],
}
SECURITY_CSP_NOT_PAGES = {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}
SECURITY_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# The admin (and the editorial API) only from these networks: comma-separated CIDRs, such as
# "10.0.0.0/8,2001:db8::/32"; empty: from anywhere. The address is the one of
# cms/security/addresses.py (PUBLICAPI_TRUSTED_PROXIES).
ADMIN_ALLOWED_NETWORKS = env_list("ADMIN_ALLOWED_NETWORKS")
# Posts per address and window ("count/seconds") of the forms anyone may send outside the APIs
# (cms/security/networks.py): the admin's password reset, a document's privacy password.
ADMIN_PASSWORD_RESET_RATE = os.environ.get("ADMIN_PASSWORD_RESET_RATE", "5/3600")
DOCUMENT_PASSWORD_RATE = os.environ.get("DOCUMENT_PASSWORD_RATE", "10/600")
# Uploads to the library are checked by their content, not their name (cms/security/uploads.py),
# in every view that takes one. No SVG: the platform has no sanitiser for it.
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.security.uploads.CheckedImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.security.uploads.CheckedDocumentForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]

# Backups (cms/backup/, R36): `manage.py backup` writes into this directory (one timestamped
# directory per backup, with its sealed manifest); `manage.py restore` reads from it. On
# PostgreSQL the client tools pg_dump and pg_restore are taken from BACKUP_PG_BIN_DIR: they must be
# of the server's major version or newer (/usr/lib/postgresql/<version>/bin on Debian).
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_PG_BIN_DIR = os.environ.get("BACKUP_PG_BIN_DIR", "/usr/bin")

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "政府网站集约化平台")
# Avatars are Wagtail's own placeholder image, never Gravatar: a government intranet cannot
# reach Gravatar, and staff's e-mail addresses are not sent to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_USER_LOGIN_FORM = "cms.accounts.forms.LoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "content.PlatformImage"
# The admin's own search (page search, explorer, choosers): Wagtail's database backend, with
# Chinese cut into words on both sides (search/wagtail_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_backend"}}
# The platform's public search (search/): the embedded index in the database by default; an
# Elasticsearch cluster when its address is given (indexes named with the prefix).
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "govcms")
# The cluster's own Chinese analysis beside the segmenter's words (docs/search-elasticsearch.md):
# "words" (none), "ik" (the analysis-ik plugin), "smartcn" (analysis-smartcn) or "cjk" (built in).
SEARCH_ELASTIC_ANALYZER = os.environ.get("SEARCH_ELASTIC_ANALYZER", "words")
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "wps", "ofd", "zip", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = True
# Nobody publishes by pressing a button: no role holds the publish permission (R17).
WAGTAIL_MODERATION_ENABLED = True
# 三审三校 (editorial/): any new revision sends an item back to the first review, and the last
# approval publishes through the gate (editorial/gate.py), not through a publish permission.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "editorial.finish.publish_when_cleared"

# Public read API
PUBLICAPI_MAX_PAGE_SIZE = 100
PUBLICAPI_DOCS_ENABLED = env_bool("PUBLICAPI_DOCS_ENABLED", True)
# Static publication (静态发布, publicapi/publication.py): when set, a directory where every
# change of the read model is also written as the files of the public API's addresses (site
# listing and details, site maps, archive calendars, first pages of the listings, item details)
# with their ETags, for nginx or a CDN to serve without Python (docs/nginx-static.conf);
# `manage.py publication_sync` rewrites it whole. Unset (the default): no files are written.
PUBLICATION_STATIC_ROOT = os.environ.get("PUBLICATION_STATIC_ROOT") or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Citizens' messages (knowledgebase/mailbox/)
# Senders' attachments: outside MEDIA_ROOT, never served by the web server.
MAILBOX_PRIVATE_ROOT = Path(os.environ.get("MAILBOX_PRIVATE_ROOT", VAR_DIR / "private" / "mailbox"))
MAILBOX_MAX_FILES = 3
MAILBOX_MAX_FILE_BYTES = 5 * 1024 * 1024
# The same mobile and the same text again within this many minutes is the same message.
MAILBOX_DUPLICATE_MINUTES = int(os.environ.get("MAILBOX_DUPLICATE_MINUTES", "30"))
# Requests per address and window ("count/seconds"). The counters live in the default cache:
# with the per-process LocMemCache each worker counts apart; production needs a shared cache
# (Redis, Memcached or the database cache) for one count per address.
MAILBOX_SUBMIT_RATE = os.environ.get("MAILBOX_SUBMIT_RATE", "5/3600")
# Addresses (the public website, a reverse proxy) whose X-Forwarded-For names the client they
# pass a request on for; the per-address limits, the sign-in lockout and the security log count
# that client (cms/security/addresses.py).
PUBLICAPI_TRUSTED_PROXIES = frozenset(env_list("PUBLICAPI_TRUSTED_PROXIES"))
MAILBOX_LOOKUP_RATE = os.environ.get("MAILBOX_LOOKUP_RATE", "20/3600")
# Unanswered questions kept for the knowledge base's curation, per client address: beyond it a
# question is still answered (refused) but not kept, so a flood cannot bury the real ones.
ASK_RECORD_RATE = os.environ.get("ASK_RECORD_RATE", "30/3600")
# Searches that found nothing, counted for the site's editors per client address and window:
# beyond it the search answers as usual but the miss is not counted.
SEARCH_MISS_RATE = os.environ.get("SEARCH_MISS_RATE", "30/3600")
# Survey responses per client address and window (seconds).
SURVEYS_SUBMIT_RATE = os.environ.get("SURVEYS_SUBMIT_RATE", "20/600")
# A callable ``check(request, answer: str) -> bool`` (dotted path) for a captcha; empty: none.
MAILBOX_CAPTCHA_CHECK = os.environ.get("MAILBOX_CAPTCHA_CHECK", "")
# Messages never published lose their text, contact and files this many days after the answer.
MAILBOX_RETENTION_DAYS = int(os.environ.get("MAILBOX_RETENTION_DAYS", "1095"))
