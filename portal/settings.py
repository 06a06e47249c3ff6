"""Settings for the KSeF help portal.

Everything a deployment changes comes from environment variables read through the helpers in
``portal.envvars``; the defaults make ``make run`` work on a laptop with nothing else set (SQLite,
django-q2's ORM broker, the KSeF simulator) once ``DEBUG=1`` says this is a local run: without
it the settings are production's, and refuse to start without the secrets listed in README.md.
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

# Off unless set: a deployment that forgets DEBUG must not run with a public secret key and the
# simulator mounted. `make` and the test settings (tests/settings.py) set DEBUG=1.
DEBUG = envbool("DEBUG", False)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "local-development-only-not-secret-" + "x" * 32

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

# Public address of this site, used for absolute links (sitemap, feed, canonical URLs) and, in a
# local run, for the default KSeF URLs that point at the built-in simulator.
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
    "django.middleware.security.SecurityMiddleware",
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
    # The web server and the django-q2 worker write to one file from two processes: WAL lets
    # readers go on during a write, IMMEDIATE takes the write lock at BEGIN so two writers queue
    # on busy_timeout instead of failing with "database is locked" half way through.
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
# Each web process's own memory, for what needs no sharing: copies of article pages, at most
# KB_ARTICLE_PAGE_SECONDS old, and rendered Markdown, which never changes (kb/article_page.py). A
# hit costs no round trip to Redis, which bench/pages.py needs to keep the article page at half a
# static file's speed. MAX_ENTRIES bounds the memory (a page is ~30 kB).
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "local",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

# --- Background tasks (django-q2) -----------------------------------------------------------

# A check's attempt is bounded (a few KSeF calls, each with its own HTTP timeout) and a check
# waits between attempts in the database, not in a task, so a task never needs long. The numbers
# below are chosen together:
# - timeout (90 s) is below retry (120 s): the broker must not hand a task to a second worker
#   while the first one is still allowed to run it.
# - max_attempts 1: a task that failed is not blindly repeated; a check whose task died is due
#   again in the database (see portal/checks/lifecycle.py), and is taken up from there.
# - ack_failures: a failed task is acknowledged and kept in the failure list, not redelivered
#   forever (django-q2's default).
_TASK_TIMEOUT_SECONDS = 90  # also bounds the weekly link check (KB_LINK_CHECK_* below)
Q_CLUSTER = {
    "name": "portal",
    "workers": envint("Q_WORKERS", 2, minimum=1),
    "timeout": _TASK_TIMEOUT_SECONDS,
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
AXES_ENABLED = envbool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15, minimum=1))
# Username and address together: a stranger's wrong passwords must not lock a member of staff
# out everywhere. The address is the one every limit uses (portal.lib.ratelimit.client_address).
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

# --- Static files ---------------------------------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
HTMX_VERSION = "2.0.11"
# Writers' images (kb.images). Articles always refer to them as MEDIA_URL + "kb/<name>" and the
# portal serves that address itself from the storage below (kb.views.image_file), so moving the
# files to another store never changes a URL in an immutable revision.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
# An S3-compatible bucket instead of MEDIA_ROOT (needs the "s3" extra: django-storages). The
# credentials are boto3's own AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3 from the
# environment, so they never pass through these settings.
MEDIA_S3_BUCKET = envstr("MEDIA_S3_BUCKET")
_media_storage: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if MEDIA_S3_BUCKET:
    if find_spec("storages") is None:
        raise ImproperlyConfigured("MEDIA_S3_BUCKET needs django-storages: pip install '.[s3]'")
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
        # Hashed names with far-future cache headers in production; plain files locally so a
        # change to a stylesheet shows without collectstatic.
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
# Secure cookies in production; SECURE_COOKIES=0 only for a production-like run over plain HTTP on
# loopback (see README), never behind a real domain.
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The preload directive only makes the domain eligible; submitting it to the browsers' list stays a
# manual decision of the domain owner. SECURE_HSTS_PRELOAD=0 drops it.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
# Proxies in front of the portal whose X-Forwarded-For is believed (addresses or networks, comma
# separated); none by default, so a forged header from the internet changes nothing. Every
# per-client limit reads the client through portal.lib.ratelimit.client_address.
try:
    TRUSTED_PROXIES = [ip_network(net, strict=False) for net in envlist("TRUSTED_PROXIES", [])]
except ValueError as exc:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES: {exc}") from exc
# IPv6 clients are counted per network of this many bits (a subscriber usually has a /64).
RATELIMIT_IPV6_PREFIX = envint("RATELIMIT_IPV6_PREFIX", 64, minimum=32)
if RATELIMIT_IPV6_PREFIX > 128:
    raise ImproperlyConfigured("RATELIMIT_IPV6_PREFIX must be at most 128")

if envbool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# No inline scripts anywhere: htmx is loaded from our own static files and configured through a
# <meta> tag, and its indicator styles are switched off there so it injects no <style> either.
# Inline styles stay allowed only for Django admin's widgets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        # Writers' images come from the portal itself (/media/kb/, kb/images.py), never a CDN.
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

# The simulator answers like KSeF under /ksef-sim/<environment>/v2/. It is the local default and
# what the tests use; production never enables it (DEBUG off turns the default off).
KSEF_SIMULATOR_ENABLED = envbool("KSEF_SIMULATOR", DEBUG)
if KSEF_SIMULATOR_ENABLED and not DEBUG:
    # Its tokens are published on its own page: a production site must never answer with it.
    raise ImproperlyConfigured("KSEF_SIMULATOR cannot be enabled when DEBUG is off")

# With the simulator all three point at its own environments, so that a "wrong environment"
# diagnosis can be tried there too.
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


KSEF_BASE_URLS = {
    "test": _ksef_url("test", "KSEF_TEST_URL"),
    "demo": _ksef_url("demo", "KSEF_DEMO_URL"),
    "prod": _ksef_url("prod", "KSEF_PROD_URL"),
}
KSEF_HTTP_TIMEOUT_SECONDS = envint("KSEF_HTTP_TIMEOUT", 20, minimum=1)

# Base URLs of Latarnia, the ministry's availability service, one per environment (/status and
# /messages are appended). Like KSeF's, a local run with the simulator points them at its own.


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


KSEF_LATARNIA_URLS = {
    "test": _latarnia_url("test", "KSEF_LATARNIA_TEST_URL"),
    "demo": _latarnia_url("demo", "KSEF_LATARNIA_DEMO_URL"),
    "prod": _latarnia_url("prod", "KSEF_LATARNIA_PROD_URL"),
}
# Latarnia lists only its latest messages; the poll keeps each one it saw (for the Atom feed of
# failures and maintenance) this long after Latarnia last listed it.
KSEF_LATARNIA_MESSAGES_RETENTION_DAYS = envint(
    "KSEF_LATARNIA_MESSAGES_RETENTION_DAYS", 90, minimum=1
)

# The simulator's timings. Propagation: a new grant stays invisible to authentication (KSeF
# publishes no figure). Slow: more than KSEF_HTTP_TIMEOUT, so the client times out.
KSEF_SIMULATOR_PROPAGATION_SECONDS = envint("KSEF_SIMULATOR_PROPAGATION_SECONDS", 120, minimum=0)
KSEF_SIMULATOR_PENDING_SECONDS = envint("KSEF_SIMULATOR_PENDING_SECONDS", 120, minimum=0)
KSEF_SIMULATOR_AUTH_SECONDS = envint("KSEF_SIMULATOR_AUTH_SECONDS", 1, minimum=0)
KSEF_SIMULATOR_SLOW_SECONDS = envint(
    "KSEF_SIMULATOR_SLOW_SECONDS", KSEF_HTTP_TIMEOUT_SECONDS + 5, minimum=0
)
KSEF_SIMULATOR_RETRY_AFTER_SECONDS = envint("KSEF_SIMULATOR_RETRY_AFTER_SECONDS", 30, minimum=1)

# --- Knowledge base -------------------------------------------------------------------------

# A published article whose "reviewed on" date is older than this (or missing) is listed in admin
# as due for a subject-matter review.
KB_REVIEW_AFTER_DAYS = envint("KB_REVIEW_AFTER_DAYS", 180, minimum=1)
# How long a web process serves an anonymous reader its copy of an article page: a publish reaches
# those readers within this many seconds (writers, logged in, always get the page rendered anew).
KB_ARTICLE_PAGE_SECONDS = envint("KB_ARTICLE_PAGE_SECONDS", 10, minimum=0)
# Images writers upload (kb/images.py): the largest file, and the most pixels, accepted; a
# small file can still unpack into a huge bitmap (a decompression bomb), hence both limits. An
# image wider than KB_IMAGE_PAGE_WIDTH gets a copy that wide for the article page.
KB_IMAGE_MAX_BYTES = envint("KB_IMAGE_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
KB_IMAGE_MAX_PIXELS = envint("KB_IMAGE_MAX_PIXELS", 40_000_000, minimum=1)
KB_IMAGE_PAGE_WIDTH = envint("KB_IMAGE_PAGE_WIDTH", 1600, minimum=100)
# Opinions ("Did this help?") one client address may send per hour (portal/lib/ratelimit.py).
KB_FEEDBACK_PER_ADDRESS_PER_HOUR = envint("KB_FEEDBACK_PER_ADDRESS_PER_HOUR", 20, minimum=1)
# The weekly check of links to other sites (kb/external_links.py). Time-outs per request (connect,
# read); requests to one host per run, so the check never hammers a site it links to; and the
# run's total time, which must stay below Q_CLUSTER's timeout by a request's worth (checked below).
# Links the run does not reach come first next week.
KB_LINK_CHECK_CONNECT_SECONDS = envint("KB_LINK_CHECK_CONNECT_SECONDS", 5, minimum=1)
KB_LINK_CHECK_READ_SECONDS = envint("KB_LINK_CHECK_READ_SECONDS", 10, minimum=1)
KB_LINK_CHECK_REQUESTS_PER_HOST = envint("KB_LINK_CHECK_REQUESTS_PER_HOST", 5, minimum=1)
KB_LINK_CHECK_BUDGET_SECONDS = envint("KB_LINK_CHECK_BUDGET_SECONDS", 60, minimum=1)
# The budget is checked before each request, so the last one may still take both its time-outs;
# past Q_CLUSTER's timeout the worker is killed mid-run. (A server that drips its headers slowly
# can still hold one request longer, the read time-out being per socket read: the check then
# records each link's attempt before asking, so such a link goes last next week, not first.)
_LINK_CHECK_LONGEST = (
    KB_LINK_CHECK_BUDGET_SECONDS + KB_LINK_CHECK_CONNECT_SECONDS + KB_LINK_CHECK_READ_SECONDS
)
if _LINK_CHECK_LONGEST >= _TASK_TIMEOUT_SECONDS:
    raise ImproperlyConfigured(
        "KB_LINK_CHECK_BUDGET_SECONDS + _CONNECT_SECONDS + _READ_SECONDS "
        f"({KB_LINK_CHECK_BUDGET_SECONDS} + {KB_LINK_CHECK_CONNECT_SECONDS} + "
        f"{KB_LINK_CHECK_READ_SECONDS} = {_LINK_CHECK_LONGEST} s) must stay below the background "
        f"task time-out, Q_CLUSTER['timeout'] ({_TASK_TIMEOUT_SECONDS} s), or the worker is "
        "killed in the middle of the weekly link check"
    )
# The check asks only hosts whose every address is public, so a link (or a redirect) to
# 127.0.0.1, 169.254.169.254 or a private network is never requested; it shows as "nie
# sprawdzono". On for the tests' local server only: nothing else should need it. The check
# connects directly, ignoring HTTP(S)_PROXY and ~/.netrc.
KB_LINK_CHECK_ALLOW_PRIVATE_ADDRESSES = envbool("KB_LINK_CHECK_ALLOW_PRIVATE_ADDRESSES", False)

# --- Session check --------------------------------------------------------------------------

# Read through portal.checks.config, never directly, so tests and code agree on the units.

# The key that encrypts a KSeF token while its check runs (any long random string). It lives in
# the environment, not in the database, so a stolen database dump holds no usable token.
CHECK_TOKEN_KEY = envstr("CHECK_TOKEN_KEY")
if not CHECK_TOKEN_KEY and not DEBUG:
    raise ImproperlyConfigured("CHECK_TOKEN_KEY must be set when DEBUG is off")
# How long a check keeps retrying a 403 that looks like permissions still propagating.
CHECK_RETRY_WINDOW_SECONDS = envint("CHECK_RETRY_WINDOW_SECONDS", 15 * 60, minimum=1)
# Pause between attempts; KSeF's own Retry-After and the per-NIP pacing can only lengthen it.
# A waiting check holds no worker: the every-minute run of due checks is brought forward to its
# time, and django-q2's scheduler looks for due schedules every 30 s, so the real gap is this plus
# up to 30 s.
CHECK_RETRY_INTERVAL_SECONDS = envint("CHECK_RETRY_INTERVAL_SECONDS", 60, minimum=1)
# The page asks for news this often while a check is under way (htmx polling).
CHECK_POLL_DELAY_SECONDS = envint("CHECK_POLL_DELAY_SECONDS", 2, minimum=1)
# Checks (steps, verdicts, masked NIPs) are deleted this long after they were started.
CHECK_RETENTION_DAYS = envint("CHECK_RETENTION_DAYS", 30, minimum=1)
# At most this many POST /sessions/online per minute for one environment and NIP, across every
# user of the portal: KSeF counts its limits per context and client IP, and every user shares
# the portal's IP. KSeF itself allows 30 a minute; we stay far below, as a good citizen.
CHECK_SESSION_CALLS_PER_MINUTE = envint("CHECK_SESSION_CALLS_PER_MINUTE", 3, minimum=1)
# Starting checks: per client address and per NIP, in fixed hours (portal/lib/ratelimit.py).
CHECK_STARTS_PER_ADDRESS_PER_HOUR = envint("CHECK_STARTS_PER_ADDRESS_PER_HOUR", 10, minimum=1)
CHECK_STARTS_PER_NIP_PER_HOUR = envint("CHECK_STARTS_PER_NIP_PER_HOUR", 6, minimum=1)
# A worker holds a check this long; past it the worker is presumed dead and the check is due
# again (a check still due this long past its retry window is abandoned). Longer than django-q2's
# task timeout (90 s above; a test holds the two together), so a live worker is never presumed dead.
CHECK_LEASE_SECONDS = envint("CHECK_LEASE_SECONDS", 120, minimum=60)
# KSeF unavailable (5xx, timeouts) is retried this many times before it becomes the verdict.
CHECK_TRANSIENT_RETRIES = envint("CHECK_TRANSIENT_RETRIES", 2, minimum=0)
CHECK_AUTH_MAX_WAIT_SECONDS = envint("CHECK_AUTH_MAX_WAIT_SECONDS", 20, minimum=1)

# --- Search ---------------------------------------------------------------------------------

# Longest query read (characters); the search box's maxlength says the same to the browser.
SEARCH_MAX_QUERY_LENGTH = 200
SEARCH_RESULTS_LIMIT = envint("SEARCH_RESULTS_LIMIT", 20, minimum=1)
SEARCH_SUGGESTIONS_LIMIT = envint("SEARCH_SUGGESTIONS_LIMIT", 5, minimum=1)
# Zero-result searches kept for writers: distinct queries at most, and new ones per client and
# hour (a query already kept is always counted).
SEARCH_MISS_LOG_MAX_ROWS = envint("SEARCH_MISS_LOG_MAX_ROWS", 10_000, minimum=1)
SEARCH_NEW_MISSES_PER_CLIENT_PER_HOUR = envint(
    "SEARCH_NEW_MISSES_PER_CLIENT_PER_HOUR", 30, minimum=1
)

# --- Error links ----------------------------------------------------------------------------

# Drop KSeF tokens from any link before the rest of the stack sees the request; right after
# SecurityMiddleware, see kb/errorlinks/middleware.py for why it redirects.
MIDDLEWARE.insert(1, "kb.errorlinks.middleware.StripTokensFromLinksMiddleware")
# How long browsers and shared caches may keep a JSON help answer (it depends on the URL only).
ERRORLINKS_CACHE_SECONDS = envint("ERRORLINKS_CACHE_SECONDS", 300, minimum=0)
ERRORLINKS_ALTERNATIVES = envint("ERRORLINKS_ALTERNATIVES", 5, minimum=0)
# Distinct unanswered errors kept for writers; past this only known ones are counted, so a flood
# of made-up links cannot grow the table without end.
ERRORLINKS_MISS_LOG_MAX_ROWS = envint("ERRORLINKS_MISS_LOG_MAX_ROWS", 10_000, minimum=1)

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
