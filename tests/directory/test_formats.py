"""Danish formats in one place: schedules in words, addresses, language names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from brobygger.directory import display, schedules
from brobygger.directory.models import Location, Schedule


def _weekly(byday, opens, closes, interval=1, **extra):
    return Schedule(
        freq="WEEKLY",
        interval=interval,
        byday=byday,
        opens_at=dt.time(*opens),
        closes_at=dt.time(*closes),
        **extra,
    )


def test_it_describes_a_weekly_schedule_in_english_words_without_codes():
    with translation.override("en"):
        assert schedules.describe(_weekly("TU", (10, 0), (12, 0))) == "Tuesday at 10:00–12:00"
        text = schedules.describe(_weekly("TH", (14, 0), (16, 0), interval=2))
        assert text == "every other Thursday at 14:00–16:00"
        assert schedules.describe(_weekly("MO,WE", (9, 30), (11, 0))) == (
            "Monday and Wednesday at 09:30–11:00"
        )


def test_it_writes_danish_weekdays_in_lower_case_and_times_with_a_full_stop():
    with translation.override("da"):
        text = schedules.describe(_weekly("TU", (10, 0), (12, 0)))
    assert text.startswith("tirsdag ") and text.endswith("10.00–12.00")
    assert "TU" not in text


def test_it_falls_back_to_the_free_text_of_a_schedule_without_days():
    assert schedules.describe(Schedule(description="Første søndag i måneden")) == (
        "Første søndag i måneden"
    )
    assert schedules.describe(Schedule(freq="WEEKLY", byday="XX")) == ""


@pytest.mark.parametrize(
    ("street", "postcode", "city", "expected"),
    [
        ("Grenåvej 12", "8240", "Risskov", "Grenåvej 12, 8240 Risskov"),
        ("", "8000", "Aarhus C", "8000 Aarhus C"),
        ("Vestergade 1", "", "Aarhus", "Vestergade 1, Aarhus"),
    ],
)
def test_it_writes_an_address_with_the_postcode_before_the_town(street, postcode, city, expected):
    location = Location(address_1=street, postal_code=postcode, city=city)
    assert display.address(location) == expected


def test_it_names_languages_rather_than_giving_their_codes():
    with translation.override("da"):
        assert display.language_name("ar") == "arabisk"
        assert display.language_name("TR") == "tyrkisk"
    with translation.override("en"):
        assert display.language_name("ar") == "Arabic"
        assert display.language_name("ko") == "Korean"  # not in our list: Django's names
    assert display.language_name("xx-unknown") == "xx-unknown"
