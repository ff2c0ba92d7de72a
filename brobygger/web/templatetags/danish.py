"""Danish formats in templates: ``{% load danish %}``.

- ``{{ "ar"|language_name }}``: a language code as its name in the active language
  ("arabisk" in Danish, "Arabic" in English); an unknown code is shown as it is. One
  implementation, shared with the directory's pages and prints (``directory.display``).
- ``{{ 95|interval_label }}``: the label of a confidence interval ("95 %-KI" in Danish,
  "95% CI" in English).

Addresses: ``{% load directory_format %}{{ location|address }}`` ("Grenåvej 12, 8240 Risskov").
Dates and times need no filter: the ``da`` format module (brobygger/formats/da/formats.py)
makes ``{{ day|date }}`` read "26. nov. 2026" and ``{{ moment|time }}`` "14.30".
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from brobygger.directory import display

register = template.Library()


@register.filter
def language_name(code) -> str:
    """The language ``code`` (ISO 639, e.g. "ar") as a name in the active language."""
    return display.language_name(str(code or ""))


@register.filter
def interval_label(level=95) -> str:
    """The label of a ``level`` % confidence interval in the active language."""
    return gettext("%(level)s%% CI") % {"level": level}
