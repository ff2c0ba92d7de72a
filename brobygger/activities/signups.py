"""Joining an activity without an account: confirmed while there is room, else the waiting
list; a cancellation moves the first on the list up and tells them.

Places are decided under a row lock on the activity (``select_for_update``), so sign-ups that
arrive at the same moment never overfill it; on SQLite a write transaction serialises them. A
retried sign-up with the same ``client_reference`` by the same caller (the same signed-in user,
or for anonymous callers the same person's contact) lands once; another caller's reference never
matches. One person (the same e-mail address or phone number) holds one sign-up per activity: a
repeat gets the existing one back, and its details go to that contact, never to whoever typed it.
A phone number we cannot text (``core.sms.textable``) is refused before anything is stored. The
cancel link's token is shown once and stored only hashed.

Whoever signs up first with someone's contact is shown the cancel code. So a repeat (at most one
a day per sign-up, as its message) gives the sign-up a fresh code, sent only to the contact: the
code shown earlier stops working, and only the person who receives the contact's messages can
cancel. The fresh code replaces the old one even when its message cannot be delivered (a daily
limit reached): a code that may be someone else's must not survive; the host can still cancel.
A cancellation by code is told to the contact, so one made by someone else does not pass
unnoticed (within the same daily limits).
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from brobygger.activities import messages
from brobygger.activities.models import Activity, SignUp
from brobygger.core import sms
from brobygger.core.tokens import new_token, token_digest, token_matches
from brobygger.directory import validation
from brobygger.lib.text import control_character

REPEAT_NOTICE_SECONDS = 24 * 60 * 60


class SignUpError(ValueError):
    """A sign-up that cannot be made as given; the message starts with the field's name."""

    def __init__(self, message: str, *, field: str = "", code: str = "invalid"):
        super().__init__(message)
        self.field = field
        self.code = code


@dataclass(frozen=True)
class SignUpResult:
    signup: SignUp
    # empty when a retry or a repeat found the earlier sign-up (a repeat's fresh token goes only
    # to the contact)
    cancel_token: str
    created: bool
    # the same person signed up again: the caller is told only that it was received (the
    # details went to the contact itself), never the earlier sign-up's status or position
    repeat: bool = False

    @property
    def position(self) -> int | None:
        return waitlist_position(self.signup)


def person_key(*, email: str, phone: str) -> str:
    """Recognises the same person's later sign-ups without storing who they are (a keyed hash
    of the contact); blanked with the rest when the sign-up is anonymised."""
    contact = (email or "").strip().lower() or "".join(c for c in phone or "" if c.isdigit())
    if not contact:
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"activities-person:" + contact.encode(), hashlib.sha256).hexdigest()


def _validate(*, name: str, email: str, phone: str, textable: bool) -> tuple[str, str, str]:
    """The cleaned name, e-mail and phone (normalised, +45…). With ``textable``
    the phone number must be one we send text messages to (``SMS_ALLOWED_PREFIXES``)."""
    name, email, phone = (name or "").strip(), (email or "").strip(), (phone or "").strip()
    if not name:
        raise SignUpError("name: say what we may call you", field="name")
    if len(name) > 200:
        raise SignUpError("name: at most 200 characters", field="name")
    for field, value in (("name", name), ("email", email), ("phone", phone)):
        if control_character(value) is not None:
            raise SignUpError(f"{field}: remove the line break or control character",
                              field=field, code="control_character")  # fmt: skip
    if not email and not phone:
        raise SignUpError("email: give an e-mail address or a phone number", field="email")
    if email and not validation.is_email(email):
        raise SignUpError("email: not an e-mail address", field="email")
    if phone and not validation.is_phone(phone):
        raise SignUpError("phone: not a phone number", field="phone")
    if phone:
        try:
            phone = sms.textable(phone) if textable else sms.normalise_number(phone)
        except sms.SmsError as exc:
            if textable:
                raise SignUpError("phone: we cannot send text messages to this number",
                                  field="phone", code="not_textable") from exc  # fmt: skip
    return name, email, phone


def _same_person(activity: Activity, *, email: str, phone: str):
    """The person's live sign-up for ``activity`` (the same e-mail or the same phone)."""
    match = Q()
    if email:
        match |= Q(email__iexact=email)
    if phone:
        match |= Q(phone=phone)
    return (
        SignUp.objects.filter(activity=activity, anonymised_at__isnull=True)
        .exclude(status=SignUp.Status.CANCELLED)
        .filter(match)
        .order_by("created_at")
    )


def _rotate_cancel_token(signup: SignUp) -> str:
    """A fresh cancel code for ``signup``; every earlier one stops working. Called under the
    activity's row lock, as cancelling is."""
    token = new_token(24)
    signup.cancel_token_hash = token_digest(token)
    signup.save(update_fields=["cancel_token_hash"])
    return token


def _repeat_notice_due(signup: SignUp) -> bool:
    """At most one "you were already signed up" message per sign-up a day, so repeats cannot
    flood a person's inbox, and at most one fresh cancel code (every message to a person also
    counts against the daily limit per recipient, ``core.quota``)."""
    return cache.add(f"activities:repeat-notice:{signup.pk}", 1, timeout=REPEAT_NOTICE_SECONDS)


def submitter_key(submitter, contact_key: str) -> str:
    """Whose ``client_reference`` it is: a signed-in user, else the person's contact."""
    if submitter is not None and getattr(submitter, "is_authenticated", False):
        return f"user:{submitter.pk}"
    return contact_key


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
    submitter=None,
    case=None,
    language: str = "da",
) -> SignUpResult:
    """Sign a person up: confirmed while there is room, otherwise on the waiting list.

    ``submitter`` is the signed-in user making the call (None: anonymous); a
    ``client_reference`` matches only that caller's earlier sign-up. A person signed up already
    (same e-mail or phone) gets that sign-up back with ``repeat`` set, and its details are sent
    to their contact. A case's citizen (the broker's sign-up) may have a number we do not text:
    the sign-up is made and messages go by e-mail where there is one."""
    name, email, phone = _validate(name=name, email=email, phone=phone, textable=case is None)
    key = person_key(email=email, phone=phone)
    caller = submitter_key(submitter, key)
    if client_reference is not None:
        earlier = SignUp.objects.filter(
            activity=activity, client_reference=client_reference, submitter_key=caller
        ).first()
        if earlier is not None:
            return SignUpResult(signup=earlier, cancel_token="", created=False)
    token = new_token(24)
    repeat = None
    fresh_token = ""
    try:
        with transaction.atomic():
            locked = Activity.all_rows.select_for_update().get(pk=activity.pk)
            if not open_for_signup(locked):
                raise SignUpError("activity: not open for sign-up", field="activity", code="closed")
            repeat = _same_person(locked, email=email, phone=phone).first()
            if repeat is not None and _repeat_notice_due(repeat):
                fresh_token = _rotate_cancel_token(repeat)
            if repeat is None:
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
                    submitter_key=caller if client_reference is not None else "",
                    cancel_token_hash=token_digest(token),
                    confirmed_at=None if full else now,
                )
    except IntegrityError:  # the same client_reference raced itself: the first one won
        earlier = SignUp.objects.get(
            activity=activity, client_reference=client_reference, submitter_key=caller
        )
        return SignUpResult(signup=earlier, cancel_token="", created=False)
    if repeat is not None:
        if fresh_token:
            messages.safely(messages.signup_repeated, repeat, position=waitlist_position(repeat),
                            cancel_token=fresh_token)  # fmt: skip
        return SignUpResult(signup=repeat, cancel_token="", created=False, repeat=True)
    result = SignUpResult(signup=signup, cancel_token=token, created=True)
    messages.safely(messages.signup_received, result)
    return result


def signup_for_token(token: str) -> SignUp | None:
    if not token:
        return None
    return (
        SignUp.objects.select_related("activity")
        .filter(cancel_token_hash=token_digest(token), anonymised_at__isnull=True)
        .exclude(status=SignUp.Status.CANCELLED)
        .first()
    )


def signup_cancel(*, token: str) -> SignUp:
    """Cancel by the private link's token; a freed place goes to the first on the list, and
    the person is told (whoever held the code may not have been them)."""
    signup = signup_for_token(token)
    if signup is None:
        raise SignUpError("cancel_token: unknown or already used", field="cancel_token",
                          code="unknown")  # fmt: skip
    signup, cancelled = _withdraw(signup=signup, token=token)
    if not cancelled:  # the code was rotated, or the sign-up cancelled, a moment ago
        raise SignUpError("cancel_token: unknown or already used", field="cancel_token",
                          code="unknown")  # fmt: skip
    messages.safely(messages.signup_cancelled, signup)
    return signup


def signup_withdraw(*, signup: SignUp) -> SignUp:
    """Cancel a sign-up (the person, the host or the broker) and fill the freed place."""
    return _withdraw(signup=signup)[0]


def _withdraw(*, signup: SignUp, token: str = "") -> tuple[SignUp, bool]:
    """Cancel ``signup`` (with ``token``: only while that is still its code) and fill the freed
    place; the sign-up and whether this call cancelled it."""
    promoted = None
    with transaction.atomic():
        activity = Activity.all_rows.select_for_update().get(pk=signup.activity_id)
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if signup.status == SignUp.Status.CANCELLED:
            return signup, False
        if token and not token_matches(token, signup.cancel_token_hash):
            return signup, False
        was_confirmed = signup.status == SignUp.Status.CONFIRMED
        signup.status = SignUp.Status.CANCELLED
        signup.cancelled_at = timezone.now()
        signup.save(update_fields=["status", "cancelled_at"])
        if was_confirmed and activity.starts_at > timezone.now():
            promoted = _promote_first(activity)
    if promoted is not None:
        messages.safely(messages.promoted, promoted)
    return signup, True


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


def capacity_raised(*, activity: Activity) -> list[SignUp]:
    """After the host adds places: move people up from the waiting list while there is room."""
    promoted = []
    with transaction.atomic():
        locked = Activity.all_rows.select_for_update().get(pk=activity.pk)
        while (first := _promote_first(locked)) is not None:
            promoted.append(first)
    for signup in promoted:
        messages.safely(messages.promoted, signup)
    return promoted
