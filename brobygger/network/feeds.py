"""The course register for other software: an iCalendar feed (RFC 5545, through the
``icalendar`` library)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.network.models import Course

PRODID = "-//Brobygger//Courses for volunteers//DA"


def _summary(course: Course) -> str:
    """The event's title; a demo course (shown only in demo mode) says it is an example, as the
    page's "Demo" tag and the activities feed do; a real one is never marked."""
    if course.is_demo:
        return _("Example: %(title)s") % {"title": course.title}
    return course.title


def _description(course: Course) -> str:
    details = [course.organiser, course.price, course.suits]
    if course.is_demo:  # said in words too, as the activities feed does
        details.insert(0, _("A made-up course that shows how the platform works."))
    return "\n".join(d for d in details if d)


def courses_ics(courses: Iterable[Course]) -> bytes:
    """The courses as one calendar, each an all-day event (DTEND exclusive); a demo course is
    marked in its summary, its description and ``CATEGORIES:DEMO``."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Courses for volunteers"))
    stamp = timezone.now()
    for course in courses:
        event = icalendar.Event()
        event.add("uid", f"course-{course.pk}@brobygger")  # stable: not the request's Host
        event.add("dtstamp", stamp)
        event.add("dtstart", course.starts_on)
        event.add("dtend", (course.ends_on or course.starts_on) + dt.timedelta(days=1))
        event.add("summary", _summary(course))
        event.add("location", _("Online") if course.online else course.place)
        event.add("description", _description(course))
        if course.url:
            event.add("url", course.url)
        if course.is_demo:
            event.add("categories", ["DEMO"])
        calendar.add_component(event)
    return calendar.to_ical()
