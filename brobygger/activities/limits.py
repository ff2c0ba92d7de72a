"""How many anonymous sign-ups one address may make (the web form and the API share it).

Two limits per address: over all activities in a short window (``ACTIVITIES_SIGNUP_LIMIT`` per
``ACTIVITIES_SIGNUP_WINDOW_MINUTES``), and in one activity a day
(``ACTIVITIES_SIGNUP_PER_ACTIVITY_LIMIT``), so one address cannot take an activity's places and
push people onto its waiting list, while an office signing up a group of ten still fits.
"""

from __future__ import annotations

from django.conf import settings

from brobygger.core import ratelimit

DAY_SECONDS = 24 * 60 * 60


def signup_allowed(request, activity) -> bool:
    return ratelimit.allow(
        request,
        scope="activity-signup",
        limit=settings.ACTIVITIES_SIGNUP_LIMIT,
        window_seconds=settings.ACTIVITIES_SIGNUP_WINDOW_MINUTES * 60,
    ) and ratelimit.allow(
        request,
        scope=f"activity-signup:{activity.pk}",
        limit=settings.ACTIVITIES_SIGNUP_PER_ACTIVITY_LIMIT,
        window_seconds=DAY_SECONDS,
    )
