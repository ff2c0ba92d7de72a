"""Reads: the public list with the directory's filters, a week or month, the host's and the
broker's lists, and the statistics for the evaluation dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from brobygger.activities.models import Activity, SignUp, VolunteerAvailability


@dataclass(frozen=True)
class ActivityFilters:
    age: int | None = None
    activity_type: str = ""  # the linked initiative's type code
    target_group: str = ""  # a target-group taxonomy code
    language: str = ""
    postcode: str = ""
    when: str = ""  # "", "today", "week"
    free: bool = False
    start: dt.date | None = None  # the calendar's first day
    days: int | None = None  # and how many days it shows


def upcoming(now: dt.datetime | None = None):
    now = now or timezone.now()
    return (
        Activity.with_demo.filter(state=Activity.State.PUBLISHED, ends_at__gt=now)
        .select_related("initiative", "organization")
        .annotate(
            confirmed=Count("signups", filter=Q(signups__status=SignUp.Status.CONFIRMED)),
            waiting=Count("signups", filter=Q(signups__status=SignUp.Status.WAITLISTED)),
        )
        .order_by("starts_at", "title")
    )


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def activities_filtered(filters: ActivityFilters, *, now: dt.datetime | None = None):
    now = now or timezone.now()
    qs = upcoming(now)
    if filters.age is not None:
        qs = qs.filter(
            Q(minimum_age__isnull=True) | Q(minimum_age__lte=filters.age),
            Q(maximum_age__isnull=True) | Q(maximum_age__gte=filters.age),
        )
    if filters.activity_type:
        qs = qs.filter(initiative__initiative_type__code=filters.activity_type)
    if filters.target_group:
        qs = qs.filter(
            Q(target_groups__code=filters.target_group)
            | Q(initiative__target_groups__code=filters.target_group)
        ).distinct()
    if filters.language:
        # JSON list membership, the same on SQLite and PostgreSQL
        qs = qs.filter(languages__icontains=f'"{filters.language}"')
    if filters.postcode:
        qs = qs.filter(postcode=filters.postcode)
    if filters.free:
        qs = qs.filter(Q(price_dkk__isnull=True) | Q(price_dkk=0))
    today = timezone.localdate(now)
    if filters.when == "today":
        qs = qs.filter(starts_at__lt=_day_start(today + dt.timedelta(days=1)))
    elif filters.when == "week":
        qs = qs.filter(starts_at__lt=_day_start(today + dt.timedelta(days=7)))
    if filters.start is not None and filters.days:
        qs = qs.filter(
            starts_at__gte=_day_start(filters.start),
            starts_at__lt=_day_start(filters.start + dt.timedelta(days=filters.days)),
        )
    return qs


def participants(activity: Activity):
    return activity.signups.exclude(status=SignUp.Status.CANCELLED).order_by("status", "created_at")


def hosted_by(user):
    org_ids = list(user.organisation_memberships.values_list("organization_id", flat=True))
    return (
        Activity.with_demo.filter(Q(host=user) | Q(organization_id__in=org_ids))
        .filter(ends_at__gt=timezone.now() - dt.timedelta(days=30))
        .order_by("starts_at")
    )


def awaiting_approval():
    return (
        Activity.with_demo.filter(state=Activity.State.SUBMITTED)
        .select_related("organization", "initiative", "host")
        .order_by("created_at")
    )


def company_wanted(now: dt.datetime | None = None):
    """Sign-ups where someone asked to be accompanied the first time (the broker pairs them)."""
    now = now or timezone.now()
    return (
        SignUp.objects.filter(
            wants_company=True,
            status__in=(SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED),
            activity__starts_at__gt=now,
        )
        .select_related("activity", "companion")
        .order_by("activity__starts_at")
    )


def volunteers_free_for(activity: Activity):
    """Volunteers whose stated times cover the activity's weekday and hours."""
    start = timezone.localtime(activity.starts_at)
    end = timezone.localtime(activity.ends_at)
    return (
        VolunteerAvailability.objects.filter(
            weekday=start.weekday(), from_time__lte=start.time(), to_time__gte=end.time()
        )
        .select_related("volunteer")
        .order_by("volunteer__first_name", "volunteer__username")
    )
