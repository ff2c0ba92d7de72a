"""Deployment checks of our own (``manage.py check --deploy``; ``brobygger serve`` runs it).

With DEBUG off, e-mail and text messages printed to the console end up in the service's log:
every cancel code, withdrawal code, password-reset link and invitation, readable by anyone who
reads the journal. A production system must send them (SMTP, an SMS gateway), or say that
printing them is wanted with ``ALLOW_CONSOLE_MESSAGES=1`` (a closed test installation).

With DEBUG off, the community broker's phone line (``BROKER_PHONE``) must be set: the contact
page, the receipt and the pocket guide tell citizens to call it. Without it they say nothing
about calling, which no production site should settle for (E003).

Issue 21 adds what a hosting partner gets wrong most (``brobygger check`` lists them all):
``SITE_URL`` not https (E004: every link in a mail would be sent in clear), a weak or
placeholder ``SECRET_KEY`` (E005), SQLite with DEBUG off (W001: the embedded default, not for
production), and ``AXES_PROXY_COUNT`` that does not fit the reverse proxy (E006): behind a proxy
with a count of 0 every visitor has the proxy's address, so one person's wrong passwords lock
everyone out; a count without a proxy lets a client write its own address into
X-Forwarded-For. :func:`deployment_problems` is what ``brobygger check`` and ``serve`` run.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.db import connections

CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
CONSOLE_SMS_CLASS = "ConsoleBackend"
HINT = (
    "Messages printed to the console end up in the service log with their codes and links. "
    "Configure {what}, or set ALLOW_CONSOLE_MESSAGES=1 if printing them is really wanted."
)


def _console_allowed() -> bool:
    return settings.DEBUG or getattr(settings, "ALLOW_CONSOLE_MESSAGES", False)


def console_messages_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """E001: e-mail to the console; E002: text messages to the console (DEBUG off)."""
    if _console_allowed():
        return []
    errors = []
    if settings.EMAIL_BACKEND == CONSOLE_EMAIL_BACKEND:
        errors.append(
            checks.Error(
                "E-mail is printed to the console (EMAIL_HOST is not set) with DEBUG off.",
                hint=HINT.format(what="EMAIL_HOST and its siblings"),
                id="brobygger.E001",
            )
        )
    sms_class = (getattr(settings, "SMS_BACKEND", "") or "").rpartition(".")[2]
    if sms_class == CONSOLE_SMS_CLASS:
        errors.append(
            checks.Error(
                "Text messages are printed to the console (SMS_BACKEND is "
                f"{settings.SMS_BACKEND}) with DEBUG off.",
                hint=HINT.format(what="SMS_BACKEND (a gateway class)"),
                id="brobygger.E002",
            )
        )
    return errors


def broker_phone_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """E003: no phone number for the community broker (DEBUG off)."""
    if settings.DEBUG or (getattr(settings, "BROKER_PHONE", "") or "").strip():
        return []
    return [
        checks.Error(
            "BROKER_PHONE is empty with DEBUG off: citizens are given no number to call the "
            "community broker.",
            hint="Set BROKER_PHONE to the broker's public phone line, e.g. BROKER_PHONE=87130000.",
            id="brobygger.E003",
        )
    ]


def site_url_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """E004: SITE_URL (the start of every link in a mail or text message) is not https."""
    site_url = getattr(settings, "SITE_URL", "") or ""
    if settings.DEBUG or (site_url.startswith("https://") and len(site_url) > len("https://")):
        return []
    return [
        checks.Error(
            f"SITE_URL={site_url!r} is not an https address with DEBUG off: links in e-mails and "
            "text messages (set-password links, cancel codes) would travel in clear.",
            hint="Set SITE_URL to the site's public https address, e.g. "
            "SITE_URL=https://brobygger.aarhus.dk.",
            id="brobygger.E004",
        )
    ]


MIN_SECRET_LENGTH = 50
MIN_SECRET_CHARACTERS = 5
# the keys this project ships for DEBUG and the tests, and words of a key copied from an example
PLACEHOLDER_SECRETS = frozenset(
    {
        "dev-only-insecure-key-do-not-use-in-production",
        "test-only-secret-key-never-used-in-production",
    }
)
PLACEHOLDER_WORDS = ("change-me", "changeme", "change_me", "replace-me", "replace_me",
                     "your-secret", "placeholder", "insecure", "do-not-use", "example")  # fmt: skip


def secret_key_weakness(key: str) -> str | None:
    """Why ``key`` is too weak to sign sessions and links, or None when it is not."""
    lowered = key.lower()
    if key in PLACEHOLDER_SECRETS or any(word in lowered for word in PLACEHOLDER_WORDS):
        return "it is a placeholder or an example's key"
    if len(key) < MIN_SECRET_LENGTH:
        return f"it has {len(key)} characters (fewer than {MIN_SECRET_LENGTH})"
    if len(set(key)) < MIN_SECRET_CHARACTERS:
        return f"it has only {len(set(key))} different characters"
    return None


def secret_key_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """E005: SECRET_KEY is short, repetitive or a placeholder (DEBUG off)."""
    weakness = None if settings.DEBUG else secret_key_weakness(settings.SECRET_KEY or "")
    if weakness is None:
        return []
    return [
        checks.Error(
            f"SECRET_KEY is weak: {weakness}. Anyone who guesses it can forge sessions and "
            "set-password links.",
            hint="Set SECRET_KEY to a new random value, e.g. the output of python3 -c "
            "'import secrets; print(secrets.token_urlsafe(50))'.",
            id="brobygger.E005",
        )
    ]


def sqlite_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """W001: SQLite with DEBUG off (it is the embedded default, not a production database)."""
    if settings.DEBUG or connections["default"].vendor != "sqlite":
        return []
    return [
        checks.Warning(
            "The database is SQLite with DEBUG off: SQLite is the embedded default for trying "
            "Brobygger on one machine, not for production.",
            hint="Use PostgreSQL: DATABASE_URL=postgresql://USER@HOST/NAME.",
            id="brobygger.W001",
        )
    ]


def proxy_count_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """E006: AXES_PROXY_COUNT does not fit the reverse proxy the other settings assume."""
    count = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0
    behind_proxy = bool(getattr(settings, "SECURE_PROXY_SSL_HEADER", None))
    redirects = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
    if count < 0:
        problem = f"AXES_PROXY_COUNT={count} is negative."
    elif count == 0 and behind_proxy and redirects and not settings.DEBUG:
        problem = (
            "AXES_PROXY_COUNT is 0, but with SECURE_SSL_REDIRECT on the site relies on a reverse "
            "proxy's X-Forwarded-Proto: every visitor would have the proxy's address, so one "
            "person's wrong passwords would lock everyone out."
        )
    elif count > 0 and not behind_proxy:
        problem = (
            f"AXES_PROXY_COUNT={count}, but no reverse proxy is configured "
            "(SECURE_PROXY_SSL_HEADER is unset): a client could write its own address into "
            "X-Forwarded-For."
        )
    else:
        return []
    return [
        checks.Error(
            problem,
            hint="Set AXES_PROXY_COUNT to the number of proxies that append to X-Forwarded-For: "
            "1 behind one nginx (deploy/), 0 without a proxy (then also SECURE_SSL_REDIRECT=0).",
            id="brobygger.E006",
        )
    ]


def sms_gateway_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """E007: the HTTP SMS gateway is chosen, but has no https address or no token."""
    if not str(getattr(settings, "SMS_BACKEND", "")).endswith(".HttpGateway"):
        return []
    url = getattr(settings, "SMS_GATEWAY_URL", "") or ""
    token = getattr(settings, "SMS_GATEWAY_TOKEN", "") or ""
    if url.startswith("https://") and len(url) > len("https://") and token:
        return []
    return [
        checks.Error(
            f"SMS_BACKEND is the HTTP gateway but SMS_GATEWAY_URL={url!r} is not an https "
            f"address or SMS_GATEWAY_TOKEN is {'set' if token else 'empty'}: receipts and "
            "reminders would not reach citizens, or would travel in clear.",
            hint="Set SMS_GATEWAY_URL=https://... and SMS_GATEWAY_TOKEN from your SMS provider.",
            id="brobygger.E007",
        )
    ]


def deployment_problems() -> list[checks.CheckMessage]:
    """What ``manage.py check --deploy`` finds (Django's checks and ours), silenced ones left
    out: ``brobygger check`` lists them and ``brobygger serve`` refuses to start on an error."""
    found = checks.run_checks(include_deployment_checks=True)
    return sorted(
        (message for message in found if not message.is_silenced()),
        key=lambda message: (-message.level, message.id or ""),
    )


def describe(message: checks.CheckMessage) -> str:
    """One line: the check's id, its level, what is wrong and what to do."""
    level = "error" if message.level >= checks.ERROR else "warning"
    if message.level < checks.WARNING:
        level = "info"
    text = f"{message.id} ({level}): {message.msg}"
    if message.hint:
        text += f" Hint: {message.hint}"
    return " ".join(text.split())
