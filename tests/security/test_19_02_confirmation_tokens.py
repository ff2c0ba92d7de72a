"""Issue 19, finding 2: a password-reset link must not work as an account confirmation (which
signed in and reactivated a deactivated user). Each purpose has its own token generator with
its own salt, hashing ``is_active`` and ``last_login``; a confirmation applies only to a
self-registered account that never signed in; a GET never signs anyone in."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Et-godt-kodeord-2026!"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def deactivated(db):
    user = User.objects.create_user("lis", "lis@example.org", "lis-old-password-42")
    user.last_login = timezone.now()
    user.is_active = False
    user.save()
    return user


def _uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_it_refuses_a_reset_token_in_an_old_confirmation_link(client, deactivated):
    token = default_token_generator.make_token(deactivated)
    response = client.get(f"/aktiviteter/konto/bekraeft/{_uid(deactivated)}/{token}/")
    deactivated.refresh_from_db()
    assert not deactivated.is_active and not _signed_in(client)
    assert response.status_code == 302  # on to the page asking for the code, not signed in
    assert response["Location"] == "/aktiviteter/konto/bekraeft/"


def test_it_refuses_a_reset_token_as_a_confirmation_code(client, deactivated):
    code = f"{_uid(deactivated)}-{default_token_generator.make_token(deactivated)}"
    response = client.post(
        "/aktiviteter/konto/bekraeft/",
        {"code": code, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    deactivated.refresh_from_db()
    assert response.status_code == 404
    assert not deactivated.is_active and not _signed_in(client)
    assert not deactivated.check_password(PASSWORD)


def test_each_purpose_has_its_own_salt():
    from brobygger.accounts.token_generators import (
        AccountConfirmationTokenGenerator,
        WelcomeTokenGenerator,
    )

    salts = {
        AccountConfirmationTokenGenerator.key_salt,
        WelcomeTokenGenerator.key_salt,
        default_token_generator.key_salt,
    }
    assert len(salts) == 3


def test_a_token_of_one_purpose_does_not_pass_for_another(db):
    from brobygger.accounts.token_generators import (
        account_confirmation_token_generator,
        welcome_token_generator,
    )

    user = User.objects.create_user("ole", "ole@example.org")
    generators = [account_confirmation_token_generator, welcome_token_generator,
                  default_token_generator]  # fmt: skip
    for maker in generators:
        token = maker.make_token(user)
        for checker in generators:
            assert checker.check_token(user, token) == (checker is maker)


@pytest.mark.parametrize("change", ["is_active", "last_login"])
def test_a_token_stops_working_when_is_active_or_last_login_changes(db, change):
    from brobygger.accounts.token_generators import (
        account_confirmation_token_generator,
        welcome_token_generator,
    )

    user = User.objects.create_user("ole", "ole@example.org")
    user.is_active = False
    user.save()
    tokens = {g: g.make_token(user) for g in (account_confirmation_token_generator,
                                               welcome_token_generator)}  # fmt: skip
    if change == "is_active":
        user.is_active = True
    else:
        user.last_login = timezone.now()
    for generator, token in tokens.items():
        assert not generator.check_token(user, token)


def _register(client, email="ane@example.org"):
    client.post("/aktiviteter/konto/", {"name": "Ane Vært", "email": email})
    client.cookies.clear()
    return re.search(r"#kode=([A-Za-z0-9_-]+)", mail.outbox[-1].body).group(1)


def test_a_confirmation_get_signs_no_one_in_and_shows_a_button(client):
    code = _register(client)
    link = re.search(r"https?://\S+?(/aktiviteter/konto/bekraeft/)#kode=", mail.outbox[-1].body)
    page = client.get(link.group(1))
    assert page.status_code == 200 and not _signed_in(client)
    html = page.content.decode()
    assert 'method="post"' in html and "<button" in html and code not in html
    assert not User.objects.get(email="ane@example.org").is_active


def test_it_confirms_only_a_self_registered_account_that_never_signed_in(client):
    code = _register(client)
    ane = User.objects.get(email="ane@example.org")
    User.objects.filter(pk=ane.pk).update(last_login=timezone.now())
    response = client.post(
        "/aktiviteter/konto/bekraeft/",
        {"code": code, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 404
    ane.refresh_from_db()
    assert not ane.is_active and not _signed_in(client)


def test_it_does_not_confirm_an_account_that_was_not_self_registered(client, deactivated):
    from brobygger.accounts.token_generators import account_confirmation_token_generator

    User.objects.filter(pk=deactivated.pk).update(last_login=None)
    deactivated.refresh_from_db()
    code = f"{_uid(deactivated)}-{account_confirmation_token_generator.make_token(deactivated)}"
    response = client.post(
        "/aktiviteter/konto/bekraeft/",
        {"code": code, "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert response.status_code == 404
    deactivated.refresh_from_db()
    assert not deactivated.is_active


def test_a_confirmation_works_once(client):
    code = _register(client)
    posted = {"code": code, "new_password1": PASSWORD, "new_password2": PASSWORD}
    first = client.post("/aktiviteter/konto/bekraeft/", posted)
    assert first.status_code == 302 and _signed_in(client)
    assert User.objects.get(email="ane@example.org").is_active
    client.logout()
    again = client.post("/aktiviteter/konto/bekraeft/", posted)
    assert again.status_code == 404 and not _signed_in(client)
