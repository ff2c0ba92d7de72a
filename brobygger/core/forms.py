"""Form helpers shared by every app."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.lib.text import ControlCharacterError, check_text

CONTROL_CHARACTER_MESSAGE = _("Remove the line break or control character from this field.")


class CleanTextMixin:
    """Refuses control characters in every text field of the form.

    A field is multi-line when its widget is a ``Textarea``: there tab and newline are allowed
    (CR LF becomes LF); everywhere else a value is one line. Put the mixin first:
    ``class SignUpForm(CleanTextMixin, forms.Form)``.
    """

    def _clean_fields(self):
        super()._clean_fields()
        for name, field in self.fields.items():
            if name not in self.cleaned_data or not isinstance(field, forms.CharField):
                continue
            value = self.cleaned_data[name]
            if not isinstance(value, str):
                continue
            try:
                self.cleaned_data[name] = check_text(
                    value, multiline=isinstance(field.widget, forms.Textarea)
                )
            except ControlCharacterError:
                self.add_error(
                    name, forms.ValidationError(CONTROL_CHARACTER_MESSAGE, code="control_character")
                )


def errors_text(form) -> str:
    """A bound form's errors as one line per field, ``field: message`` (for answers that are
    not pages, e.g. a calendar feed asked with a filter that makes no sense)."""
    return "\n".join(
        f"{name}: {' '.join(str(message) for message in messages)}"
        for name, messages in form.errors.items()
    )


def valid_cleaned_data(form) -> dict[str, Any]:
    """The cleaned values of a bound form's fields that passed their checks, the others left
    out: a search with one value that makes no sense (an unknown category, ``postcode=80x0``)
    still applies the rest. ``{}`` for an unbound form."""
    if not form.is_bound:
        return {}
    form.is_valid()  # cleans once; a field with an error is not in cleaned_data
    return {name: value for name, value in form.cleaned_data.items() if name not in form.errors}


def query_string(values: Mapping[str, Any]) -> str:
    """Cleaned values as a query string for a link: empty and false values are left out, true
    is ``on`` (as a checkbox sends it), a list repeats its name."""
    pairs: list[tuple[str, str]] = []
    for name, value in values.items():
        if value is None or value is False or value in ("", [], ()):
            continue
        if value is True:
            pairs.append((name, "on"))
        elif isinstance(value, list | tuple):
            pairs.extend((name, str(item)) for item in value)
        else:
            pairs.append((name, value.isoformat() if hasattr(value, "isoformat") else str(value)))
    return urlencode(pairs)


def invalid_field_labels(form) -> list[str]:
    """The labels of a bound form's fields with an error, in the form's order (errors not
    tied to a field aside)."""
    if not form.is_bound or form.is_valid():
        return []
    return [str(field.label or name) for name, field in form.fields.items() if name in form.errors]
