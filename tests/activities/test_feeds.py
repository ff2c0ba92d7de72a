"""The iCalendar feed parses as RFC 5545 (icalendar) and the page's JSON-LD is a schema.org
Event with the properties search engines require."""

from __future__ import annotations

import json
import re

import icalendar
import jsonschema
import pytest

EVENT_SCHEMA = {
    "type": "object",
    "required": ["@context", "@type", "name", "startDate", "endDate", "location",
                 "eventStatus", "eventAttendanceMode", "offers", "description"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "Event"},
        "name": {"type": "string", "minLength": 1},
        "startDate": {"type": "string", "format": "date-time"},
        "endDate": {"type": "string", "format": "date-time"},
        "eventStatus": {"enum": ["https://schema.org/EventScheduled",
                                 "https://schema.org/EventCancelled"]},
        "eventAttendanceMode": {"enum": ["https://schema.org/OfflineEventAttendanceMode",
                                         "https://schema.org/OnlineEventAttendanceMode"]},
        "location": {
            "type": "object",
            "required": ["@type"],
            "properties": {
                "@type": {"enum": ["Place", "VirtualLocation"]},
                "address": {
                    "type": "object",
                    "required": ["@type", "streetAddress", "postalCode", "addressCountry"],
                    "properties": {"@type": {"const": "PostalAddress"}},
                },
            },
        },
        "offers": {
            "type": "object",
            "required": ["@type", "price", "priceCurrency", "availability"],
            "properties": {"@type": {"const": "Offer"}, "priceCurrency": {"const": "DKK"}},
        },
    },
}  # fmt: skip


def test_the_feed_parses_and_holds_each_published_activity(client, make_activity):
    one = make_activity()
    two = make_activity(title="Sangaften", postcode="8200")
    response = client.get("/aktiviteter/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"{one.pk}@brobygger", f"{two.pk}@brobygger"}
    event = events[f"{one.pk}@brobygger"]
    assert event.decoded("DTSTART") == one.starts_at
    assert event["DTSTAMP"] and str(event["SUMMARY"]) == one.title


def test_a_filtered_feed_holds_only_what_the_filter_shows(client, make_activity):
    make_activity()
    other = make_activity(title="Sangaften", postcode="8200")
    calendar = icalendar.Calendar.from_ical(
        client.get("/aktiviteter/kalender.ics?postcode=8200").content
    )
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [f"{other.pk}@brobygger"]


@pytest.mark.parametrize(
    "query, field", [("age=abc", "age"), ("postcode=12", "postcode"), ("when=someday", "when")]
)
def test_a_filter_that_makes_no_sense_answers_400_naming_it(client, activity, query, field):
    response = client.get(f"/aktiviteter/kalender.ics?{query}", HTTP_COOKIE="django_language=en")
    text = response.content.decode()
    assert response.status_code == 400 and text.startswith(f"{field}: ")
    assert "BEGIN:VCALENDAR" not in text
    assert client.get("/aktiviteter/kalender.ics?age=70&postcode=8000").status_code == 200


def test_a_course_feed_filter_that_makes_no_sense_answers_400(client, db):
    response = client.get("/netvaerk/kurser/kalender.ics?format=moon")
    assert response.status_code == 400 and response.content.decode().startswith("format: ")
    assert client.get("/netvaerk/kurser/kalender.ics?format=online").status_code == 200


def test_the_page_carries_a_valid_schema_org_event(client, activity):
    page = client.get(f"/aktiviteter/{activity.pk}/").content.decode()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(found.group(1))
    jsonschema.validate(data, EVENT_SCHEMA, format_checker=jsonschema.FormatChecker())
    assert data["name"] == activity.title
    assert data["location"]["address"]["postalCode"] == "8000"
    assert data["maximumAttendeeCapacity"] == 3 and data["remainingAttendeeCapacity"] == 3


def test_json_ld_cannot_close_its_script_element(client, make_activity):
    sneaky = make_activity(title="</script><script>alert(1)</script>")
    page = client.get(f"/aktiviteter/{sneaky.pk}/").content.decode()
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(block)["name"] == sneaky.title
