"""Activities for other software: an iCalendar feed (RFC 5545, through the ``icalendar``
library) and schema.org ``Event`` JSON-LD for each activity's page."""

from __future__ import annotations

import json

import icalendar
from django.utils import timezone

from brobygger.activities.models import Activity

PRODID = "-//Brobygger//Aktiviteter//DA"
# every character that could end the script element or be read as markup, as a JSON escape
# (the same set as Django's json_script); the JSON reads back unchanged
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _location(activity: Activity) -> str:
    if activity.is_online:
        return activity.online_url
    parts = [activity.place_name, activity.address, activity.postcode]
    return ", ".join(p for p in parts if p)


def calendar_ics(activities, *, base_url: str, name: str = "Brobygger: aktiviteter") -> bytes:
    from django.urls import reverse

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for activity in activities:
        event = icalendar.Event()
        event.add("uid", f"{activity.pk}@brobygger")
        event.add("dtstamp", stamp)
        event.add("dtstart", activity.starts_at)
        event.add("dtend", activity.ends_at)
        event.add("summary", activity.title)
        event.add("description", activity.description)
        location = _location(activity)
        if location:
            event.add("location", location)
        event.add("url", base_url.rstrip("/") + reverse("activities:detail", args=[activity.pk]))
        event.add("status", "CANCELLED" if activity.state == "cancelled" else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def event_jsonld(activity: Activity, *, url: str, places_left: int | None) -> str:
    """schema.org Event as JSON, safe to place inside <script type="application/ld+json">."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": activity.title,
        "description": activity.description,
        "startDate": timezone.localtime(activity.starts_at).isoformat(),
        "endDate": timezone.localtime(activity.ends_at).isoformat(),
        "url": url,
        "eventStatus": "https://schema.org/EventCancelled"
        if activity.state == "cancelled"
        else "https://schema.org/EventScheduled",
        "isAccessibleForFree": activity.is_free,
        "inLanguage": activity.languages or ["da"],
    }
    if activity.is_online:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": activity.online_url}
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        data["location"] = {
            "@type": "Place",
            "name": activity.place_name or activity.address,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": activity.address,
                "postalCode": activity.postcode,
                "addressCountry": "DK",
            },
        }
    if activity.organization_id:
        data["organizer"] = {"@type": "Organization", "name": activity.organization.name}
    offer = {
        "@type": "Offer",
        "price": f"{activity.price_dkk or 0:.2f}",
        "priceCurrency": "DKK",
        "url": url,
        "availability": "https://schema.org/SoldOut"
        if places_left == 0
        else "https://schema.org/InStock",
    }
    data["offers"] = offer
    if activity.capacity:
        data["maximumAttendeeCapacity"] = activity.capacity
    if places_left is not None:
        data["remainingAttendeeCapacity"] = places_left
    if activity.minimum_age or activity.maximum_age:
        data["typicalAgeRange"] = (
            f"{activity.minimum_age or 0}-{activity.maximum_age or ''}".rstrip("-")
        )
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)
