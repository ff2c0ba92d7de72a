"""Issue 19, finding 1: an invited editor's account must not be taken over by someone who
registered the address first. The account belongs to whoever proves the address, with the
password they choose then; a password chosen before the address is confirmed never survives,
and an invitation that meets an unconfirmed account does not inherit it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client

from brobygger.directory.models import Organization

pytestmark = pytest.mark.django_db
User = get_user_model()
VICTIM = "nina@example.org"
ATTACKER_PASSWORD = "angriberens-kodeord-42"
VICTIM_PASSWORD = "Ninas-eget-kodeord-2026!"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _register_as_attacker(client):
    response = client.post(
        "/aktiviteter/konto/",
        {"name": "Nina Nielsen", "email": VICTIM, "password": ATTACKER_PASSWORD,
         "password1": ATTACKER_PASSWORD, "password2": ATTACKER_PASSWORD},
    )  # fmt: skip
    assert response.status_code == 200
    client.cookies.clear()


def _code(body: str) -> str:
    found = re.search(r"#kode=([A-Za-z0-9_-]+)", body)
    assert found, body
    return found.group(1)


def _signs_in(username: str, password: str) -> bool:
    """Through the sign-in page, as the attacker would."""
    attacker = Client()
    attacker.post("/konto/log-ind/", {"username": username, "password": password})
    return "_auth_user_id" in attacker.session


def _nobody_signs_in_with(password: str) -> bool:
    return all(not user.check_password(password) for user in User.objects.all())


def test_it_never_stores_a_password_given_before_the_address_is_confirmed(client):
    _register_as_attacker(client)
    assert _nobody_signs_in_with(ATTACKER_PASSWORD)
    user = User.objects.get(email=VICTIM)
    assert not user.is_active and not user.has_usable_password()


def test_the_person_who_confirms_the_address_sets_the_password(client):
    _register_as_attacker(client)
    code = _code(mail.outbox[-1].body)
    victim = client.__class__()
    page = victim.get("/aktiviteter/konto/bekraeft/")
    assert page.status_code == 200 and b'id="id_code"' in page.content
    done = victim.post(
        "/aktiviteter/konto/bekraeft/",
        {"code": code, "new_password1": VICTIM_PASSWORD, "new_password2": VICTIM_PASSWORD},
    )
    assert done.status_code == 302
    nina = User.objects.get(email=VICTIM)
    assert nina.is_active and nina.check_password(VICTIM_PASSWORD)
    assert _nobody_signs_in_with(ATTACKER_PASSWORD)
    assert not _signs_in(VICTIM, ATTACKER_PASSWORD)


def test_an_invitation_does_not_inherit_an_unconfirmed_account(client, people):
    _register_as_attacker(client)
    pending = User.objects.get(email=VICTIM)
    ventilen = Organization.objects.get(name="Ventilen")
    client.force_login(people["administrator"])
    invited = client.post(
        "/konto/inviter/", {"email": VICTIM, "organisation": ventilen.pk, "name": "Nina"}
    )
    assert invited.status_code == 302
    client.logout()
    code = _code(mail.outbox[-1].body)
    victim = client.__class__()
    opened = victim.post("/konto/invitation/", {"code": code})
    assert opened.status_code == 302
    page = victim.get(opened["Location"])
    assert b'name="new_password1"' in page.content  # not "log in with your user"
    accepted = victim.post(
        opened["Location"],
        {"first_name": "Nina", "last_name": "Nielsen",
         "new_password1": VICTIM_PASSWORD, "new_password2": VICTIM_PASSWORD},
    )  # fmt: skip
    assert accepted.status_code == 302
    editor = ventilen.memberships.get(user__email__iexact=VICTIM).user
    assert editor.email == VICTIM and editor.check_password(VICTIM_PASSWORD)
    assert editor.get_full_name() == "Nina Nielsen"
    assert not User.objects.filter(pk=pending.pk).exclude(pk=editor.pk).exists()
    assert User.objects.filter(email__iexact=VICTIM).count() == 1
    assert _nobody_signs_in_with(ATTACKER_PASSWORD)


def test_the_attack_from_the_review_gives_the_attacker_nothing(client, people):
    """Register first, the administrator invites, the victim confirms, signs in and accepts."""
    _register_as_attacker(client)
    confirm_code = _code(mail.outbox[-1].body)
    ventilen = Organization.objects.get(name="Ventilen")
    client.force_login(people["administrator"])
    client.post("/konto/inviter/", {"email": VICTIM, "organisation": ventilen.pk})
    client.logout()
    invitation_code = _code(mail.outbox[-1].body)
    victim = client.__class__()
    victim.post(
        "/aktiviteter/konto/bekraeft/",
        {"code": confirm_code, "new_password1": VICTIM_PASSWORD,
         "new_password2": VICTIM_PASSWORD},
    )  # fmt: skip
    opened = victim.post("/konto/invitation/", {"code": invitation_code})
    assert victim.post(opened["Location"]).status_code == 302
    assert ventilen.memberships.filter(user__email=VICTIM).exists()
    assert _signs_in(VICTIM, VICTIM_PASSWORD) and not _signs_in(VICTIM, ATTACKER_PASSWORD)
    assert _nobody_signs_in_with(ATTACKER_PASSWORD)


def test_asking_again_for_an_unconfirmed_address_sends_a_new_code(client):
    _register_as_attacker(client)
    _register_as_attacker(client)
    assert len(mail.outbox) == 2 and User.objects.filter(email=VICTIM).count() == 1
    victim = client.__class__()
    done = victim.post(
        "/aktiviteter/konto/bekraeft/",
        {"code": _code(mail.outbox[-1].body), "new_password1": VICTIM_PASSWORD,
         "new_password2": VICTIM_PASSWORD},
    )  # fmt: skip
    assert done.status_code == 302
    assert User.objects.get(email=VICTIM).check_password(VICTIM_PASSWORD)


def test_it_deletes_unconfirmed_accounts_once_their_link_has_run_out(client, people):
    from datetime import timedelta

    from django.utils import timezone

    from brobygger.accounts.registration import self_registration_purge
    from brobygger.accounts.token_generators import CONFIRMATION_DAYS

    _register_as_attacker(client)
    assert self_registration_purge() == 0
    later = timezone.now() + timedelta(days=CONFIRMATION_DAYS, minutes=1)
    assert self_registration_purge(now=later) == 1
    assert not User.objects.filter(email=VICTIM).exists()
    assert User.objects.filter(pk=people["citizen"].pk).exists()
