"""Django settings for mesoplan, switched by environment variables.

- `MESOPLAN_ENV`: `development` (default) or `production` (secret from the
  environment, DEBUG off, secure cookies, HSTS, HTTPS redirect).
- `MESOPLAN_DB`: `sqlite` (default, embedded file under `MESOPLAN_DATA`) or
  `postgres` (`MESOPLAN_PG_HOST`, `_PORT`, `_USER`, `_PASSWORD`, `_NAME`).
- `MESOPLAN_DATA`: the folder for the database, uploaded photos and the
  development secret; defaults to `<repo>/var`.

Reading the settings has no side effect: folders and the development secret
are created by `mesoplan serve`, not here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from mesoplan.web.file_storage import file_storage


def env(name: str, default: str = "") -> str:
    """An environment variable, or `default` when unset or empty."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    """An environment variable read as yes/no."""
    value = os.environ.get(name)
    return default if value in (None, "") else value.strip().lower() in ("1", "true", "yes", "on")


PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/mesoplan
REPO_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(env("MESOPLAN_DATA", str(REPO_DIR / "var")))

PRODUCTION = env("MESOPLAN_ENV", "development") == "production"
# Off unless asked for (MESOPLAN_DEBUG=1): `make run` serves a person, not a developer.
DEBUG = not PRODUCTION and env_bool("MESOPLAN_DEBUG", False)

# Development uses the secret `mesoplan serve` keeps in MESOPLAN_DATA/secret_key
# (passed in MESOPLAN_SECRET_KEY); tests and tools fall back to a fixed,
# visibly insecure one. Production refuses to start without a real secret.
SECRET_KEY = env("MESOPLAN_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("MESOPLAN_SECRET_KEY must be set when MESOPLAN_ENV=production")
    SECRET_KEY = "django-insecure-mesoplan-development-only-never-in-production"

ALLOWED_HOSTS = [h.strip() for h in env("MESOPLAN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("MESOPLAN_CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "mesoplan.web.front",
    "mesoplan.web.records",
    "mesoplan.web.accounts",
    "mesoplan.web.selfcheck",
    "mesoplan.web.diary",
    "mesoplan.web.clinic",
    "mesoplan.web.api",
    "mesoplan.web.outbox",
    "mesoplan.web.home",
    "ninja",  # only for its templates and static files: the API docs then load nothing from a CDN
    "django_tasks",  # the backport of Django 6's tasks (`django.tasks`) for Django 5.2
    "django_tasks_db",  # its queue in our own database: works on the embedded SQLite and on PostgreSQL
]

# Background jobs (the clinic re-screen) queue in the database; `mesoplan serve` starts the
# worker (`mesoplan worker`) beside the web server. The same task code runs on the Celery
# or RQ backends (django-tasks-celery, django-tasks-rq) should one database queue not do.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# No state in one process's memory that another needs (decisions item 4): sessions, the login
# throttle and the cache live in the database, shared by every gunicorn worker and the task worker.
# The cache's table is made by a migration (home/0002), so `migrate` is all an installation runs.
SESSION_ENGINE = "mesoplan.web.front.sessions"  # database sessions, not synced one by one on SQLite

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mesoplan.web.front.compression.CompressedPages",  # gzip for HTML pages (front/compression.py: BREACH)
    "mesoplan.web.front.csp.ContentSecurityPolicyMiddleware",  # on every response, the refusals below too
    "mesoplan.web.front.body_limit.BodyLimitMiddleware",  # 413 for a body too large, before anything reads it
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "mesoplan.web.front.language.LanguageMiddleware",  # the account's or session's choice over Accept-Language
    "django.contrib.messages.middleware.MessageMiddleware",
    "mesoplan.web.clinic.handover.HandoverLockMiddleware",  # a tablet handed to a client shows only the consent
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "mesoplan.web.urls"
WSGI_APPLICATION = "mesoplan.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # Months in the right case in every language (overrides Django's `date` filter).
            "builtins": ["mesoplan.web.front.templatetags.dates"],
        },
    },
]


def _databases() -> dict[str, dict[str, Any]]:
    kind = env("MESOPLAN_DB", "sqlite")
    if kind == "postgres":
        return {"default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env("MESOPLAN_PG_NAME", "mesoplan"),
            "USER": env("MESOPLAN_PG_USER", "postgres"),
            "PASSWORD": env("MESOPLAN_PG_PASSWORD"),
            "HOST": env("MESOPLAN_PG_HOST", "127.0.0.1"),
            "PORT": env("MESOPLAN_PG_PORT", "5432"),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }}
    if kind != "sqlite":
        raise ImproperlyConfigured(f"MESOPLAN_DB must be 'sqlite' or 'postgres', not {kind!r}")
    return {"default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "mesoplan.sqlite3",
        "OPTIONS": {
            # WAL lets readers and one writer work at once (several gunicorn
            # workers); IMMEDIATE takes the write lock at BEGIN so a transaction
            # waits for it (up to `timeout` seconds) instead of failing midway.
            # synchronous=FULL syncs the WAL at every commit: an acknowledged write
            # survives a power loss (NORMAL could lose the last commits).
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=20000",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# argon2id with 19 MiB, 2 passes, 1 lane (accounts/hashers.py): a failed login costs about 20 MB, not 100.
PASSWORD_HASHERS = [
    "mesoplan.web.accounts.hashers.BoundedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "front:home"  # the logged-in home: next session, today's steps, alerts
LOGOUT_REDIRECT_URL = "front:home"

# Behind a TLS-terminating proxy (nginx, Caddy) that sets X-Forwarded-Proto and
# X-Forwarded-For: only then are those headers trusted (HTTPS, the client's address).
BEHIND_PROXY = env_bool("MESOPLAN_BEHIND_PROXY", False)

# Throttles, and any cache, live in the database, which every server process shares (decisions
# item 4); `migrate` (so `mesoplan serve` and the test setup) creates the table (home/0002).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "mesoplan_cache",
                      "OPTIONS": {"MAX_ENTRIES": 20_000}}}
# Requests per address to the API's anonymous endpoints (screen, plan, protocols, knowledge; not
# health), as "count/period" (s, min, hour, day); "off" switches the throttle off.
MESOPLAN_API_ANON_RATE = env("MESOPLAN_API_ANON_RATE", "120/min")

# Failed logins per username and address before a lockout, and its length.
MESOPLAN_LOGIN_FAILURES = int(env("MESOPLAN_LOGIN_FAILURES", "5"))
MESOPLAN_LOGIN_LOCKOUT_MINUTES = int(env("MESOPLAN_LOGIN_LOCKOUT_MINUTES", "15"))
# Failed logins from one address, whatever the usernames, before that address is locked out as long.
MESOPLAN_LOGIN_ADDRESS_FAILURES = int(env("MESOPLAN_LOGIN_ADDRESS_FAILURES", "20"))

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("MESOPLAN_TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "static/"
# WhiteNoise serves straight from the apps' static folders, so neither
# `make run` nor a fresh checkout needs `collectstatic`; set MESOPLAN_STATIC_ROOT
# only to collect the files for another web server.
STATIC_ROOT = env("MESOPLAN_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Photos live here and are only ever sent by a view that checks the owner:
# there is deliberately no public MEDIA_URL route.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media-not-served/"
# The local disk under MEDIA_ROOT, or an S3-compatible bucket with MESOPLAN_S3_BUCKET and its
# companions (web/file_storage.py, docs/operations.md): what several app servers share.
STORAGES = {
    "default": file_storage(os.environ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MESOPLAN_PHOTO_MAX_BYTES = int(env("MESOPLAN_PHOTO_MAX_BYTES", str(8 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # form fields and JSON; above it a 413 (front/body_limit.py)
# No request body over this is read at all (decisions item 3): 413 on its Content-Length.
MESOPLAN_MAX_BODY_BYTES = int(env("MESOPLAN_MAX_BODY_BYTES", str(10_000_000)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A FHIR bundle over this is imported by the background worker (clinic/import_jobs.py), not while the page waits.
MESOPLAN_IMPORT_INLINE_BYTES = int(env("MESOPLAN_IMPORT_INLINE_BYTES", str(512 * 1024)))
# Photos are health data: their files and folders readable by the server's user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

EMAIL_BACKEND = env("MESOPLAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("MESOPLAN_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("MESOPLAN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("MESOPLAN_EMAIL_USER")
EMAIL_HOST_PASSWORD = env("MESOPLAN_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("MESOPLAN_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env("MESOPLAN_FROM_EMAIL", "mesoplan <noreply@localhost>")

# The outbox (web/outbox, docs/outbox.md): SMS through this class (console until a provider is set),
# a look for due messages every so many seconds, and a fixed clock for tests of a real worker
# (an ISO date-time such as 2027-01-04T18:00:00+00:00; empty: the real time).
MESOPLAN_SMS_BACKEND = env("MESOPLAN_SMS_BACKEND", "mesoplan.web.outbox.sms.ConsoleSms")
MESOPLAN_OUTBOX_PERIOD_SECONDS = float(env("MESOPLAN_OUTBOX_PERIOD_SECONDS", "60"))
MESOPLAN_FIXED_NOW = env("MESOPLAN_FIXED_NOW")
# The address of the site in messages (links that work from an email: unsubscribe).
MESOPLAN_SITE_URL = env("MESOPLAN_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Home users' email reminders leave the evening before their day, at this hour (local time).
MESOPLAN_REMINDER_HOUR = int(env("MESOPLAN_REMINDER_HOUR", "18"))
# Clients a re-screen reads, screens and writes per transaction (web/clinic/rescreen.py); 0: its own
# default (5 000). Smaller batches hold each transaction's row locks for less time, at more commits.
MESOPLAN_RESCREEN_BATCH = int(env("MESOPLAN_RESCREEN_BATCH", "0"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("MESOPLAN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("MESOPLAN_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Trusted blindly without a proxy, a client could claim HTTPS it does not use.
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("MESOPLAN_LOG_LEVEL", "WARNING")},
}
