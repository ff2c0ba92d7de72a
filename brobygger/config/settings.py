"""Django settings, read from the environment (see README, "Configuration").

Fail closed: with nothing set, DEBUG is off and a SECRET_KEY is required. ``make run`` sets
``DEBUG=1`` for the embedded local default (SQLite under ``var/``, e-mail printed to the console,
demo content). Tests use ``brobygger.config.test_settings``.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from brobygger.config import envfile
from brobygger.config.env import (
    database_from_url,
    env_admins,
    env_bool,
    env_choice,
    env_clock,
    env_int,
    env_list,
    env_str,
)
from brobygger.core.logs import FORMATS as LOG_FORMATS
from brobygger.core.logs import logging_config

# BROBYGGER_ENV_FILE: the service, cron and a shell read one file (the real environment wins).
envfile.load()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(env_str("BROBYGGER_HOME") or Path.cwd())
VAR_DIR = Path(env_str("BROBYGGER_VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off: set SECRET_KEY to 50 or more random "
            "characters in the environment or in the file BROBYGGER_ENV_FILE names (make one "
            "with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = (env_str("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "ninja",  # Swagger UI from our static files (no CDN, no inline script)
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "brobygger.core",
    "brobygger.accounts",
    "brobygger.accounts.sso",
    "brobygger.directory",
    "brobygger.referrals",
    "brobygger.insights",
    "brobygger.activities",
    "brobygger.network",
    "brobygger.web",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "brobygger.core.request_id.RequestIdMiddleware",  # first: every log line names the request
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "brobygger.web.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "djangosaml2.middleware.SamlSessionMiddleware",  # SAML sign-in's pending requests
    "brobygger.web.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "brobygger.core.input_guard.InputGuardMiddleware",  # no control characters in any input
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "brobygger.web.session.IdleTimeoutMiddleware",
    "brobygger.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "brobygger.core.access.LoginForAnonymousMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "brobygger.config.urls"
WSGI_APPLICATION = "brobygger.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "brobygger.web.context_processors.roles",
                "brobygger.core.languages.citizen_context",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL"), sqlite_path=str(VAR_DIR / "brobygger.sqlite3")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "after_sign_in"  # each role on its own work (brobygger/web/landing.py)
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "da"
FORMAT_MODULE_PATH = ["brobygger.formats"]  # "26. nov. 2026", "14.30" (formats/da/formats.py)
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
# Citizen-facing pages (activities, sign-up, contact, receipt, vejviser) are offered in these too:
# the larger immigrant groups in Aarhus. Draft translations until a native speaker approves them.
CITIZEN_LANGUAGES = [
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("so", "Soomaali"),
    ("uk", "Українська"),
]
LANGUAGES += CITIZEN_LANGUAGES
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# In development WhiteNoise serves straight from the apps (finders); production collects here
# (`brobygger setup`), where nginx serves them: outside the owner-only VAR_DIR (deploy/).
STATIC_ROOT = None if DEBUG else Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Source maps (5 of the 10 MB collected, from the API docs' bundles) are read by developer
# tools only: not compressed, which takes most of `setup`'s time otherwise.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "brobygger@localhost")
# With DEBUG off, `check --deploy` (and so `brobygger serve`) refuses e-mail or text messages
# printed to the console, where codes and links would land in the service log, unless this is set.
ALLOW_CONSOLE_MESSAGES = env_bool("ALLOW_CONSOLE_MESSAGES", default=False)
# The accessibility statement's contact (empty: DEFAULT_FROM_EMAIL).
ACCESSIBILITY_CONTACT_EMAIL = env_str("ACCESSIBILITY_CONTACT_EMAIL", "")

# Text messages (receipts, reminders): printed to the console unless a gateway backend is set.
# A backend is a dotted path to a class with ``send_messages(messages) -> int`` (core.sms).
SMS_BACKEND = env_str("SMS_BACKEND", "brobygger.core.sms.ConsoleBackend")
SMS_SENDER = env_str("SMS_SENDER", "Brobygger")
# Only numbers under these prefixes are texted: "+CC:DIGITS" (exactly DIGITS after the prefix)
# or "+CC" (any length up to E.164's 15 digits); the default is Danish numbers only.
SMS_ALLOWED_PREFIXES = env_list("SMS_ALLOWED_PREFIXES", ["+45:8"])
for _prefix in SMS_ALLOWED_PREFIXES:
    _code, _sep, _digits = _prefix.partition(":")
    if not (
        _code[:1] == "+" and _code[1:].isdigit() and len(_code) <= 5
        and (not _sep or (_digits.isdigit() and len(_digits) <= 2))
    ):  # fmt: skip
        raise ImproperlyConfigured(
            f"SMS_ALLOWED_PREFIXES: {_prefix!r} is not +CC or +CC:DIGITS (e.g. +45:8)"
        )
# At most this many text messages to one number a day (counted under a digest of the number).
SMS_PER_RECIPIENT_PER_DAY = env_int("SMS_PER_RECIPIENT_PER_DAY", 5)
# SMS_BACKEND=brobygger.core.sms.HttpGateway: JSON POSTed to SMS_GATEWAY_URL with the bearer
# token SMS_GATEWAY_TOKEN; each try waits SMS_GATEWAY_TIMEOUT seconds, and a 5xx answer or a
# connection error is tried again SMS_GATEWAY_RETRIES times, with a back-off (the defaults
# keep a receipt sent from a page well inside gunicorn's 30 s: 10 s, 1 s, 10 s).
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_TIMEOUT = env_int("SMS_GATEWAY_TIMEOUT", 10)
SMS_GATEWAY_RETRIES = env_int("SMS_GATEWAY_RETRIES", 1)
EMAIL_PER_RECIPIENT_PER_DAY = env_int("EMAIL_PER_RECIPIENT_PER_DAY", 10)

# Security: strict when DEBUG is off (``manage.py check --deploy`` reports nothing).
# Content-Security-Policy on every response: only our own scripts and stylesheets (no inline
# script or style, no CDN), no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# No page of ours needs the camera, the microphone, the position or payment.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A monitor on the server itself may ask gunicorn for /healthz over plain HTTP: no redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    if SECURE_SSL_REDIRECT:
        CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, sign-in is refused for AXES_COOLOFF_HOURS, on /konto/log-ind/ and /admin/
# alike, with a Danish page (accounts/throttle.py). The address is REMOTE_ADDR. Behind reverse
# proxies set AXES_PROXY_COUNT to how many of them append to X-Forwarded-For (nginx in front of
# gunicorn: 1); the address is then taken that many entries from the right, so an address the
# client writes into the header itself counts for nothing. Leave it 0 without a proxy.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "brobygger.core.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "brobygger.accounts.throttle.locked_out"
AXES_VERBOSE = False

# Password reset by e-mail: the link in the mail points at SITE_URL and works once, for this long.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_MINUTES", 60) * 60

# Sessions: none lives longer than a working day, and each ends after a while without activity
# (brobygger/web/session.py): soon for the roles that see personal data (broker, an
# initiative's referral contact, administrator), later for everyone else.
SESSION_COOKIE_AGE = env_int("SESSION_MAX_AGE_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 120)
SESSION_IDLE_TIMEOUT_MINUTES_PRIVILEGED = env_int("SESSION_IDLE_TIMEOUT_MINUTES_PRIVILEGED", 15)

# Second factor (django-otp, TOTP): the roles named here must pass it after their password
# before any other page (brobygger/accounts/middleware.py). Roles: broker, administrator (also
# anyone allowed into /admin/), referral_contact, analyst, staff, editor.
OTP_REQUIRED_ROLES = env_list("OTP_REQUIRED_ROLES", ["broker", "administrator"])
_OTP_ROLES = {"broker", "administrator", "referral_contact", "analyst", "staff", "editor"}
if set(OTP_REQUIRED_ROLES) - _OTP_ROLES:
    raise ImproperlyConfigured(
        f"OTP_REQUIRED_ROLES: unknown role(s) {sorted(set(OTP_REQUIRED_ROLES) - _OTP_ROLES)}"
        f" (use {', '.join(sorted(_OTP_ROLES))})"
    )
if not {"broker", "administrator"} <= set(OTP_REQUIRED_ROLES) and not DEBUG:
    raise ImproperlyConfigured("OTP_REQUIRED_ROLES must include broker and administrator")
OTP_TOTP_ISSUER = "Brobygger"

# Staff single sign-on (SAML 2.0 / OIOSAML 3, OpenID Connect): brobygger/config/sso.py.
from brobygger.config.sso import *  # noqa: E402, F403

# API bearer tokens stop working this many days after they are made (`--days` overrides it).
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
# An organisation's invitation, and a new user's set-password link, work for this many days.
INVITATION_DAYS = env_int("INVITATION_DAYS", 14)

# One cache shared by every worker process (rate limits of the anonymous forms).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "brobygger_cache",
    }
}

# Background work (django-tasks): the database backend, run by `manage.py db_worker` (which
# `brobygger serve` starts); TASKS_BACKEND=immediate runs tasks in the request instead.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env_str("TASKS_BACKEND", "database")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND={_task_backend!r}: use database or immediate")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend], "QUEUES": ["default"]}}
# The daily work (`brobygger daily`) runs once a day at this time (HH:MM, TIME_ZONE's clock);
# /healthz answers 503 when the worker has not been heard from for this many minutes.
DAILY_AT = env_clock("DAILY_AT", "06:15")
HEALTH_WORKER_STALE_MINUTES = env_int("HEALTH_WORKER_STALE_MINUTES", 15)
if HEALTH_WORKER_STALE_MINUTES < 1:
    raise ImproperlyConfigured(
        f"HEALTH_WORKER_STALE_MINUTES={HEALTH_WORKER_STALE_MINUTES}: use a whole number of "
        "minutes, 1 or more (default 15)"
    )
INSIGHTS_DIR = Path(env_str("INSIGHTS_DIR") or VAR_DIR / "insights")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Directory curation: initiatives not reviewed for this many days are stale.
DIRECTORY_STALE_AFTER_DAYS = env_int("DIRECTORY_STALE_AFTER_DAYS", 365)

# Coverage: the postcodes of the municipality, each checked for initiatives (Aarhus Kommune):
# the one list with its source, directory/data/municipality_postcodes.csv (its README).
AARHUS_POSTCODES = " ".join(
    line.split(",", 1)[0]
    for line in (PACKAGE_DIR / "directory" / "data" / "municipality_postcodes.csv")
    .read_text(encoding="utf-8")
    .splitlines()[1:]
    if line.strip()
)
COVERAGE_POSTCODES = env_list("COVERAGE_POSTCODES", AARHUS_POSTCODES.split())  # noqa: SIM905

# The collaboration model: the community broker's public phone line, follow-up reminders, and
# how long closed cases keep personal data before `brobygger referrals anonymise` blanks it.
BROKER_NAME = env_str("BROKER_NAME", "Fællesskabsformidleren, Aarhus Kommune")
BROKER_PHONE = env_str("BROKER_PHONE", "")
REFERRALS_FIRST_CONTACT_DAYS = env_int("REFERRALS_FIRST_CONTACT_DAYS", 3)
REFERRALS_FIRST_VISIT_REMIND_DAYS = env_int("REFERRALS_FIRST_VISIT_REMIND_DAYS", 14)
REFERRALS_FOLLOW_UP_DAYS = env_int("REFERRALS_FOLLOW_UP_DAYS", 91)
REFERRALS_ANONYMISE_AFTER_DAYS = env_int("REFERRALS_ANONYMISE_AFTER_DAYS", 180)
REFERRALS_CONSENT_MONTHS = env_int("REFERRALS_CONSENT_MONTHS", 12)

# Aktiviteter: participants' names and contacts are deleted this many days after the activity;
# a series' dates are made this many weeks ahead; anonymous sign-ups per address and window
# over all activities, and per address in one activity a day (one office signing up a group of
# up to ten fits; more places for one address would push other people onto the waiting list).
ACTIVITIES_RETENTION_DAYS = env_int("ACTIVITIES_RETENTION_DAYS", 30)
ACTIVITIES_SERIES_WEEKS = env_int("ACTIVITIES_SERIES_WEEKS", 8)
ACTIVITIES_SIGNUP_LIMIT = env_int("ACTIVITIES_SIGNUP_LIMIT", 30)
ACTIVITIES_SIGNUP_WINDOW_MINUTES = env_int("ACTIVITIES_SIGNUP_WINDOW_MINUTES", 10)
ACTIVITIES_SIGNUP_PER_ACTIVITY_LIMIT = env_int("ACTIVITIES_SIGNUP_PER_ACTIVITY_LIMIT", 10)

# Logs: text on stderr, or with LOG_FORMAT=json one JSON object a line on stdout (time, level,
# logger, message, request_id); no token, query string or e-mail address in any line
# (core/logs.py). Errors are mailed to ADMINS ("Name <mail>, other@example.dk") when it is set,
# from SERVER_EMAIL, without personal data (core/admin_mail.py).
LOG_FORMAT = env_choice("LOG_FORMAT", LOG_FORMATS, "text")
LOG_LEVEL = env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "WARNING")
LOGGING = logging_config(log_format=LOG_FORMAT, level=LOG_LEVEL)
ADMINS = env_admins("ADMINS")
SERVER_EMAIL = env_str("SERVER_EMAIL") or DEFAULT_FROM_EMAIL

# Insights uploads: the largest survey file and codebook an analyst may upload (checked by the
# upload's size before anything is stored) and the most rows read from a survey (checked while
# reading; a file with more is refused, not cut short).
INSIGHTS_MAX_UPLOAD_MB = env_int("INSIGHTS_MAX_UPLOAD_MB", 200)
INSIGHTS_MAX_CODEBOOK_KB = env_int("INSIGHTS_MAX_CODEBOOK_KB", 256)
INSIGHTS_MAX_ROWS = env_int("INSIGHTS_MAX_ROWS", 1_000_000)
