"""Writes on activities: create, moderate, cancel, mark who came, pair a følgeven.

Sign-ups and the waiting list are in ``signups``; recurring dates in ``recurrence``; the daily
reminders and the deletion of participants' data in ``daily``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from brobygger.accounts import roles
from brobygger.activities import messages
from brobygger.activities.models import MAX_CAPACITY, Activity, Series, SignUp
from brobygger.activities.recurrence import series_extend
from brobygger.directory.models import Initiative, Organization
from brobygger.lib.text import check_text, control_character

SINGLE_LINE_FIELDS = ("title", "place_name", "address", "postcode", "online_url")
MULTI_LINE_FIELDS = ("description", "welcome", "hosting", "meet_again")


class ActivityError(ValueError):
    """An activity that cannot be saved as given; ``errors`` maps field → message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class ActivityInput:
    title: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place_name: str = ""
    address: str = ""
    postcode: str = ""
    online_url: str = ""
    capacity: int | None = None
    price_dkk: Decimal | float | None = None
    languages: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    minimum_age: int | None = None
    maximum_age: int | None = None
    welcome: str = ""
    hosting: str = ""
    meet_again: str = ""
    may_bring_someone: bool = True
    initiative_id: object = None
    organization_id: object = None
    every_weeks: int | None = None  # 1 or 2 for a recurring activity
    repeat_until: dt.date | None = None
    target_group_ids: list = field(default_factory=list)


def publishes_at_once(user, organization: Organization | None) -> bool:
    """Editors publish for their own organisation, brokers and administrators for anyone; a
    citizen's activity waits for approval."""
    if roles.is_administrator(user) or roles.is_broker(user):
        return True
    return bool(
        organization is not None
        and user.organisation_memberships.filter(organization=organization).exists()
    )


def _organization_for(data: ActivityInput) -> Organization | None:
    if data.organization_id:
        return Organization.objects.filter(pk=data.organization_id).first()
    if data.initiative_id:
        initiative = Initiative.objects.filter(pk=data.initiative_id).first()
        return initiative.organization if initiative else None
    return None


def sole_organization_id(user) -> object:
    """The organisation a user edits when there is exactly one, else None: an activity made
    without naming an organisation or initiative is that organisation's (as the API makes it)."""
    ids = list(user.organisation_memberships.values_list("organization_id", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None


def hosts_initiative(user, initiative: Initiative) -> bool:
    """An editor of the initiative's organisation, a broker or an administrator may put an
    activity under the initiative (and so under its organisation's name)."""
    if roles.is_administrator(user) or roles.is_broker(user):
        return True
    return bool(
        initiative.organization_id
        and user.organisation_memberships.filter(
            organization_id=initiative.organization_id
        ).exists()
    )


def _clean_text(data: ActivityInput) -> dict[str, str]:
    """Refuse control characters (C0, C1) in every text field; tab and newline only where the
    field is multi-line, whose CR LF becomes LF."""
    errors = {}
    for name in SINGLE_LINE_FIELDS + MULTI_LINE_FIELDS:
        value = getattr(data, name) or ""
        multiline = name in MULTI_LINE_FIELDS
        if control_character(value, multiline=multiline) is not None:
            errors[name] = "remove the line break or control character"
        elif multiline:
            setattr(data, name, check_text(value, multiline=True))
    for name in ("languages", "accessibility"):
        if any(control_character(str(v)) is not None for v in getattr(data, name)):
            errors[name] = "remove the line break or control character"
    return errors


def _check(data: ActivityInput, now: dt.datetime) -> dict[str, str]:
    errors = _clean_text(data)
    if not data.title.strip():
        errors["title"] = "give the activity a title"
    if not data.description.strip():
        errors["description"] = "say what happens"
    if data.ends_at <= data.starts_at:
        errors["ends_at"] = "must be after the start"
    if data.starts_at <= now:
        errors["starts_at"] = "must be in the future"
    if not (data.address or data.online_url):
        errors["address"] = "give an address, or a link for an online activity"
    if data.capacity is not None and not 1 <= data.capacity <= MAX_CAPACITY:
        errors["capacity"] = f"from 1 to {MAX_CAPACITY}, or empty for no limit"
    if data.minimum_age and data.maximum_age and data.minimum_age > data.maximum_age:
        errors["maximum_age"] = "must not be below the minimum age"
    if data.every_weeks not in (None, 1, 2):
        errors["every_weeks"] = "every week (1) or every other week (2)"
    return errors


def _check_initiative(user, data: ActivityInput) -> dict[str, str]:
    if not data.initiative_id:
        return {}
    initiative = Initiative.objects.filter(pk=data.initiative_id).first()
    if initiative is None:
        return {"initiative_id": "no such initiative"}
    if not hosts_initiative(user, initiative):
        return {"initiative_id": "you do not host this initiative"}
    if data.organization_id and str(data.organization_id) != str(initiative.organization_id):
        return {"initiative_id": "the initiative belongs to another organisation"}
    return {}


@transaction.atomic
def activity_create(*, user, data: ActivityInput, today: dt.date | None = None) -> Activity:
    """Create an activity (and, when it repeats, its series and the next weeks' dates)."""
    errors = _check(data, timezone.now())
    errors.update(_check_initiative(user, data))
    if data.organization_id and not user.organisation_memberships.filter(
        organization_id=data.organization_id
    ).exists() and not roles.is_administrator(user):  # fmt: skip
        errors["organization_id"] = "you are not an editor of this organisation"
    if errors:
        raise ActivityError(errors)
    organization = _organization_for(data)
    state = (
        Activity.State.PUBLISHED
        if publishes_at_once(user, organization)
        else Activity.State.SUBMITTED
    )
    series = None
    if data.every_weeks:
        series = Series.objects.create(every_weeks=data.every_weeks, until=data.repeat_until)
    activity = Activity(
        title=data.title.strip(),
        description=data.description.strip(),
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        place_name=data.place_name,
        address=data.address,
        postcode=data.postcode,
        online_url=data.online_url,
        capacity=data.capacity,
        price_dkk=data.price_dkk or None,
        languages=sorted(set(data.languages)),
        accessibility=sorted(set(data.accessibility)),
        minimum_age=data.minimum_age,
        maximum_age=data.maximum_age,
        welcome=data.welcome,
        hosting=data.hosting,
        meet_again=data.meet_again,
        may_bring_someone=data.may_bring_someone,
        initiative_id=data.initiative_id or None,
        organization=organization,
        host=user,
        state=state,
        series=series,
    )
    try:
        activity.full_clean(exclude=["series", "initiative", "organization", "host"])
    except ValidationError as exc:
        raise ActivityError({k: " ".join(v) for k, v in exc.message_dict.items()}) from exc
    activity.save()
    if data.target_group_ids:
        activity.target_groups.set(data.target_group_ids)
    if series is not None:
        series_extend(series, today=today)
    return activity


def _series_or_one(activity: Activity):
    if activity.series_id:
        return Activity.all_rows.filter(series_id=activity.series_id, state=activity.state)
    return Activity.all_rows.filter(pk=activity.pk)


@transaction.atomic
def activity_approve(*, activity: Activity, user) -> int:
    """Publish a citizen's activity (all its dates); returns how many were published."""
    if activity.state != Activity.State.SUBMITTED:
        raise ActivityError({"state": "only an activity waiting for approval can be approved"})
    return _series_or_one(activity).update(state=Activity.State.PUBLISHED, moderated_by=user)


@transaction.atomic
def activity_refuse(*, activity: Activity, user, reason: str) -> int:
    if activity.state != Activity.State.SUBMITTED:
        raise ActivityError({"state": "only an activity waiting for approval can be refused"})
    if not reason.strip():
        raise ActivityError({"reason": "say why, so the host can change it"})
    return _series_or_one(activity).update(
        state=Activity.State.REFUSED, refusal_reason=reason.strip(), moderated_by=user
    )


def activity_cancel(*, activity: Activity) -> int:
    """The host cancels one date: everyone signed up or waiting is told."""
    with transaction.atomic():
        locked = Activity.all_rows.select_for_update().get(pk=activity.pk)
        if locked.state == Activity.State.CANCELLED:
            return 0
        locked.state = Activity.State.CANCELLED
        locked.save(update_fields=["state"])
        people = list(
            locked.signups.exclude(status=SignUp.Status.CANCELLED).filter(
                anonymised_at__isnull=True
            )
        )
    for signup in people:
        messages.safely(messages.activity_cancelled, signup)
    return len(people)


def attendance_record(*, signup: SignUp, came: bool) -> SignUp:
    """The host's "came" / "did not come" after the activity; feeds the broker's case."""
    if signup.activity.starts_at > timezone.now():
        raise ActivityError({"came": "the activity has not started yet"})
    if signup.status != SignUp.Status.CONFIRMED:
        raise ActivityError({"came": "only a confirmed sign-up can be marked"})
    signup.came = came
    signup.save(update_fields=["came"])
    if came and signup.case_id:
        from brobygger.activities.broker import first_visit_from_activity

        first_visit_from_activity(signup)
    return signup


def companion_pair(*, signup: SignUp, volunteer) -> SignUp:
    """The broker pairs a person who asked for company with a volunteer (a følgeven)."""
    if not signup.wants_company:
        raise ActivityError({"signup": "this person did not ask for company"})
    if signup.status == SignUp.Status.CANCELLED:
        raise ActivityError({"signup": "the sign-up is cancelled"})
    if volunteer is not None and not roles.is_volunteer(volunteer):
        raise ActivityError({"volunteer": "not a volunteer"})
    signup.companion = volunteer
    signup.save(update_fields=["companion"])
    return signup
