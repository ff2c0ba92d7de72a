"""The languages citizen-facing pages are offered in, and which of them are drafts.

Danish and English, plus ``settings.CITIZEN_LANGUAGES`` (the larger immigrant groups in
Aarhus). A language is a draft until a native speaker approves it: its catalogue's header
says ``X-Translation-Status: draft`` (brobygger/locale/<code>/LC_MESSAGES/django.po), and the
page says so discreetly.

Which language a page is in (``page_language``): the visitor's choice in the switcher (the
language cookie) always wins. Without one, staff pages are Danish, and the pages a citizen
reaches (``CITIZEN_PAGES``) follow the browser's ``Accept-Language`` for the citizen languages
only: a browser set to Arabic gets Arabic, one set to English in a Danish municipality still
gets Danish (English is one click away).
"""

from __future__ import annotations

import functools
import unicodedata

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation.trans_real import parse_accept_lang_header

STATUS_HEADER = "X-Translation-Status: draft"
# The switcher names every language in its own name, the same on every page.
STAFF_LANGUAGES = [("da", "Dansk"), ("en", "English")]

# The pages a citizen reaches without signing in, by URL name: the home page, the directory
# (search and an initiative's page), the public activity pages (list, calendar, an activity and
# its sign-up, cancelling, the printed week), and the broker's contact, thanks and withdrawal.
# Staff pages under the same prefixes (/tilbud/nyt/, /aktiviteter/ny/ …) are not among them.
CITIZEN_PAGES = frozenset(
    {
        "home",
        "directory:search",
        "directory:detail",
        "activities:index",
        "activities:calendar",
        "activities:cancel",
        "activities:detail",
        "activities:sign_up",
        "activities:nearby_pdf",
        "referrals:contact",
        "referrals:withdraw",
        "referrals:withdraw_legacy",
    }
)


@functools.cache
def draft_languages() -> frozenset[str]:
    drafts = set()
    for code, _name in settings.CITIZEN_LANGUAGES:
        po = settings.LOCALE_PATHS[0] / code / "LC_MESSAGES" / "django.po"
        head = po.read_text(encoding="utf-8")[:2000] if po.exists() else STATUS_HEADER
        if STATUS_HEADER in head:
            drafts.add(code)
    return frozenset(drafts)


def citizen_language_codes() -> list[str]:
    """The codes a citizen-facing page or print may be made in."""
    return ["da", "en", *(code for code, _name in settings.CITIZEN_LANGUAGES)]


def is_draft(language: str) -> bool:
    return language in draft_languages()


def is_citizen_page(path: str) -> bool:
    """Whether ``path`` is one of ``CITIZEN_PAGES``."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in CITIZEN_PAGES


def browser_language(accept_language: str) -> str | None:
    """The first language in the browser's order of preference that is Danish or a citizen
    language (``settings.CITIZEN_LANGUAGES``); ``None`` when it names none of them. English and
    any other language are passed over: Danish first."""
    offered = {"da", *(code for code, _name in settings.CITIZEN_LANGUAGES)}
    for tag, _quality in parse_accept_lang_header(accept_language or ""):
        primary = tag.split("-", 1)[0].lower()
        if primary in offered:
            return primary
    return None


def page_language(*, cookie: str, accept_language: str, citizen_page: bool) -> str:
    """The language a page is made in: the switcher's choice (``cookie``) if it is one of
    ``settings.LANGUAGES``; else, on a citizen page, ``browser_language``; else Danish."""
    if cookie in {code for code, _name in settings.LANGUAGES}:
        return cookie
    if citizen_page:
        return browser_language(accept_language) or settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


def language_direction(language: str) -> str:
    """``"rtl"`` for a right-to-left language (``settings.LANGUAGES_BIDI``), else ``"ltr"``."""
    return "rtl" if language.split("-", 1)[0] in settings.LANGUAGES_BIDI else "ltr"


def text_direction(text: str) -> str:
    """What ``dir="auto"`` computes, here on the server: the direction of the first letter with
    a strong direction ("ltr" for Danish, "rtl" for Arabic or Hebrew), "ltr" when there is none.

    For print: WeasyPrint ignores ``dir="auto"`` and ``<bdi>``, so a Danish sentence on an
    Arabic page would end with its full stop on the wrong side (".Kom kvart i fem")."""
    for char in text or "":
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def citizen_context(request) -> dict:
    """For the templates: the language choices, whether this is a citizen page (which offers
    all of them), the page's direction and the draft notice."""
    return {
        "citizen_languages": [*STAFF_LANGUAGES, *settings.CITIZEN_LANGUAGES],
        "staff_languages": STAFF_LANGUAGES,
        "citizen_page": bool(getattr(request, "citizen_page", False)),
        "draft_translation": (get_language() or "da") in draft_languages(),
        "page_direction": "rtl" if get_language_bidi() else "ltr",
    }
