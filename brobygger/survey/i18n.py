"""The survey library's own translations: Python's ``gettext``, no Django.

The report's words are English msgids in the code; their Danish is in the catalogue
``locale/da/LC_MESSAGES/survey.po`` (domain ``survey``), compiled to ``survey.mo`` by
``make messages`` (``msgfmt``). English needs no catalogue: the msgid is the English text.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

DOMAIN = "survey"
LOCALE = Path(__file__).parent / "locale"
LANGUAGES = ("da", "en")


def language_of(language: str) -> str:
    """The report language for a code: English for "en", Danish for anything else."""
    return "en" if language == "en" else "da"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of ``language`` (Danish fails loudly if its compiled catalogue is missing)."""
    if language_of(language) == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE, languages=["da"])


def translate(language: str, msgid: str) -> str:
    """``msgid`` (English) in ``language``."""
    return translations(language_of(language)).gettext(msgid)
