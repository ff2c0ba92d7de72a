"""The activity platform in the evaluation: per month, what was offered and who came."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from brobygger.activities.models import Activity, SignUp


def statistics(*, demo: bool = False) -> list[dict]:
    """Per month: activities, places, sign-ups, waiting-list promotions, first-timers and
    those who came back (counted on every sign-up, cancelled and anonymised ones too). The
    real activities, or (``demo``, the dashboard's labelled demo view) the demo ones alone."""
    activities = Activity.with_demo.filter(
        state__in=(Activity.State.PUBLISHED, Activity.State.HELD, Activity.State.CANCELLED),
        is_demo=demo,
    )
    months: dict[str, dict] = {}
    for activity in activities.only("starts_at", "capacity", "state"):
        key = timezone.localtime(activity.starts_at).strftime("%Y-%m")
        row = months.setdefault(key, _empty(key))
        row["activities"] += 1
        row["places"] += activity.capacity or 0
    signups = SignUp.objects.filter(activity__in=activities).select_related("activity")
    for signup in signups.only("status", "promoted_at", "first_time", "activity__starts_at"):
        key = timezone.localtime(signup.activity.starts_at).strftime("%Y-%m")
        row = months.setdefault(key, _empty(key))
        row["signups"] += 1
        row["promotions"] += signup.promoted_at is not None
        row["first_timers"] += signup.first_time
        row["came_back"] += not signup.first_time
    return [months[k] for k in sorted(months)]


def _empty(month: str) -> dict:
    return {
        "month": month,
        "month_start": dt.date.fromisoformat(f"{month}-01"),  # shown in words ("juni 2026")
        "activities": 0,
        "places": 0,
        "signups": 0,
        "promotions": 0,
        "first_timers": 0,
        "came_back": 0,
    }
