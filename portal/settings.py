"""Settings for the KSeF help portal, read from environment variables (docs/operators.md lists
each). Without DEBUG=1 they are production's and need their secrets; rules between settings are
system checks (portal/system_checks.py).
"""

from __future__ import annotations

from datetime import timedelta
from importlib.util import find_spec
from ipaddress import ip_network
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from portal.envvars import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -----------------------------------------------------------------------------------

# Off unless set: a deployment that forgets DEBUG must not run with a public key and the simulator.
DEBUG = envbool("DEBUG", False)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "local-development-only-not-secret-" + "x" * 32

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

# Absolute links (sitemap, feeds, canonical URLs); locally also the simulator's address.
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # django.contrib.admin with the site in portal/admin.py.
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "template_partials",
    "django_htmx",
    "csp",
    "axes",
    "django_q",
    "portal",
    "kb",
    "kb.search",
    "kb.errorlinks",
    "portal.latarnia",
    "portal.checks",
    "portal.status",
    "portal.simulator",
]

MIDDLEWARE = [
    # Drops KSeF tokens from the request's link before anything else reads it, the redirect to
    # HTTPS included; the next-but-one then sends a GET to the cleaned link (see their module).
    "kb.errorlinks.middleware.StripTokensFromLinksMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kb.errorlinks.middleware.RedirectToStrippedLinkMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the auth backend into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# --- Database and cache ---------------------------------------------------------------------

DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web server and worker write one file: WAL lets reads go on during a write, IMMEDIATE makes
    # writers queue on busy_timeout at BEGIN instead of failing half way with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = envstr("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each web process's own memory, for article pages and rendered Markdown: no trip to Redis.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "local",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# --- Background tasks (django-q2) -----------------------------------------------------------

# The schedules (Latarnia's poll, publishing, tidying up, the link check); session checks have a
# worker of their own (`manage.py run_checks`). A failed task is not run again: the next run of
# its schedule does the work. Why each value: docs/operators.md.
Q_CLUSTER: dict[str, Any] = {
    "name": "portal",
    "workers": envint("Q_WORKERS", 2, minimum=1),
    "timeout": 90,
    "retry": 120,
    "max_attempts": 1,
    "ack_failures": True,
    "catch_up": False,
    "save_limit": 500,
    "poll": 0.5,
    "label": "Zadania w tle",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# --- Auth and admin -------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
ADMIN_URL = envstr("ADMIN_URL", "admin/").strip("/") + "/"
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15, minimum=1))
# Username and address together: a stranger's wrong passwords must not lock staff out everywhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "portal.lib.ratelimit.client_address"
AXES_RESET_ON_SUCCESS = True
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ----------------------------------------------------------------------

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", "Polski"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

# --- Static files and writers' images -------------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
HTMX_VERSION = "2.0.11"
# Articles refer to images as MEDIA_URL + "kb/<name>", served by the portal from the storage
# (kb.views.image_file), so moving the files to another store never changes a revision.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_S3_BUCKET = envstr("MEDIA_S3_BUCKET")
_media_storage: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if MEDIA_S3_BUCKET:
    if find_spec("storages") is None:
        raise ImproperlyConfigured("MEDIA_S3_BUCKET needs django-storages: pip install '.[s3]'")
    # Credentials: boto3 reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY itself.
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": envstr("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": envstr("MEDIA_S3_REGION") or None,
            "location": envstr("MEDIA_S3_PREFIX", ""),
            # Objects stay private: readers get them through the portal, never from the bucket.
            "default_acl": None,
            "querystring_auth": True,
        },
    }
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        # Locally plain files, so a changed stylesheet shows without collectstatic.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# --- Security -------------------------------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# SECURE_COOKIES=0 only for a production-like run over plain HTTP on loopback.
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
# Proxies whose X-Forwarded-For is believed: none by default, so a forged header changes nothing.
try:
    TRUSTED_PROXIES = [ip_network(net, strict=False) for net in envlist("TRUSTED_PROXIES", [])]
except ValueError as exc:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from exc
RATELIMIT_IPV6_PREFIX = envint("RATELIMIT_IPV6_PREFIX", 64, minimum=32)
if RATELIMIT_IPV6_PREFIX > 128:
    raise ImproperlyConfigured("RATELIMIT_IPV6_PREFIX must be at most 128")

if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline script anywhere (htmx is configured through a <meta> tag and injects no <style>);
# inline styles only for Django admin's widgets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- KSeF -----------------------------------------------------------------------------------

KSEF_SIMULATOR_ENABLED = envbool("KSEF_SIMULATOR", DEBUG)
if KSEF_SIMULATOR_ENABLED and not DEBUG:
    # Its tokens are published on its own page: a production site must never answer with it.
    raise ImproperlyConfigured("KSEF_SIMULATOR cannot be enabled when DEBUG is off")

KSEF_ENVIRONMENTS = envlist("KSEF_ENVIRONMENTS", ["test", "demo", "prod"])


def _ksef_url(name: str, env_var: str) -> str:
    from portal.ksef.protocol import ENVIRONMENT_URLS, Environment

    if KSEF_SIMULATOR_ENABLED:
        default = f"{SITE_URL}/ksef-sim/{name}/v2"
    else:
        default = ENVIRONMENT_URLS[Environment(name)]
    url = envstr(env_var, default).rstrip("/")
    if not url.endswith("/v2"):
        raise ImproperlyConfigured(f"{env_var} must be a base URL ending in /v2, got {url!r}")
    return url


# Latarnia, the ministry's availability service: base URLs to which /status and /messages are added.
def _latarnia_url(name: str, env_var: str) -> str:
    from portal.ksef.latarnia import LATARNIA_URLS
    from portal.ksef.protocol import Environment

    if KSEF_SIMULATOR_ENABLED:
        default = f"{SITE_URL}/ksef-sim/{name}/latarnia"
    else:
        default = LATARNIA_URLS[Environment(name)]
    url = envstr(env_var, default).rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"{env_var} must be an http(s) base URL, got {url!r}")
    return url


KSEF_BASE_URLS = {
    "test": _ksef_url("test", "KSEF_TEST_URL"),
    "demo": _ksef_url("demo", "KSEF_DEMO_URL"),
    "prod": _ksef_url("prod", "KSEF_PROD_URL"),
}
KSEF_HTTP_TIMEOUT_SECONDS = envint("KSEF_HTTP_TIMEOUT", 20, minimum=1)
KSEF_LATARNIA_URLS = {
    "test": _latarnia_url("test", "KSEF_LATARNIA_TEST_URL"),
    "demo": _latarnia_url("demo", "KSEF_LATARNIA_DEMO_URL"),
    "prod": _latarnia_url("prod", "KSEF_LATARNIA_PROD_URL"),
}
# Latarnia lists only its latest messages; the feed keeps each one this long after its last listing.
KSEF_LATARNIA_MESSAGES_RETENTION_DAYS = envint(
    "KSEF_LATARNIA_MESSAGES_RETENTION_DAYS", 90, minimum=1
)

# The simulator's timings; "slow" outlasts the client's HTTP time-out by default.
KSEF_SIMULATOR_PROPAGATION_SECONDS = envint("KSEF_SIMULATOR_PROPAGATION_SECONDS", 120, minimum=0)
KSEF_SIMULATOR_PENDING_SECONDS = envint("KSEF_SIMULATOR_PENDING_SECONDS", 120, minimum=0)
KSEF_SIMULATOR_AUTH_SECONDS = envint("KSEF_SIMULATOR_AUTH_SECONDS", 1, minimum=0)
KSEF_SIMULATOR_SLOW_SECONDS = envint(
    "KSEF_SIMULATOR_SLOW_SECONDS", KSEF_HTTP_TIMEOUT_SECONDS + 5, minimum=0
)
KSEF_SIMULATOR_RETRY_AFTER_SECONDS = envint("KSEF_SIMULATOR_RETRY_AFTER_SECONDS", 30, minimum=1)
# A signed login stays at status 100 this much longer where the certificate is checked (DEMO,
# PROD, TEST with verifyCertificateChain), as KSeF waits for the issuer's OCSP/CRL answer.
KSEF_SIMULATOR_CERTIFICATE_CHECK_SECONDS = envint(
    "KSEF_SIMULATOR_CERTIFICATE_CHECK_SECONDS", 5, minimum=0
)
# Every simulator answer is delayed this long (milliseconds), plus a random extra of up to the
# spread, to measure against a slow KSeF whose answers do not all take the same time.
KSEF_SIMULATOR_LATENCY_MS = envint("KSEF_SIMULATOR_LATENCY_MS", 0, minimum=0)
KSEF_SIMULATOR_LATENCY_SPREAD_MS = envint("KSEF_SIMULATOR_LATENCY_SPREAD_MS", 0, minimum=0)

# --- Knowledge base -------------------------------------------------------------------------

KB_REVIEW_AFTER_DAYS = envint("KB_REVIEW_AFTER_DAYS", 180, minimum=1)
# A publish reaches readers without a session within this many seconds.
KB_ARTICLE_PAGE_SECONDS = envint("KB_ARTICLE_PAGE_SECONDS", 10, minimum=0)
# Both limits: a small file can unpack into a huge bitmap; memory grows with the pixels
# (bench/image_upload.py).
KB_IMAGE_MAX_BYTES = envint("KB_IMAGE_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
KB_IMAGE_MAX_PIXELS = envint("KB_IMAGE_MAX_PIXELS", 16_000_000, minimum=1)
KB_IMAGE_PAGE_WIDTH = envint("KB_IMAGE_PAGE_WIDTH", 1600, minimum=100)
KB_FEEDBACK_PER_ADDRESS_PER_HOUR = envint("KB_FEEDBACK_PER_ADDRESS_PER_HOUR", 20, minimum=1)
# The weekly check of links to other sites (kb/external_links.py).
KB_LINK_CHECK_CONNECT_SECONDS = envint("KB_LINK_CHECK_CONNECT_SECONDS", 5, minimum=1)
KB_LINK_CHECK_READ_SECONDS = envint("KB_LINK_CHECK_READ_SECONDS", 10, minimum=1)
KB_LINK_CHECK_REQUESTS_PER_HOST = envint("KB_LINK_CHECK_REQUESTS_PER_HOST", 5, minimum=1)
KB_LINK_CHECK_BUDGET_SECONDS = envint("KB_LINK_CHECK_BUDGET_SECONDS", 60, minimum=1)

# --- Session check (read through portal.checks.config) --------------------------------------

# Encrypts a token while its check runs; kept out of the database, so a dump holds no token.
CHECK_TOKEN_KEY = envstr("CHECK_TOKEN_KEY")
if not CHECK_TOKEN_KEY and not DEBUG:
    raise ImproperlyConfigured("CHECK_TOKEN_KEY must be set when DEBUG is off")
CHECK_RETRY_WINDOW_SECONDS = envint("CHECK_RETRY_WINDOW_SECONDS", 15 * 60, minimum=1)
CHECK_RETRY_INTERVAL_SECONDS = envint("CHECK_RETRY_INTERVAL_SECONDS", 60, minimum=1)
CHECK_POLL_DELAY_SECONDS = envint("CHECK_POLL_DELAY_SECONDS", 2, minimum=1)
CHECK_RETENTION_DAYS = envint("CHECK_RETENTION_DAYS", 30, minimum=1)
# Per environment and NIP for all users, who share one IP; KSeF allows 30 (limity-api.md).
CHECK_SESSION_CALLS_PER_MINUTE = envint("CHECK_SESSION_CALLS_PER_MINUTE", 3, minimum=1)
CHECK_STARTS_PER_ADDRESS_PER_HOUR = envint("CHECK_STARTS_PER_ADDRESS_PER_HOUR", 10, minimum=1)
CHECK_STARTS_PER_NIP_PER_HOUR = envint("CHECK_STARTS_PER_NIP_PER_HOUR", 6, minimum=1)
CHECK_LEASE_SECONDS = envint("CHECK_LEASE_SECONDS", 120, minimum=60)
CHECK_TRANSIENT_RETRIES = envint("CHECK_TRANSIENT_RETRIES", 2, minimum=0)
CHECK_AUTH_MAX_WAIT_SECONDS = envint("CHECK_AUTH_MAX_WAIT_SECONDS", 20, minimum=1)
# Attempts one check worker (`manage.py run_checks`) runs at once, each on a thread of its own:
# an attempt mostly waits for KSeF. Sized in docs/check-design.md (bench/incident.py).
CHECK_WORKER_THREADS = envint("CHECK_WORKER_THREADS", 16, minimum=1)

# --- Search ---------------------------------------------------------------------------------

# The search box's maxlength says the same to the browser.
SEARCH_MAX_QUERY_LENGTH = 200
SEARCH_RESULTS_LIMIT = envint("SEARCH_RESULTS_LIMIT", 20, minimum=1)
SEARCH_SUGGESTIONS_LIMIT = envint("SEARCH_SUGGESTIONS_LIMIT", 5, minimum=1)
SEARCH_MISS_LOG_MAX_ROWS = envint("SEARCH_MISS_LOG_MAX_ROWS", 10_000, minimum=1)
SEARCH_NEW_MISSES_PER_CLIENT_PER_HOUR = envint(
    "SEARCH_NEW_MISSES_PER_CLIENT_PER_HOUR", 30, minimum=1
)

# --- Error links ----------------------------------------------------------------------------

ERRORLINKS_CACHE_SECONDS = envint("ERRORLINKS_CACHE_SECONDS", 300, minimum=0)
ERRORLINKS_ALTERNATIVES = envint("ERRORLINKS_ALTERNATIVES", 5, minimum=0)
ERRORLINKS_MISS_LOG_MAX_ROWS = envint("ERRORLINKS_MISS_LOG_MAX_ROWS", 10_000, minimum=1)
ERRORLINKS_NEW_MISSES_PER_CLIENT_PER_HOUR = envint(
    "ERRORLINKS_NEW_MISSES_PER_CLIENT_PER_HOUR", 30, minimum=1
)

# --- Logging --------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request lines are logged by the server; Django's own would repeat query strings.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
