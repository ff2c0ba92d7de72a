"""Writes and reads for an account a citizen makes themselves (to host activities).

Asking for an account names an address, never a password: the account is made inactive, with
no usable password, and marked as a pending ``SelfRegistration``. The person who proves the
address (by posting the code from the confirmation mail) chooses the password then, and only
then the account becomes active. So whoever asks first for someone else's address gains
nothing: no password of theirs is ever stored.

A confirmation applies only to a pending self-registration of a user who never signed in and
holds no role or API key (``selectors.pending_registrations``; the same goes for the daily
purge and for discarding), with a code of the account-confirmation token generator (its own
salt; ``is_active`` in the hash), so a password-reset or welcome token is no confirmation, and
a deactivated user is never reactivated by one. An invitation to such an address does not
take over the pending account: ``invitation_accept`` discards it (``self_registration_discard``)
and makes the user anew; so does ``services.user_add``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from brobygger.accounts.models import SelfRegistration
from brobygger.accounts.selectors import pending_registrations
from brobygger.accounts.token_generators import (
    CONFIRMATION_DAYS,
    account_confirmation_token_generator,
    code_make,
    user_for_code,
)


class RegistrationUnusable(LookupError):
    """The code is unknown, wrong, used or too old, or the account is no pending
    self-registration (which one is not told)."""


@dataclass(frozen=True)
class AccountRequested:
    """What asking for an account with an address came to: ``code`` (for the confirmation
    mail) when the address has a pending self-registration (new or earlier), None when the
    address belongs to an account already (the caller tells its owner so)."""

    email: str
    code: str | None


def is_pending(user) -> bool:
    return pending_registrations().filter(user=user).exists()


def _same_address(email: str) -> Q:
    return Q(email__iexact=email) | Q(username__iexact=email)


def self_registration_request(*, email: str, name: str) -> AccountRequested:
    """Make a pending account for ``email`` (or find the pending one); see ``AccountRequested``.
    Hashes no password on any branch."""
    users = get_user_model()
    email = users.objects.normalize_email(email).strip().lower()
    for _attempt in range(2):
        found = list(users.objects.filter(_same_address(email)))
        pending_ids = set(
            pending_registrations().filter(user__in=found).values_list("user_id", flat=True)
        )
        if any(user.pk not in pending_ids for user in found):
            return AccountRequested(email=email, code=None)
        if found:
            return AccountRequested(
                email=email, code=code_make(found[0], account_confirmation_token_generator)
            )
        first, _sep, last = name.strip().partition(" ")
        user = users(username=email, email=email, first_name=first[:150], last_name=last[:150])
        user.set_unusable_password()
        user.is_active = False
        try:
            with transaction.atomic():
                user.save()
                SelfRegistration.objects.create(user=user)
        except IntegrityError:  # the same address asked for at the same moment: look again
            continue
        return AccountRequested(
            email=email, code=code_make(user, account_confirmation_token_generator)
        )
    return AccountRequested(email=email, code=None)


def self_registration_user(code: str):
    """The pending self-registered user of a confirmation code, or None."""
    user = user_for_code(code, account_confirmation_token_generator)
    if user is None or not is_pending(user):
        return None
    others = get_user_model().objects.filter(_same_address(user.email)).exclude(pk=user.pk)
    if others.exists():  # the address has another account meanwhile: that one is theirs
        return None
    return user


def self_registration_confirm(*, code: str, password: str):
    """Confirm the address of the code's pending account with the password its owner chose
    now (validated by the caller's form): the account becomes active. Works once; returns the
    user, or raises RegistrationUnusable."""
    users = get_user_model()
    with transaction.atomic():
        found = self_registration_user(code)
        if found is None:
            raise RegistrationUnusable()
        user = users.objects.select_for_update().get(pk=found.pk)
        registration = SelfRegistration.objects.select_for_update().get(user=user)
        if user.is_active or registration.confirmed_at is not None:  # a parallel confirmation
            raise RegistrationUnusable()
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["confirmed_at"])
    return user


def self_registration_discard(*, email: str) -> int:
    """Delete the pending self-registered accounts of ``email`` (nobody proved the address;
    they never signed in, so they hold nothing). How many."""
    users = get_user_model()
    ids = list(
        pending_registrations()
        .filter(Q(user__email__iexact=email) | Q(user__username__iexact=email))
        .values_list("user_id", flat=True)
    )
    if not ids:
        return 0
    return users.objects.filter(pk__in=ids).delete()[1].get(users._meta.label, 0)


def self_registration_purge(*, now=None) -> int:
    """Delete the pending accounts whose confirmation link has run out (``CONFIRMATION_DAYS``):
    nobody proved the address, so nothing is kept about it. For ``brobygger daily``. How many."""
    now = now or timezone.now()
    stale = pending_registrations().filter(requested_at__lt=now - timedelta(days=CONFIRMATION_DAYS))
    users = get_user_model()
    ids = list(stale.values_list("user_id", flat=True))
    return users.objects.filter(pk__in=ids).delete()[1].get(users._meta.label, 0) if ids else 0
