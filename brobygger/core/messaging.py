"""One way to compose and send a message: e-mail and SMS from templates per language.

A message is two templates beside each other in an app's ``templates/`` folder,
``<base>.subject.txt`` and ``<base>.body.txt`` (for example
``activities/messages/signup_received``), written with ``{% translate %}`` and
``{% blocktranslate %}`` so every language's catalogue serves them. :func:`render` renders both
in one language (a citizen's message in the language they used or chose, a staff e-mail in
``settings.LANGUAGE_CODE``) with a text engine that escapes nothing (an e-mail is not HTML). The
subject is always one line, whatever a title holds (a line break in a header is refused by the
mail library, and is how a header is forged); runs of blank lines in the body become one.

Values that read differently per language (a date in words) may be lazy (``lazy_text``): they
are turned into text while the message is rendered, in its language.

Every link in a message starts with :func:`site_url` (``settings.SITE_URL``), never with the
Host of the request that caused the message: a forged Host would put someone else's address in
our mail.

:func:`deliver` sends to a person by e-mail when there is an address, else by text message.
E-mails to one address count against ``EMAIL_PER_RECIPIENT_PER_DAY`` (``core.quota``); text
messages have their own limit inside ``core.sms``. A message that is not sent is logged by its
template name and the kind of failure, never with an address, a number or the text.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template import Context, Engine
from django.template.backends.django import get_installed_libraries
from django.utils import translation
from django.utils.functional import lazy

from brobygger.core import quota as recipient_quota
from brobygger.core import sms
from brobygger.lib.text import single_line

logger = logging.getLogger(__name__)

_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class Message:
    """A rendered message: a one-line ``subject`` and a ``body``; ``name`` is its template base
    (what a log line names instead of the recipient)."""

    subject: str
    body: str
    name: str = ""

    def as_text_message(self) -> str:
        """The text of an SMS: the subject as its first line, then the body."""
        return f"{self.subject}\n{self.body}" if self.subject else self.body


def site_url(path: str = "") -> str:
    """``settings.SITE_URL`` without its trailing slash, followed by ``path``: the one way to
    make a link that leaves the site in a message, a feed or a printed card.

    >>> site_url("/aktiviteter/")  # doctest: +SKIP
    'https://brobygger.aarhus.dk/aktiviteter/'
    """
    return settings.SITE_URL.rstrip("/") + path


def lazy_text(function: Callable[..., str], *args: Any) -> Any:
    """``function(*args)`` computed when the message is rendered, so in the message's language
    (for a date in words, or "Online")."""
    return lazy(function, str)(*args)


@functools.cache
def _engine() -> Engine:
    """A template engine for plain text: the apps' templates, every tag library, no escaping."""
    return Engine(
        debug=settings.DEBUG,  # in development an edited template is read again
        app_dirs=True,
        autoescape=False,  # an Engine's own setting; each Context is made without escaping too
        libraries=get_installed_libraries(),
        string_if_invalid="",
    )


def collapse_blank_lines(text: str) -> str:
    """Trailing spaces gone from each line, runs of blank lines as one, no blank start or end."""
    lines = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", lines).strip("\n")


def _plain(context: Mapping[str, Any]) -> Context:
    return Context(dict(context), autoescape=False)


def render(template_base: str, context: Mapping[str, Any], *, language: str) -> Message:
    """Render ``<template_base>.subject.txt`` and ``.body.txt`` in ``language``."""
    engine = _engine()
    with translation.override(language):
        subject = engine.get_template(f"{template_base}.subject.txt").render(_plain(context))
        body = engine.get_template(f"{template_base}.body.txt").render(_plain(context))
    return Message(
        subject=single_line(subject), body=collapse_blank_lines(body), name=template_base
    )


def _refused(message: Message, channel: str, reason: str) -> bool:
    logger.warning("messaging: %s not sent by %s (%s)", message.name or "message", channel, reason)
    return False


def send_email(message: Message, to: str | Iterable[str], *, quota: bool = True) -> bool:
    """E-mail ``message`` to ``to`` (one address, or several on one e-mail). With ``quota``
    each address counts against ``EMAIL_PER_RECIPIENT_PER_DAY``; an address that had today's
    e-mails is left out. True when the mail backend took the e-mail; a failure is logged and
    returns False."""
    recipients = [to] if isinstance(to, str) else list(to)
    recipients = [address for address in recipients if address]
    if quota:
        recipients = [address for address in recipients if _take_email_quota(address)]
        if not recipients:
            return _refused(message, "e-mail", "the address had today's e-mails")
    if not recipients:
        return False
    try:
        sent = send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception as error:  # noqa: BLE001 - any backend failure: logged, not raised
        return _refused(message, "e-mail", type(error).__name__)
    return bool(sent)


def _take_email_quota(address: str) -> bool:
    limit = settings.EMAIL_PER_RECIPIENT_PER_DAY
    channel = str(recipient_quota.EMAIL)  # the choice's value, "email"
    return recipient_quota.take(channel=channel, recipient=address, limit=limit)


def send_sms(message: Message, to: str) -> bool:
    """Text ``message`` (subject as the first line) to ``to`` through ``core.sms`` (which
    refuses numbers we do not text and counts its own daily limit). True when sent; a refusal
    or a gateway failure is logged and returns False."""
    try:
        return bool(sms.send_sms(to=to, body=message.as_text_message()))
    except sms.SmsError:
        return _refused(message, "SMS", "refused")
    except Exception as error:  # noqa: BLE001 - a gateway failure: logged, not raised
        return _refused(message, "SMS", type(error).__name__)


def deliver(message: Message, *, email: str = "", phone: str = "") -> bool:
    """Send ``message`` to a person: by e-mail when there is an address (its daily limit
    counted), else by text message; False when nothing was sent."""
    if email:
        return send_email(message, email, quota=True)
    if phone:
        return send_sms(message, phone)
    return False
