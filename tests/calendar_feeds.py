"""Reading a page's calendar-feed link and the feed it leads to, as a calendar app would."""

from __future__ import annotations

import html
import re

import icalendar


def feed_link(page: str, feed_path: str) -> str:
    """The address of the page's link to the feed at ``feed_path`` (with its query)."""
    found = re.search(rf'<a[^>]* href="({re.escape(feed_path)}[^"]*)"', page)
    assert found, f"the page has no link to {feed_path}"
    return html.unescape(found[1])


def feed_titles(content: bytes) -> set[str]:
    """The summaries of the feed's events."""
    calendar = icalendar.Calendar.from_ical(content)
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
