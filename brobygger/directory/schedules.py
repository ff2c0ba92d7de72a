"""How a schedule reads: one sentence per HSDS schedule, the same on pages, prints and cards.

The schedule is stored as HSDS keeps it (an RFC 5545 recurrence: ``freq``, ``interval``,
``byday``, ``opens_at``, ``closes_at``); editors enter it as rows of weekday, times and "every
week / every other week" (``forms.ScheduleRowForm``), and people read it in words:
"tirsdag kl. 10.00–12.00", "hver anden torsdag kl. 14.00–16.00".
"""

from __future__ import annotations

import datetime as dt

from django.utils.text import get_text_list
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Django's own catalogue translates these ("Tuesday" -> "tirsdag").
WEEKDAY_NAMES = {
    "MO": gettext_lazy("Monday"),
    "TU": gettext_lazy("Tuesday"),
    "WE": gettext_lazy("Wednesday"),
    "TH": gettext_lazy("Thursday"),
    "FR": gettext_lazy("Friday"),
    "SA": gettext_lazy("Saturday"),
    "SU": gettext_lazy("Sunday"),
}


def clock(value: dt.time) -> str:
    """A time of day as the language writes it: 10.00 in Danish, 10:00 in English."""
    separator = ":" if (get_language() or "da").startswith("en") else "."
    return f"{value:%H}{separator}{value:%M}"


def day_names(byday: str) -> str:
    """ "MO,WE" -> "mandag og onsdag" (unknown codes are left out, never shown raw)."""
    codes = [c.strip().upper() for c in (byday or "").split(",")]
    names = [str(WEEKDAY_NAMES[c]) for c in WEEKDAY_CODES if c in codes]
    if not (get_language() or "da").startswith("en"):
        names = [n.lower() for n in names]
    return str(get_text_list(names, _("and")))


def _hours(schedule) -> str:
    if schedule.opens_at and schedule.closes_at:
        return f"{clock(schedule.opens_at)}–{clock(schedule.closes_at)}"
    if schedule.opens_at:
        return _("from %(time)s") % {"time": clock(schedule.opens_at)}
    return ""


def describe(schedule) -> str:
    """One schedule in words, e.g. "tirsdag kl. 10.00–12.00" or "hver anden torsdag kl.
    14.00–16.00". A schedule with only a free-text description reads as that text."""
    days = day_names(schedule.byday)
    hours = _hours(schedule)
    interval = schedule.interval or 1
    if schedule.freq == "WEEKLY" and days:
        if interval == 2:
            text = _("every other %(days)s") % {"days": days}
        elif interval > 2:
            text = _("every %(n)s. week on %(days)s") % {"n": interval, "days": days}
        else:
            text = days
    elif schedule.freq == "MONTHLY" and schedule.bymonthday:
        text = _("on day %(days)s of the month") % {"days": schedule.bymonthday.replace(",", ", ")}
    elif days:
        text = days
    else:
        return schedule.description or ""
    if hours:
        text = _("%(when)s at %(hours)s") % {"when": text, "hours": hours}
    return text


def describe_all(schedules) -> list[str]:
    return [text for text in (describe(s) for s in schedules) if text]
