"""Danish formats: dates "26. nov. 2026", times "14.30", language names and "95 %-KI"."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format, number_format, time_format

# The abbreviations Danish writes (Retskrivningsordbogen): a full stop except after "maj".
DANISH_MONTHS = [
    "jan.", "feb.", "mar.", "apr.", "maj", "jun.",
    "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
]  # fmt: skip


def _render(source: str, **context) -> str:
    return Template("{% load danish %}" + source).render(Context(context))


def test_it_writes_times_with_a_full_stop_in_danish():
    with translation.override("da"):
        assert time_format(datetime.time(14, 30)) == "14.30"
        assert _render("{{ t|time }}", t=datetime.time(9, 5)) == "09.05"
    with translation.override("en"):
        assert time_format(datetime.time(14, 30)) != "14.30"


def test_it_writes_dates_with_danish_month_abbreviations():
    """Needs the month msgids of the layout PO fragment in the Danish catalogue."""
    with translation.override("da"):
        written = [date_format(datetime.date(2026, month, 26)) for month in range(1, 13)]
        assert _render("{{ d|date }}", d=datetime.date(2026, 11, 26)) == "26. nov. 2026"
    assert written == [f"26. {month} 2026" for month in DANISH_MONTHS]


def test_it_keeps_the_danish_number_format():
    with translation.override("da"):
        assert number_format(1234.5, decimal_pos=1, use_l10n=True, force_grouping=True) == (
            "1.234,5"
        )


def test_it_reads_danish_dates_and_times_typed_into_forms():
    from django import forms

    class When(forms.Form):
        day = forms.DateField()
        at = forms.TimeField()

    with translation.override("da"):
        form = When({"day": "26.11.2026", "at": "14.30"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data == {
            "day": datetime.date(2026, 11, 26),
            "at": datetime.time(14, 30),
        }
        assert When({"day": "2026-11-26", "at": "14:30"}).is_valid()  # what <input type> sends


@pytest.mark.parametrize(
    ("language", "code", "name"),
    [("da", "ar", "arabisk"), ("en", "ar", "Arabic"), ("da", "uk", "ukrainsk"),
     ("en", "so", "Somali"), ("da", "xx", "xx"), ("da", "", "")],
)  # fmt: skip
def test_it_names_languages_in_the_active_language(language, code, name):
    with translation.override(language):
        assert _render("{{ code|language_name }}", code=code) == name


def test_it_labels_a_confidence_interval_in_english():
    with translation.override("en"):
        assert _render("{{ 95|interval_label }}") == "95% CI"
        assert _render("{{ 90|interval_label }}") == "90% CI"


def test_it_keeps_djangos_month_msgids_in_our_catalogue_source():
    """`make messages` keeps only msgids found in our source: the Danish abbreviations live on
    because brobygger.formats marks Django's own month msgids."""
    from django.utils.dates import MONTHS_3

    from brobygger.formats import MONTH_ABBREVIATIONS

    with translation.override("en"):
        assert list(MONTH_ABBREVIATIONS) == [str(MONTHS_3[month]) for month in range(1, 13)]
