"""Joining an activity without an account: confirmed while there is room, else the waiting
list; a cancellation moves the first on the list up and tells them.

Places are decided under a row lock on the activity (``select_for_update``), so sign-ups that
arrive at the same moment never overfill it; on SQLite a write transaction serialises them. A
retried sign-up with the same ``client_reference`` lands once. The cancel link's token is shown
once and stored only hashed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from brobygger.activities import messages
from brobygger.activities.models import Activity, SignUp
from brobygger.directory import validation


class SignUpError(ValueError):
    """A sign-up that cannot be made as given; the message starts with the field's name."""

    def __init__(self, message: str, *, field: str = "", code: str = "invalid"):
        super().__init__(message)
        self.field = field
        self.code = code


@dataclass(frozen=True)
class SignUpResult:
    signup: SignUp
    cancel_token: str  # empty when a retry found the earlier sign-up (its token is not kept)
    created: bool

    @property
    def position(self) -> int | None:
        return waitlist_position(self.signup)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def person_key(*, email: str, phone: str) -> str:
    """Recognises the same person's later sign-ups without storing who they are (a keyed hash
    of the contact); blanked with the rest when the sign-up is anonymised."""
    contact = (email or "").strip().lower() or "".join(c for c in phone or "" if c.isdigit())
    if not contact:
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"activities-person:" + contact.encode(), hashlib.sha256).hexdigest()


def _validate(*, name: str, email: str, phone: str) -> tuple[str, str, str]:
    name, email, phone = (name or "").strip(), (email or "").strip(), (phone or "").strip()
    if not name:
        raise SignUpError("name: say what we may call you", field="name")
    if len(name) > 200:
        raise SignUpError("name: at most 200 characters", field="name")
    if not email and not phone:
        raise SignUpError("email: give an e-mail address or a phone number", field="email")
    if email and not validation.is_email(email):
        raise SignUpError("email: not an e-mail address", field="email")
    if phone and not validation.is_phone(phone):
        raise SignUpError("phone: not a phone number", field="phone")
    return name, email, phone


def confirmed_count(activity: Activity) -> int:
    return activity.signups.filter(status=SignUp.Status.CONFIRMED).count()


def waitlist_count(activity: Activity) -> int:
    return activity.signups.filter(status=SignUp.Status.WAITLISTED).count()


def places_left(activity: Activity) -> int | None:
    if activity.capacity is None:
        return None
    return max(activity.capacity - confirmed_count(activity), 0)


def waitlist_position(signup: SignUp) -> int | None:
    """1 for the first on the waiting list; None when not waiting."""
    if signup.status != SignUp.Status.WAITLISTED:
        return None
    earlier = SignUp.objects.filter(
        activity_id=signup.activity_id,
        status=SignUp.Status.WAITLISTED,
        created_at__lt=signup.created_at,
    ).count()
    same_moment = SignUp.objects.filter(
        activity_id=signup.activity_id,
        status=SignUp.Status.WAITLISTED,
        created_at=signup.created_at,
        pk__lt=signup.pk,
    ).count()
    return earlier + same_moment + 1


def open_for_signup(activity: Activity, *, now=None) -> bool:
    now = now or timezone.now()
    return activity.state == Activity.State.PUBLISHED and activity.starts_at > now


def signup_create(
    *,
    activity: Activity,
    name: str,
    email: str = "",
    phone: str = "",
    wants_company: bool = False,
    client_reference: uuid.UUID | None = None,
    case=None,
    language: str = "da",
    base_url: str | None = None,
) -> SignUpResult:
    """Sign a person up: confirmed while there is room, otherwise on the waiting list."""
    name, email, phone = _validate(name=name, email=email, phone=phone)
    if client_reference is not None:
        earlier = SignUp.objects.filter(
            activity=activity, client_reference=client_reference
        ).first()
        if earlier is not None:
            return SignUpResult(signup=earlier, cancel_token="", created=False)
    token = secrets.token_urlsafe(24)
    key = person_key(email=email, phone=phone)
    try:
        with transaction.atomic():
            locked = Activity.objects.select_for_update().get(pk=activity.pk)
            if not open_for_signup(locked):
                raise SignUpError("activity: not open for sign-up", field="activity", code="closed")
            full = locked.capacity is not None and confirmed_count(locked) >= locked.capacity
            now = timezone.now()
            signup = SignUp.objects.create(
                activity=locked,
                status=SignUp.Status.WAITLISTED if full else SignUp.Status.CONFIRMED,
                name=name,
                email=email,
                phone=phone,
                wants_company=wants_company,
                language=language if language in dict(settings.LANGUAGES) else "da",
                case=case,
                person_key=key,
                first_time=not (key and SignUp.objects.filter(person_key=key).exists()),
                client_reference=client_reference,
                cancel_token_hash=token_hash(token),
                confirmed_at=None if full else now,
            )
    except IntegrityError:  # the same client_reference raced itself: the first one won
        earlier = SignUp.objects.get(activity=activity, client_reference=client_reference)
        return SignUpResult(signup=earlier, cancel_token="", created=False)
    result = SignUpResult(signup=signup, cancel_token=token, created=True)
    messages.signup_received(result, base_url=base_url)
    return result


def signup_for_token(token: str) -> SignUp | None:
    if not token:
        return None
    return (
        SignUp.objects.select_related("activity")
        .filter(cancel_token_hash=token_hash(token), anonymised_at__isnull=True)
        .exclude(status=SignUp.Status.CANCELLED)
        .first()
    )


def signup_cancel(*, token: str, base_url: str | None = None) -> SignUp:
    """Cancel by the private link's token; a freed place goes to the first on the list."""
    signup = signup_for_token(token)
    if signup is None:
        raise SignUpError("cancel_token: unknown or already used", field="cancel_token",
                          code="unknown")  # fmt: skip
    return signup_withdraw(signup=signup, base_url=base_url)


def signup_withdraw(*, signup: SignUp, base_url: str | None = None) -> SignUp:
    """Cancel a sign-up (the person, the host or the broker) and fill the freed place."""
    promoted = None
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=signup.activity_id)
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if signup.status == SignUp.Status.CANCELLED:
            return signup
        was_confirmed = signup.status == SignUp.Status.CONFIRMED
        signup.status = SignUp.Status.CANCELLED
        signup.cancelled_at = timezone.now()
        signup.save(update_fields=["status", "cancelled_at"])
        if was_confirmed and activity.starts_at > timezone.now():
            promoted = _promote_first(activity)
    if promoted is not None:
        messages.promoted(promoted, base_url=base_url)
    return signup


def _promote_first(activity: Activity) -> SignUp | None:
    if activity.capacity is not None and confirmed_count(activity) >= activity.capacity:
        return None
    first = (
        SignUp.objects.select_for_update()
        .filter(activity=activity, status=SignUp.Status.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return None
    now = timezone.now()
    first.status = SignUp.Status.CONFIRMED
    first.confirmed_at = now
    first.promoted_at = now
    first.save(update_fields=["status", "confirmed_at", "promoted_at"])
    return first


def capacity_raised(*, activity: Activity, base_url: str | None = None) -> list[SignUp]:
    """After the host adds places: move people up from the waiting list while there is room."""
    promoted = []
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        while (first := _promote_first(locked)) is not None:
            promoted.append(first)
    for signup in promoted:
        messages.promoted(signup, base_url=base_url)
    return promoted
