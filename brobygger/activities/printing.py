""" "What's on near you": an A4 list of one week's activities in and around a postcode, made
with the same printing code as the pocket guide (``directory.pdf``: WeasyPrint, QR codes)."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from brobygger.activities.selectors import ActivityFilters, activities_filtered
from brobygger.core.languages import is_draft
from brobygger.directory.pdf import _stylesheet, qr_svg, to_pdf


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def nearby_html(
    *, postcode: str, start: dt.date, base_url: str, language: str = "da", demo: bool = False
) -> str:
    """The week from ``start`` (its Monday) for ``postcode``; examples only in demo mode."""
    monday = week_start(start)
    activities = activities_filtered(
        ActivityFilters(postcode=postcode, start=monday, days=7),
        now=timezone.make_aware(dt.datetime.combine(monday, dt.time.min)),
    )
    if not demo:
        activities = activities.real()
    base = base_url.rstrip("/")
    rows = [(a, qr_svg(base + reverse("activities:detail", args=[a.pk]))) for a in activities]
    with override(language):
        return render_to_string(
            "activities/print/nearby.html",
            {
                "rows": rows,
                "postcode": postcode,
                "monday": monday,
                "sunday": monday + dt.timedelta(days=6),
                "list_url": f"{base}{reverse('activities:index')}?postcode={postcode}",
                "stylesheet": _stylesheet("activities/nearby.css"),
                "language": language,
                "draft_translation": is_draft(language),
                "printed_on": timezone.localdate(),
                "demo": demo,
            },
        )


def nearby_pdf(**kwargs) -> bytes:
    return to_pdf(nearby_html(**kwargs))
