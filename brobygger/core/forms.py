"""Form helpers shared by every app."""

from __future__ import annotations

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
