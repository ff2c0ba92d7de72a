"""Format modules by language (``settings.FORMAT_MODULE_PATH``): ``da/formats.py``.

The Danish ``DATE_FORMAT`` ("j. b Y") uses Django's month abbreviations, which Django
translates through the msgids "jan" … "dec". Our Danish catalogue translates them the way
Danish writes them ("jan.", "feb.", …, "maj", …); they are marked here so that ``make messages``
keeps those translations in brobygger/locale.
"""

from django.utils.translation import gettext_noop

MONTH_ABBREVIATIONS = (
    gettext_noop("jan"),
    gettext_noop("feb"),
    gettext_noop("mar"),
    gettext_noop("apr"),
    gettext_noop("may"),
    gettext_noop("jun"),
    gettext_noop("jul"),
    gettext_noop("aug"),
    gettext_noop("sep"),
    gettext_noop("oct"),
    gettext_noop("nov"),
    gettext_noop("dec"),
)
