"""Finding 8: a forgotten password is reset by e-mail, without telling whether an address is
known, and the link points at the configured site rather than the request's host."""

from __future__ import annotations

import re

import pytest

FORGOT = "/konto/glemt-adgangskode/"


@pytest.fixture
def kirsten(db, django_user_model):
    return django_user_model.objects.create_user(
        "kirsten", "kirsten@example.org", "an-old-password-17"
    )


def test_it_links_to_password_reset_from_the_login_page(client):
    assert FORGOT in client.get("/konto/log-ind/").content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(FORGOT).content.decode()
    assert "If we know it, we send a link" in page  # our page, not the admin site's


def test_it_mails_a_link_that_sets_a_new_password(client, kirsten, mailoutbox, settings):
    settings.SITE_URL = "https://brobygger.example"
    client.cookies["django_language"] = "en"  # the mail speaks the language of the request
    response = client.post(FORGOT, {"email": "kirsten@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["kirsten@example.org"]
    assert "Choose a new password for Brobygger" in mailoutbox[0].subject
    link = re.search(r"https://brobygger\.example(/konto/nulstil/\S+/)", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    form_url = client.get(link.group(1))["Location"]  # Django swaps the token for the session
    new = "a-new-password-for-kirsten-42"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    kirsten.refresh_from_db()
    assert kirsten.check_password(new)
    again = client.get(link.group(1), follow=True)  # the link works once
    assert again.status_code == 200 and b'name="new_password1"' not in again.content


def test_it_answers_an_unknown_address_exactly_as_a_known_one(client, kirsten, mailoutbox):
    known = client.post(FORGOT, {"email": "kirsten@example.org"})
    unknown = client.post(FORGOT, {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mailoutbox) == 1
    page = client.get(unknown["Location"]).content.decode()
    assert "nobody@example.org" not in page


def test_it_limits_reset_mails_per_address(client, kirsten, mailoutbox):
    for _ in range(20):
        response = client.post(FORGOT, {"email": "kirsten@example.org"})
        assert response.status_code == 302
    assert 1 <= len(mailoutbox) <= 5
