"""Activities for other software: an iCalendar feed (RFC 5545, through the ``icalendar``
library) and schema.org ``Event`` JSON-LD for each activity's page."""

from __future__ import annotations

import json

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.activities.models import Activity
from brobygger.directory.validation import safe_url
from brobygger.lib.postcodes import postal_district

PRODID = "-//Brobygger//Aktiviteter//DA"
# every character that could end the script element or be read as markup, as a JSON escape
# (the same set as Django's json_script); the JSON reads back unchanged
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _location(activity: Activity) -> str:
    if activity.is_online:
        return activity.online_url
    parts = [activity.place_name, activity.address, activity.postcode]
    return ", ".join(p for p in parts if p)


def _summary_and_description(activity: Activity) -> tuple[str, str]:
    """The event's title and text; a demo activity (shown only in demo mode) says it is an
    example in both, as its page does, and a real one is never marked."""
    if not activity.is_demo:
        return activity.title, activity.description
    summary = _("Example: %(title)s") % {"title": activity.title}
    note = _("A made-up activity that shows how the platform works.")
    return summary, f"{note}\n\n{activity.description}"


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
        summary, description = _summary_and_description(activity)
        event.add("summary", summary)
        event.add("description", description)
        if activity.is_demo:
            event.add("categories", ["DEMO"])  # as the courses feed marks its demo courses
        location = _location(activity)
        if location:
            event.add("location", location)
        event.add("url", base_url.rstrip("/") + reverse("activities:detail", args=[activity.pk]))
        event.add("status", "CANCELLED" if activity.state == "cancelled" else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def typical_age_range(minimum: int | None, maximum: int | None) -> str:
    """schema.org's ``typicalAgeRange``: "18-" for 18 and up, "18-29" for a range, "0-29" for up
    to 29; "" when the activity is for every age."""
    if not minimum and not maximum:
        return ""
    return f"{minimum or 0}-{maximum or ''}"


def _postal_address(activity: Activity) -> dict:
    address = {
        "@type": "PostalAddress",
        "streetAddress": activity.address,
        "postalCode": activity.postcode,
        "addressCountry": "DK",
    }
    locality = postal_district(activity.postcode)
    if locality:
        address["addressLocality"] = locality
    return address


def _organizer(activity: Activity) -> dict | None:
    """The organisation behind the activity (its own, or its initiative's), with the
    organisation's website or else the initiative's; None when there is neither."""
    initiative = activity.initiative
    organization = activity.organization or (initiative.organization if initiative else None)
    if organization is None:
        return None
    organizer = {"@type": "Organization", "name": organization.name}
    url = safe_url(organization.website) or (safe_url(initiative.url) if initiative else "")
    if url:
        organizer["url"] = url
    return organizer


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
            "address": _postal_address(activity),
        }
    organizer = _organizer(activity)
    if organizer:
        data["organizer"] = organizer
    offer = {
        "@type": "Offer",
        "price": f"{activity.price_dkk or 0:.2f}",
        "priceCurrency": "DKK",
        "url": url,
        "availability": "https://schema.org/SoldOut"
        if places_left == 0
        else "https://schema.org/InStock",
    }
    if activity.price_dkk:  # the price holds from when the activity was put up
        offer["validFrom"] = timezone.localtime(activity.created_at).isoformat()
    data["offers"] = offer
    if activity.capacity:
        data["maximumAttendeeCapacity"] = activity.capacity
    if places_left is not None:
        data["remainingAttendeeCapacity"] = places_left
    age_range = typical_age_range(activity.minimum_age, activity.maximum_age)
    if age_range:
        data["typicalAgeRange"] = age_range
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_SAFE)
