"""Issue 19, finding 9b: invitation, welcome and confirmation links must keep their token out of
the access log. The token travels after ``#`` (a browser never sends it), a page asks for the
code (filled in from the address by a static script, or pasted), and the code is posted. Old
links with the token in the path get that page and are not accepted."""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from typer.testing import CliRunner

from brobygger.accounts.links import invitation_token
from brobygger.accounts.models import Invitation
from brobygger.cli import app
from brobygger.directory.models import Organization

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Fællesskab-2026!"
SCRIPT = "web/code_from_address.js"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _link(body: str, path: str) -> str:
    found = re.search(r"(https?://\S+?" + re.escape(path) + r"\S*)", body)
    assert found, body
    return found.group(1)


def _token_only_after_hash(link: str) -> str:
    parts = urlsplit(link)
    assert parts.query == "" and parts.fragment.startswith("kode=")
    code = parts.fragment.removeprefix("kode=")
    assert len(code) > 20 and code not in parts.path
    return code


def _asks_for_the_code(page) -> bool:
    html = page.content.decode()
    return page.status_code == 200 and 'id="id_code"' in html and SCRIPT in html


def _invite(client, people, email="ny@example.org"):
    client.force_login(people["administrator"])
    ventilen = Organization.objects.get(name="Ventilen")
    client.post("/konto/inviter/", {"email": email, "organisation": ventilen.pk, "name": "Nina"})
    client.logout()
    return _link(mail.outbox[-1].body, "/konto/invitation/")


def test_the_invitation_link_carries_its_token_after_the_hash(client, people, caplog):
    code = _token_only_after_hash(_invite(client, people))
    with caplog.at_level(logging.DEBUG):
        page = client.get("/konto/invitation/")
        assert _asks_for_the_code(page)
        opened = client.post("/konto/invitation/", {"code": code})
        assert opened.status_code == 302 and code not in opened["Location"]
        accepted = client.post(
            opened["Location"],
            {"first_name": "Nina", "last_name": "N",
             "new_password1": PASSWORD, "new_password2": PASSWORD},
        )  # fmt: skip
    assert accepted.status_code == 302
    assert User.objects.get(email="ny@example.org").organisation_memberships.exists()
    assert code not in "\n".join(r.getMessage() for r in caplog.records)


def test_an_old_invitation_link_asks_for_the_code_and_is_not_accepted(client, people):
    token, digest = invitation_token()
    _invite(client, people)
    Invitation.objects.update(digest=digest)  # the link as an old mail had it
    page = client.get(f"/konto/invitation/{token}/", follow=True)
    assert page.redirect_chain == [("/konto/invitation/", 302)] and _asks_for_the_code(page)
    assert token not in page.content.decode()
    assert token not in str(dict(client.session))
    accept = client.get("/konto/invitation/accepter/")
    assert accept.status_code == 404  # nothing was taken from the path


def test_the_welcome_link_carries_its_token_after_the_hash(client, settings):
    settings.SITE_URL = "https://brobygger.example"
    result = CliRunner().invoke(
        app, ["users", "add", "kirsten", "--email", "kirsten@example.org", "--role", "analyst"]
    )
    assert result.exit_code == 0, result.stderr
    link = _link(result.stdout, "/konto/velkommen/")
    assert link in mail.outbox[-1].body
    code = _token_only_after_hash(link)
    assert _asks_for_the_code(client.get("/konto/velkommen/"))
    opened = client.post("/konto/velkommen/", {"code": code})
    assert opened.status_code == 302 and code.rsplit("-", 1)[1] not in opened["Location"]
    form = client.get(opened["Location"])
    assert b'id="welcome-form"' in form.content
    done = client.post(opened["Location"], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done.status_code == 302
    assert User.objects.get(username="kirsten").check_password(PASSWORD)


def test_an_old_welcome_link_asks_for_the_code_and_is_not_accepted(client):
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from brobygger.accounts.token_generators import welcome_token_generator

    kirsten = User.objects.create_user("kirsten", "kirsten@example.org")
    uid = urlsafe_base64_encode(force_bytes(kirsten.pk))
    token = welcome_token_generator.make_token(kirsten)
    page = client.get(f"/konto/velkommen/{uid}/{token}/", follow=True)
    assert page.redirect_chain == [("/konto/velkommen/", 302)] and _asks_for_the_code(page)
    assert b'id="welcome-form"' not in page.content
    assert token not in str(dict(client.session))


def test_the_confirmation_link_carries_its_token_after_the_hash(client, caplog):
    client.post("/aktiviteter/konto/", {"name": "Ane Vært", "email": "ane@example.org"})
    code = _token_only_after_hash(_link(mail.outbox[-1].body, "/aktiviteter/konto/bekraeft/"))
    with caplog.at_level(logging.DEBUG):
        assert _asks_for_the_code(client.get("/aktiviteter/konto/bekraeft/"))
        done = client.post(
            "/aktiviteter/konto/bekraeft/",
            {"code": code, "new_password1": PASSWORD, "new_password2": PASSWORD},
        )
    assert done.status_code == 302
    assert User.objects.get(email="ane@example.org").is_active
    assert code not in "\n".join(r.getMessage() for r in caplog.records)


def test_an_old_confirmation_link_asks_for_the_code_and_is_not_accepted(client):
    from brobygger.accounts.token_generators import account_confirmation_token_generator

    client.post("/aktiviteter/konto/", {"name": "Ane Vært", "email": "ane@example.org"})
    ane = User.objects.get(email="ane@example.org")
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(ane.pk))
    token = account_confirmation_token_generator.make_token(ane)
    page = client.get(f"/aktiviteter/konto/bekraeft/{uid}/{token}/", follow=True)
    assert page.redirect_chain == [("/aktiviteter/konto/bekraeft/", 302)]
    assert _asks_for_the_code(page)
    assert token not in page.content.decode()
    ane.refresh_from_db()
    assert not ane.is_active and "_auth_user_id" not in client.session
