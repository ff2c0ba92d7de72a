"""Review of issue 19, findings 1 and 2 (B): a pending self-registration is an account nobody has
proved, which the daily job deletes after ``CONFIRMATION_DAYS``. Migration 0006 marked every
inactive user who never signed in, with the address as user name and no group, as one. But
editors and frontline staff are memberships, not groups, and a user with only API tokens never
signs in: a deactivated one of those must never be marked, confirmed (reactivated) or deleted.
0006 has never run anywhere unfixed (it lands with this fix). And ``users add`` must not give a
role to a pending account: it is discarded and the user made anew, as an invitation does."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from brobygger.accounts.models import ApiToken, SelfRegistration
from brobygger.accounts.registration import (
    RegistrationUnusable,
    self_registration_confirm,
    self_registration_purge,
    self_registration_request,
)
from brobygger.accounts.services import user_add
from brobygger.accounts.token_generators import (
    CONFIRMATION_DAYS,
    account_confirmation_token_generator,
    code_make,
)
from brobygger.directory.models import Organization, OrganizationMembership
from brobygger.referrals.models import Arena, ArenaMembership

pytestmark = pytest.mark.django_db
User = get_user_model()
KINDS = ("editor", "staff", "token", "group", "is_staff", "is_superuser")


def _deactivated(kind: str):
    """A deactivated user of ``kind`` who never signed in, with the address as user name: what
    0006 took for an account asked for and never confirmed."""
    address = f"{kind.replace('_', '-')}@example.org"
    user = User.objects.create_user(username=address, email=address, password="pw-Gammel-2025")
    user.is_active = False
    if kind in ("is_staff", "is_superuser"):
        setattr(user, kind, True)
    user.save()
    if kind == "editor":
        organisation = Organization.objects.create(name="Ventilen")
        OrganizationMembership.objects.create(user=user, organization=organisation)
    elif kind == "staff":
        ArenaMembership.objects.create(user=user, arena=Arena.objects.create(name="Jobcenter"))
    elif kind == "token":
        ApiToken.objects.create(user=user, name="integration", digest="0" * 64)
    elif kind == "group":
        user.groups.add(Group.objects.get_or_create(name="analyst")[0])
    return user


def _plain_request():
    """An account asked for before 0006: inactive, never signed in, no role."""
    user = User.objects.create_user(username="lis@example.org", email="lis@example.org",
                                    password="pw-Chosen-By-Anyone")  # fmt: skip
    user.is_active = False
    user.save()
    return user


def _migration(name: str):
    return importlib.import_module(f"brobygger.accounts.migrations.{name}")


@pytest.mark.parametrize("kind", KINDS)
def test_it_leaves_a_deactivated_user_with_a_role_or_key_unmarked_in_0006(kind):
    user = _deactivated(kind)
    plain = _plain_request()
    _migration("0006_self_registration").mark_earlier_requests(global_apps, None)
    assert not SelfRegistration.objects.filter(user=user).exists()
    user.refresh_from_db()
    assert user.has_usable_password()  # their password is not dropped either
    assert SelfRegistration.objects.filter(user=plain).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_it_never_deletes_a_marked_user_with_a_role_or_key(kind):
    user = _deactivated(kind)
    SelfRegistration.objects.create(user=user)  # marked by 0006 before it was fixed
    SelfRegistration.objects.filter(user=user).update(
        requested_at=timezone.now() - timedelta(days=CONFIRMATION_DAYS + 30)
    )
    self_registration_purge()
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_it_never_confirms_nor_reactivates_a_marked_user_with_a_role_or_key(kind):
    user = _deactivated(kind)
    SelfRegistration.objects.create(user=user)
    code = code_make(user, account_confirmation_token_generator)
    with pytest.raises(RegistrationUnusable):
        self_registration_confirm(code=code, password="Ny-Adgangskode-2026!")
    user.refresh_from_db()
    assert not user.is_active and user.check_password("pw-Gammel-2025")


def test_it_still_deletes_a_stale_pending_account_without_roles():
    requested = self_registration_request(email="lis@example.org", name="Lis")
    assert requested.code
    SelfRegistration.objects.update(
        requested_at=timezone.now() - timedelta(days=CONFIRMATION_DAYS + 1)
    )
    assert self_registration_purge() == 1
    assert not User.objects.filter(email="lis@example.org").exists()


def test_it_gives_a_role_to_a_fresh_user_not_to_a_pending_self_registration():
    """Someone asked for an account with the address; before anyone proved it, an
    administrator adds that address as an editor: the pending account is discarded."""
    Organization.objects.create(name="Ventilen")
    self_registration_request(email="nina@example.org", name="Nina")
    pending = User.objects.get(username="nina@example.org")
    code = code_make(pending, account_confirmation_token_generator)

    added = user_add(username="nina@example.org", email="nina@example.org", role="editor",
                     organisation="Ventilen", base_url="https://brobygger.example")  # fmt: skip

    assert added.created and added.role_added and added.link
    assert added.user.pk != pending.pk and not User.objects.filter(pk=pending.pk).exists()
    assert not SelfRegistration.objects.filter(user=added.user).exists()
    assert added.user.is_active and not added.user.has_usable_password()
    assert added.user.organisation_memberships.filter(organization__name="Ventilen").exists()
    with pytest.raises(RegistrationUnusable):  # the requester's link confirms nothing now
        self_registration_confirm(code=code, password="Angriberens-2026!")
