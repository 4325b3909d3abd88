"""Django settings, all read from environment variables (documented in .env.example).

A `.env` file in the project directory is read first when present; real environment variables win.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

from config.code_version import code_version
from config.embedded_db import EmbeddedPostgres
from config.env import env_bool, env_database_url, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
load_dotenv(BASE_DIR / ".env", override=False)

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set; `make run` writes one into .env for local use, "
        "production must set it in the environment"
    )
# Outside development a guessable key lets anyone forge sessions and password-reset links: the
# placeholder of .env.example, and keys Django's deployment check calls weak, stop the process.
_NEW_KEY = "python -c 'import secrets, sys; sys.stdout.write(secrets.token_urlsafe(50))'"
if not DEBUG and SECRET_KEY == "change-me":
    raise ImproperlyConfigured(
        f"SECRET_KEY is the placeholder from .env.example; set a long random value ({_NEW_KEY})"
    )
if not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        f"SECRET_KEY is too short or too simple ({len(SECRET_KEY)} characters); with DEBUG off it "
        f"must be 50 or more random characters ({_NEW_KEY})"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_tables2",
    "django_filters",
    "simple_history",
    "config.apps.AxesConfig",
    # The API's docs page uses the Swagger UI files this app ships, not a CDN's.
    "ninja",
    "csp",
    "dashboard",
    "ingest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dashboard.middleware.ChineseFirstLocaleMiddleware",
    "dashboard.middleware.OneReadingPerRequest",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "dashboard.context_processors.reports_contact",
            ],
        },
    },
]

# Extracted figures the scorer is less sure of than this wait for a reviewer before the public
# pages, charts, CSV and API show them. scripts/build_scorer.py prints the lowest threshold at
# which the figures above it were at least 97% right on real reports the scorer was not fitted
# on (its reliability table); the default keeps a margin above it. 0 publishes every extracted
# figure, 1 none before review.
EXTRACTION_PUBLISH_THRESHOLD = env_float(
    "EXTRACTION_PUBLISH_THRESHOLD", 0.8, minimum=0.0, maximum=1.0
)

# PostgreSQL only. DATABASE_URL selects an existing server; without it an embedded server runs
# from EMBEDDED_PG_DIR (started by manage.py and the test suite, stopped by `embedded_db stop`).
EMBEDDED_PG_DIR = Path(env_str("EMBEDDED_PG_DIR", str(BASE_DIR / ".pgdata")))
_database = env_database_url("DATABASE_URL")
USING_EMBEDDED_DB = _database is None
if _database is None:
    _database = {
        "ENGINE": "django.db.backends.postgresql",
        **EmbeddedPostgres(EMBEDDED_PG_DIR).connection_settings(),
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The lists the pages share (the region tree; years and regions with data, keyed on the data
# version so that a stale one is never read) are cached in the database: every worker process
# sees the same entries and no cache service is needed. config/cache.py writes an entry with one
# statement; the migrations create the table. Entries expire after TIMEOUT seconds, and a third
# of them is dropped whenever there are more than MAX_ENTRIES.
CACHES = {
    "default": {
        "BACKEND": "config.cache.DatabaseCache",
        "LOCATION": "dashboard_cache",
        # Entries of another version of the code are never read (config/code_version.py); set
        # below with the settings the pages show.
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login rate limiting (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is locked out for AXES_COOLOFF_HOURS. Every `authenticate` call
# must pass the request (the admin login does; tests use force_login or login(request=...)).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", default=1, minimum=1)
# Locking the user name alone would let anyone lock a reviewer out; the address alone would lock
# a whole office behind one NAT gateway.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The client address is REMOTE_ADDR; behind a reverse proxy that is the proxy's, and the lockout
# then works per user name.

# Import of observations (CSV or Excel) in the admin, for those who may add observations: the
# uploaded file waits in IMPORT_DIR for the import_observations command, which checks it and,
# once a reviewer confirms, writes it; an import with any bad row writes nothing.
IMPORT_DIR = Path(env_str("IMPORT_DIR", str(BASE_DIR / "imports")))
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", default=200, minimum=1) * 1024 * 1024

# The largest report file, for the ingest command and uploads alike: neither reads more than
# this (and one byte to tell). REPORT_UPLOAD_MAX_MB, its name when it held for uploads only, is
# still read so that existing .env files keep working.
REPORT_MAX_BYTES = (
    env_int(
        "REPORT_MAX_MB",
        default=env_int("REPORT_UPLOAD_MAX_MB", default=20, minimum=1),
        minimum=1,
    )
    * 1024
    * 1024
)
# Processes that read and extract reports for the ingest command while it stores them (0: the
# command's own process does everything). One fewer than the cores, as the storing process and
# the database need one; more than four only wait for the storing process.
INGEST_WORKERS = env_int(
    "INGEST_WORKERS", default=max(1, min(4, (os.cpu_count() or 2) - 1)), minimum=0
)
# How many files one upload may carry.
REPORT_UPLOAD_MAX_FILES = env_int("REPORT_UPLOAD_MAX_FILES", default=20, minimum=1)
# The largest upload request: that many files at the largest size, and room for the form around
# them. A larger request is refused from its Content-Length, before its body is read; a reverse
# proxy in front should refuse it too (nginx: client_max_body_size, see README.md).
REPORT_UPLOAD_MAX_REQUEST_BYTES = REPORT_UPLOAD_MAX_FILES * REPORT_MAX_BYTES + 1024 * 1024
# Django's own ceilings sit above ours so that our form, not a bare 400 page, says what is wrong.
# The upload page turns even these into its form's message.
DATA_UPLOAD_MAX_NUMBER_FILES = REPORT_UPLOAD_MAX_FILES + 10
# The form fields of any request, files not counted (Django's default, stated): no page of ours
# posts more than a few kilobytes of text.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# plotly.js is served from the copy bundled in the pinned plotly package (static/vendor/plotly/),
# so its version follows pyproject.toml and the dashboard works without internet access.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/plotly", Path(importlib.util.find_spec("plotly").origin).parent / "package_data"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = LOGOUT_REDIRECT_URL = "dashboard:overview"
DASHBOARD_REQUIRE_LOGIN = env_bool("DASHBOARD_REQUIRE_LOGIN", default=False)
# Whom the public pages tell to send reports to (a name, a department, an address).
DASHBOARD_REPORTS_CONTACT = env_str("DASHBOARD_REPORTS_CONTACT", "")
# Kept pages also carry the settings they show: a new contact or time zone after a restart must
# not wait for the data to change.
CACHES["default"]["KEY_PREFIX"] = code_version(
    BASE_DIR, settings=(DASHBOARD_REPORTS_CONTACT, TIME_ZONE)
)
SEEDS_DIR = BASE_DIR / "seeds"
DATA_DIR = BASE_DIR / "dashboard" / "data"

# Behind HTTPS in production; an intranet served over plain HTTP sets SECURE_SSL_REDIRECT=false
# and SECURE_COOKIES=false explicitly.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# The browsers' preload list is for public domains; an intranet host cannot be on it.
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", default=False) else None
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", default=8 * 3600, minimum=60)
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): pages load scripts, styles, fonts and images from this
# site only; the one inline script a page may carry is a chart's JSON data, allowed by the
# request's nonce. An injected <script>, inline handler or foreign source is not run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # Plotly's maps set style attributes on their SVG elements; an attribute can hold no
        # script, and <style> elements still need the nonce.
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
