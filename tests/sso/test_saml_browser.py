"""SAML 2.0 end to end: Chromium through pysaml2's IdP (its own process and sign-in page)."""

from __future__ import annotations

import pytest
from saml2 import BINDING_HTTP_REDIRECT
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID

from brobygger.accounts.sso.models import SsoIdentity
from tests.sso import saml_idp as idp_lib
from tests.sso.conftest import SP_ENTITY_ID

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def person(privileges, level=idp_lib.SUBSTANTIAL, name_id="kombit-anne-1"):
    return {
        "password": "idp-secret",
        "name_id": name_id,
        "privileges": privileges,
        "level": level,
        "email": "anne@aarhus.dk",
        "name": "Anne Formidler",
    }


def sign_in_at_idp(page, username="anne") -> None:
    page.goto("/konto/log-ind/")
    page.get_by_role("link", name="Log ind med Aarhus Kommune").click()
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill("idp-secret")
    page.get_by_role("button", name="Log ind hos IdP").click()
    with page.expect_navigation():  # the POST to our ACS, and its redirects
        page.get_by_role("button", name="Fortsæt til Brobygger").click()


def test_a_broker_signs_in_on_i_dag_and_single_logout_ends_the_session(
    page, saml_idp, a_case, live_server
):
    saml_idp.users_set({"anne": person(["Brobygger Formidler"])})
    sign_in_at_idp(page)
    page.wait_for_url("**/formidler/i-dag/**")
    assert page.locator("#due").get_by_role("link", name=a_case.pseudonym).is_visible()
    assert SsoIdentity.objects.get(subject="kombit-anne-1").protocol == "saml"

    visited = []
    page.on("request", lambda request: visited.append(request.url))
    page.locator("summary .user-name").click()  # the account menu, as a person logs out
    page.locator("#log-out").click()  # to the IdP and back with its LogoutResponse
    page.wait_for_url(lambda url: url.startswith(live_server.url) and "/konto/sso/" not in url)
    assert any(url.startswith(f"{saml_idp.setup.idp_base_url}/slo?SAMLRequest=") for url in visited)
    assert any("/konto/sso/saml/sls/?SAMLResponse=" in url for url in visited)
    answer = page.goto("/formidler/i-dag/")
    assert "/konto/log-ind/" in answer.url


def test_a_role_removed_at_the_idp_is_lost_and_no_role_is_refused(page, saml_idp, people):
    saml_idp.users_set({"anne": person(["Brobygger Formidler", "Brobygger Analytiker"])})
    sign_in_at_idp(page)
    page.wait_for_url("**/formidler/i-dag/**")
    user = SsoIdentity.objects.get(subject="kombit-anne-1").user
    assert set(user.groups.values_list("name", flat=True)) == {"broker", "analyst"}
    page.context.clear_cookies()

    saml_idp.users_set({"anne": person(["Brobygger Analytiker"])})
    sign_in_at_idp(page)
    page.wait_for_url("**/indsigt/**")
    assert set(user.groups.values_list("name", flat=True)) == {"analyst"}
    page.context.clear_cookies()

    saml_idp.users_set({"anne": person(["Et andet system"])})
    sign_in_at_idp(page)
    assert page.locator("#sso-refused").get_attribute("data-reason") == "no_role"
    assert not user.groups.exists()


def test_a_weaker_level_is_asked_for_our_code(page, saml_idp, people):
    saml_idp.users_set({"anne": person(["Brobygger Formidler"], level=idp_lib.LOW)})
    sign_in_at_idp(page)
    page.wait_for_url("**/konto/to-trin/**")


def test_encrypted_assertions_when_required(page, saml_idp, people, settings):
    settings.SSO_SAML_WANT_ENCRYPTED = True
    saml_idp.options_set(encrypt=True)
    saml_idp.users_set({"anne": person(["Brobygger Formidler"])})
    sign_in_at_idp(page)
    page.wait_for_url("**/formidler/i-dag/**")


def unsigned_logout_request_url(setup, site_url: str, name_id: str) -> str:
    """A LogoutRequest for ``name_id`` as anyone can make it: the IdP's entity id as issuer,
    no signature."""
    destination = f"{site_url}/konto/sso/saml/sls/"
    server = setup.server()
    _id, request = server.create_logout_request(
        destination,
        SP_ENTITY_ID,
        name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=name_id),
        sign=False,
    )
    http = server.apply_binding(BINDING_HTTP_REDIRECT, str(request), destination, "", sign=False)
    return dict(http["headers"])["Location"]


def test_single_logout_started_at_the_idp_ends_the_session_and_a_forged_one_does_not(
    page, saml_idp, people, live_server
):
    saml_idp.users_set({"anne": person(["Brobygger Formidler"])})
    sign_in_at_idp(page)
    page.wait_for_url("**/formidler/i-dag/**")

    forged = unsigned_logout_request_url(saml_idp.setup, live_server.url, "kombit-anne-1")
    assert page.goto(forged).status == 400
    assert page.locator("#sso-logout-refused").get_attribute("data-reason") == "refused"
    assert "/formidler/i-dag/" in page.goto("/formidler/i-dag/").url  # still signed in

    # the person logs out in another system: the IdP's signed LogoutRequest, our answer to it
    idp = saml_idp.setup.idp_base_url
    page.goto(f"{idp}/log-out-everywhere?user=anne&sp={SP_ENTITY_ID}")
    page.locator("#idp-logged-out").wait_for()
    assert page.url.startswith(f"{idp}/slo?SAMLResponse=")
    assert "/konto/log-ind/" in page.goto("/formidler/i-dag/").url
