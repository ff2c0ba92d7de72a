"""Organisation invitations: the administrator invites by e-mail; the one-time link (its code
after '#', posted by the page it opens) sets a password and makes the person an editor; used,
withdrawn, resent, expired and unknown codes all fail alike; only administrators invite; the
token is stored only hashed."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from brobygger.accounts.models import Invitation
from brobygger.directory.models import Organization

pytestmark = pytest.mark.django_db
User = get_user_model()
INVITE = "/konto/inviter/"
OPEN = "/konto/invitation/"
ACCEPT = "/konto/invitation/accepter/"
PASSWORD = "Fællesskab-2026!"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ventilen_org(people):
    return Organization.objects.get(name="Ventilen")


def _invite(client, people, organisation, email="ny@example.org", name="Nina Nielsen"):
    client.force_login(people["administrator"])
    response = client.post(INVITE, {"email": email, "organisation": organisation.pk, "name": name})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return _code(mail.outbox[-1].body)


def _code(body: str) -> str:
    return re.search(r"https?://[^/\s]+/konto/invitation/#kode=(\S+)", body).group(1)


def _open(client, code):
    """What the page the link opens does: post the code from the address."""
    return client.post(OPEN, {"code": code})


def _accept(client, code, password=PASSWORD):
    opened = _open(client, code)
    assert opened.status_code == 302 and opened["Location"] == ACCEPT
    return client.post(
        ACCEPT,
        {"first_name": "Nina", "last_name": "Nielsen",
         "new_password1": password, "new_password2": password},
    )  # fmt: skip


def test_it_makes_an_invited_person_an_editor_who_lands_on_their_initiatives(
    client, people, ventilen_org
):
    code = _invite(client, people, ventilen_org)
    assert mail.outbox[-1].to == ["ny@example.org"]
    page = client.get(_open(client, code)["Location"])
    assert page.status_code == 200 and "Ventilen" in page.content.decode()
    assert code not in page.content.decode()
    response = _accept(client, code)
    assert response.status_code == 302 and response["Location"] == "/mine-tilbud/"
    nina = User.objects.get(email="ny@example.org")
    assert nina.check_password(PASSWORD) and nina.get_full_name() == "Nina Nielsen"
    assert nina.organisation_memberships.get().organization == ventilen_org
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == nina and invitation.accepted_at is not None
    assert invitation.invited_by == people["administrator"]
    assert int(client.session["_auth_user_id"]) == nina.pk


def test_a_used_link_does_not_work_again(client, people, ventilen_org):
    code = _invite(client, people, ventilen_org)
    _accept(client, code)
    client.logout()
    assert _open(client, code).status_code == 404
    assert User.objects.filter(email="ny@example.org").count() == 1


def test_an_expired_link_does_not_work(client, people, ventilen_org, settings):
    code = _invite(client, people, ventilen_org)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert _open(client, code).status_code == 404


def test_it_expires_after_the_configured_days(client, people, ventilen_org, settings):
    settings.INVITATION_DAYS = 3
    _invite(client, people, ventilen_org)
    left = Invitation.objects.get().expires_at - timezone.now()
    assert timedelta(days=2, hours=23) < left <= timedelta(days=3)


def test_a_withdrawn_link_does_not_work_even_when_already_opened(client, people, ventilen_org):
    code = _invite(client, people, ventilen_org)
    assert _open(client, code).status_code == 302  # the token sits in the session now
    admin = client.__class__()
    admin.force_login(people["administrator"])
    invitation = Invitation.objects.get()
    assert admin.post(f"{INVITE}{invitation.pk}/tilbagekald/").status_code == 302
    response = _accept_posted(client)
    assert response.status_code == 404
    assert not User.objects.filter(email="ny@example.org").exists()
    assert Invitation.objects.get().revoked_by == people["administrator"]


def _accept_posted(client):
    return client.post(ACCEPT, {"new_password1": PASSWORD, "new_password2": PASSWORD})


def test_sending_again_replaces_the_link(client, people, ventilen_org):
    old = _invite(client, people, ventilen_org)
    client.force_login(people["administrator"])
    client.post(f"{INVITE}{Invitation.objects.get().pk}/send-igen/")
    client.logout()
    new = _code(mail.outbox[-1].body)
    assert new != old
    assert _open(client, old).status_code == 404
    assert _open(client, new).status_code == 302


def test_unknown_used_and_withdrawn_codes_get_the_same_page(client, people, ventilen_org):
    unknown = _open(client, "made-up-token")
    code = _invite(client, people, ventilen_org)
    Invitation.objects.update(revoked_at=timezone.now())
    withdrawn = _open(client, code)
    assert unknown.status_code == withdrawn.status_code == 404
    assert _without_csrf(unknown) == _without_csrf(withdrawn)


def _without_csrf(page) -> str:
    """The page as served, without what differs on every request (CSRF token, own path)."""
    html = page.content.decode().replace(page.wsgi_request.path, "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_it_stores_only_a_hash_of_the_token(client, people, ventilen_org):
    token = _invite(client, people, ventilen_org)
    invitation = Invitation.objects.get()
    assert token not in {str(value) for value in invitation.__dict__.values()}
    assert invitation.digest == hashlib.sha256(token.encode()).hexdigest()  # computed here


@pytest.mark.parametrize("role", ["anonymous", "citizen", "staff", "broker", "editor", "analyst"])
def test_only_an_administrator_may_invite(client, people, ventilen_org, role):
    if people[role]:
        client.force_login(people[role])
    page = client.get(INVITE)
    posted = client.post(INVITE, {"email": "x@example.org", "organisation": ventilen_org.pk})
    assert page.status_code in (302, 403) and posted.status_code in (302, 403)
    if people[role]:
        assert page.status_code == 403
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_person_with_a_user_signs_in_and_accepts(client, people, ventilen_org):
    code = _invite(client, people, ventilen_org, email="CITIZEN@example.org")
    page = client.get(_open(client, code)["Location"])
    assert b"/konto/log-ind/?next=/konto/invitation/accepter/" in page.content
    assert client.post(ACCEPT, {}).status_code == 200  # no new user made
    client.force_login(people["citizen"])
    response = client.post(ACCEPT)
    assert response.status_code == 302 and response["Location"] == "/mine-tilbud/"
    assert people["citizen"].organisation_memberships.get().organization == ventilen_org
    assert User.objects.filter(email__iexact="citizen@example.org").count() == 1


def test_someone_signed_in_with_another_address_cannot_accept(client, people, ventilen_org):
    code = _invite(client, people, ventilen_org)
    client.force_login(people["staff"])
    _open(client, code)
    response = client.post(ACCEPT)
    assert response.status_code == 200
    assert not people["staff"].organisation_memberships.exists()
    assert Invitation.objects.get().accepted_at is None


def test_it_checks_the_password_with_djangos_validators(client, people, ventilen_org):
    code = _invite(client, people, ventilen_org)
    response = _accept(client, code, password="1234")
    assert response.status_code == 200 and b"errorlist" in response.content
    assert not User.objects.filter(email="ny@example.org").exists()


def test_it_refuses_a_second_pending_invitation_to_the_same_place(client, people, ventilen_org):
    _invite(client, people, ventilen_org)
    client.force_login(people["administrator"])
    again = client.post(INVITE, {"email": "NY@example.org", "organisation": ventilen_org.pk})
    assert again.status_code == 200 and b"errorlist" in again.content
    assert Invitation.objects.count() == 1


def test_the_administrator_sees_who_invited_whom(client, people, ventilen_org):
    _invite(client, people, ventilen_org)
    client.force_login(people["administrator"])
    page = client.get(INVITE).content.decode()
    assert 'data-state="pending"' in page and "ny@example.org" in page
    assert people["administrator"].username in page


def test_it_limits_how_often_one_address_may_try_codes(client, people, ventilen_org):
    for _ in range(30):
        _open(client, "guess")
    code = _invite(client, people, ventilen_org)
    assert _open(client, code).status_code == 429
