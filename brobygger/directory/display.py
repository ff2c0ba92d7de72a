"""Addresses and language names as Danish (and English) readers write them, in one place for
pages and prints: "Grenåvej 12, 8240 Risskov" (postcode before the town, no comma between) and
"arabisk" rather than "ar"."""

from __future__ import annotations

from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

# The languages our forms offer; anything else falls back to Django's list, then to the code.
# "English" has a context of its own: the plain msgid is the language switcher's "English",
# written in English on every page, while here it is a language's name in the page's language
# ("engelsk" on a Danish page).
LANGUAGE_NAMES = {
    "da": gettext_lazy("Danish"),
    "en": pgettext_lazy("language name", "English"),
    "ar": gettext_lazy("Arabic"),
    "tr": gettext_lazy("Turkish"),
    "so": gettext_lazy("Somali"),
    "fa": gettext_lazy("Persian"),
    "ur": gettext_lazy("Urdu"),
    "uk": gettext_lazy("Ukrainian"),
    "pl": gettext_lazy("Polish"),
    "de": gettext_lazy("German"),
}


def address(location, *, with_name: bool = False) -> str:
    """ "Grenåvej 12, 8240 Risskov": street, then postcode and town with no comma between."""
    if location is None:
        return ""
    town = " ".join(p for p in (location.postal_code, location.city) if p)
    parts = [location.name] if with_name and location.name else []
    parts += [p for p in (location.address_1, location.address_2, town) if p]
    return ", ".join(parts)


def language_name(code: str) -> str:
    """A language's name from its ISO code, in lower case in Danish ("arabisk")."""
    key = (code or "").strip().lower()
    if key in LANGUAGE_NAMES:
        name = str(LANGUAGE_NAMES[key])
    else:
        from django.conf.locale import LANG_INFO

        info = LANG_INFO.get(key)
        if not info or "name" not in info:
            return code
        name = _(info["name"])
    return name if (get_language() or "da").startswith("en") else name.lower()
