"""The sign-in page: "Log in with <municipality>" first when single sign-on is configured."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def page(client) -> str:
    client.cookies["django_language"] = "en"
    return client.get("/konto/log-ind/?next=/formidler/i-dag/").content.decode()


def test_without_single_sign_on_only_the_local_form_shows(client):
    html = page(client)
    assert 'id="sso"' not in html and 'name="password"' in html


def test_with_single_sign_on_its_button_comes_before_the_local_form(client, saml_setup):
    html = page(client)
    button = '<a class="button" href="/konto/sso/saml/log-ind/?next=%2Fformidler%2Fi-dag%2F">'
    assert button + "Log in with Aarhus Kommune</a>" in html
    assert html.index(button) < html.index('name="password"')
    assert "Log in with a user name and password" in html


def test_the_oidc_button_keeps_the_next_page(client, sso_settings):
    sso_settings.SSO_OIDC_DISCOVERY_URL = "https://login.example/.well-known/openid-configuration"
    sso_settings.SSO_OIDC_CLIENT_ID = "brobygger"
    assert 'href="/konto/sso/oidc/log-ind/?next=%2Fformidler%2Fi-dag%2F"' in page(client)


@pytest.mark.parametrize(
    "path", ["/konto/sso/saml/log-ind/", "/konto/sso/saml/metadata/", "/konto/sso/oidc/log-ind/"]
)
def test_the_endpoints_are_not_found_while_single_sign_on_is_off(client, path):
    assert client.get(path).status_code == 404
