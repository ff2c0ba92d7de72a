"""The languages citizen-facing pages are offered in, and which of them are drafts.

Danish and English, plus ``settings.CITIZEN_LANGUAGES`` (the larger immigrant groups in
Aarhus). A language is a draft until a native speaker approves it: its catalogue's header
says ``X-Translation-Status: draft`` (brobygger/locale/<code>/LC_MESSAGES/django.po), and the
page says so discreetly.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils.translation import get_language

STATUS_HEADER = "X-Translation-Status: draft"


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


def citizen_context(request) -> dict:
    """For the citizen-facing templates: the language choices and the draft notice."""
    return {
        "citizen_languages": [("da", "Dansk"), ("en", "English"), *settings.CITIZEN_LANGUAGES],
        "draft_translation": (get_language() or "da") in draft_languages(),
    }
