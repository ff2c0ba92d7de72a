"""Deployment checks of our own (``manage.py check --deploy``; ``brobygger serve`` runs it).

With DEBUG off, e-mail and text messages printed to the console end up in the service's log:
every cancel code, withdrawal code, password-reset link and invitation, readable by anyone who
reads the journal. A production system must send them (SMTP, an SMS gateway), or say that
printing them is wanted with ``ALLOW_CONSOLE_MESSAGES=1`` (a closed test installation).

With DEBUG off, the community broker's phone line (``BROKER_PHONE``) must be set: the contact
page, the receipt and the pocket guide tell citizens to call it. Without it they say nothing
about calling, which no production site should settle for (E003).
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks

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
