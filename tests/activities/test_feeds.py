"""The iCalendar feed parses as RFC 5545 (icalendar) and the page's JSON-LD is a schema.org
Event with the properties search engines require."""

from __future__ import annotations

import datetime as dt
import json
import re

import icalendar
import jsonschema
import pytest
from django.utils import timezone

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
                    "required": ["@type", "streetAddress", "postalCode", "addressLocality",
                                 "addressCountry"],
                    "properties": {"@type": {"const": "PostalAddress"},
                                   "postalCode": {"pattern": "^[0-9]{4}$"},
                                   "addressLocality": {"type": "string", "minLength": 1}},
                },
            },
        },
        "organizer": {
            "type": "object",
            "required": ["@type", "name"],
            "properties": {"@type": {"const": "Organization"},
                           "name": {"type": "string", "minLength": 1},
                           "url": {"type": "string", "format": "uri", "pattern": "^https?://"}},
        },
        "offers": {
            "type": "object",
            "required": ["@type", "price", "priceCurrency", "availability"],
            "properties": {"@type": {"const": "Offer"}, "priceCurrency": {"const": "DKK"},
                           "price": {"type": "string", "pattern": "^[0-9]+\\.[0-9]{2}$"},
                           "validFrom": {"type": "string", "format": "date-time"}},
        },
        # schema.org writes "18-" for 18 and up and "18-29" for a range
        "typicalAgeRange": {"type": "string", "pattern": "^[0-9]+-([0-9]+)?$"},
    },
}  # fmt: skip
# A priced offer says from when the price holds.
PRICED_OFFER = {"type": "object", "required": ["validFrom"]}


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


def _event(client, activity) -> dict:
    page = client.get(f"/aktiviteter/{activity.pk}/").content.decode()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    data = json.loads(found.group(1))
    jsonschema.validate(data, EVENT_SCHEMA, format_checker=jsonschema.FormatChecker())
    return data


@pytest.mark.parametrize(
    "ages, expected", [((18, None), "18-"), ((18, 29), "18-29"), ((None, 29), "0-29")]
)
def test_the_age_range_is_written_the_schema_org_way(client, make_activity, ages, expected):
    activity = make_activity(minimum_age=ages[0], maximum_age=ages[1])
    assert _event(client, activity)["typicalAgeRange"] == expected


def test_an_activity_for_every_age_has_no_age_range(client, activity):
    assert "typicalAgeRange" not in _event(client, activity)


@pytest.mark.parametrize(
    "postcode, town", [("8000", "Aarhus C"), ("8220", "Brabrand"), ("8260", "Viby J")]
)
def test_the_address_names_the_town_of_its_postcode(client, make_activity, postcode, town):
    address = _event(client, make_activity(postcode=postcode))["location"]["address"]
    assert (address["postalCode"], address["addressLocality"]) == (postcode, town)


def test_the_organizer_carries_the_organisations_website(client, make_activity):
    from brobygger.directory.models import Organization

    Organization.objects.filter(name="Ventilen").update(website="https://ventilen.dk/")
    organizer = _event(client, make_activity())["organizer"]
    assert organizer == {"@type": "Organization", "name": "Ventilen", "url": "https://ventilen.dk/"}


def test_an_activity_made_through_the_api_has_its_editors_organisation(client, people):
    from brobygger.activities.models import Activity
    from brobygger.directory.models import Organization

    Organization.objects.filter(name="Ventilen").update(website="https://ventilen.dk/")
    client.force_login(people["editor"])  # edits Ventilen, and nothing else
    starts = (timezone.now() + dt.timedelta(days=5)).replace(microsecond=0)
    body = {"title": "Gåtur", "description": "Vi går en tur.", "address": "Sejlklubvej 1",
            "postcode": "8220", "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=1)).isoformat()}  # fmt: skip
    response = client.post("/api/v1/activities/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    activity = Activity.objects.get(pk=response.json()["id"])
    assert activity.organization.name == "Ventilen"
    assert _event(client, activity)["organizer"]["url"] == "https://ventilen.dk/"


def test_an_editor_of_two_organisations_names_none_through_the_api(client, people):
    from brobygger.activities.models import Activity
    from brobygger.directory.models import Organization, OrganizationMembership

    editor = people["editor"]
    OrganizationMembership.objects.create(
        user=editor, organization=Organization.objects.get(name="Ældre Sagen")
    )
    client.force_login(editor)
    starts = (timezone.now() + dt.timedelta(days=5)).replace(microsecond=0)
    body = {"title": "Gåtur", "description": "Vi går en tur.", "address": "Sejlklubvej 1",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + dt.timedelta(hours=1)).isoformat()}  # fmt: skip
    response = client.post("/api/v1/activities/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Activity.with_demo.get(pk=response.json()["id"]).organization is None


def test_a_priced_offer_holds_from_when_the_activity_was_put_up(client, make_activity):
    priced = make_activity(price_dkk=25)
    offer = _event(client, priced)["offers"]
    jsonschema.validate(offer, PRICED_OFFER)
    assert offer["price"] == "25.00"
    assert dt.datetime.fromisoformat(offer["validFrom"]) == priced.created_at
    assert "validFrom" not in _event(client, make_activity())["offers"]


def test_the_organizer_falls_back_on_the_initiatives_website(client, make_activity):
    from brobygger.directory.models import Initiative

    initiative = Initiative.objects.get(name="Ventilen", organization__name="Ventilen")
    Initiative.objects.filter(pk=initiative.pk).update(url="https://ventilen.dk/aarhus/")
    organizer = _event(client, make_activity(initiative_id=initiative.pk))["organizer"]
    assert (organizer["name"], organizer["url"]) == ("Ventilen", "https://ventilen.dk/aarhus/")
