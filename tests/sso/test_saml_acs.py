"""Our SAML assertion consumer against answers signed with the IdP's key (pysaml2's IdP in
the test process): the good one signs in; a tampered, an expired, a replayed one and one for
another audience are refused; the NSIS level is asked for and checked."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlparse

import pytest
from defusedxml import ElementTree
from django.contrib.auth import get_user_model
from saml2 import BINDING_HTTP_REDIRECT
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NameID

from brobygger.accounts.sso.models import SsoIdentity
from tests.sso import saml_idp
from tests.sso.conftest import SP_ENTITY_ID

pytestmark = pytest.mark.django_db

BROKER = {
    "name_id": "kombit-anne-1",
    "privileges": ["Brobygger Formidler"],
    "email": "anne@aarhus.dk",
    "name": "Anne Formidler",
    "level": saml_idp.SUBSTANTIAL,
}
ACS = "/konto/sso/saml/acs/"


def start(client, setup):
    """Our AuthnRequest (the IdP checks its signature) and the IdP that answers it."""
    answer = client.get("/konto/sso/saml/log-ind/")
    assert answer.status_code == 302
    query = {k: v[0] for k, v in parse_qs(urlparse(answer["Location"]).query).items()}
    server = setup.server()
    request = server.parse_authn_request(
        query["SAMLRequest"],
        BINDING_HTTP_REDIRECT,
        relay_state=query.get("RelayState"),
        sigalg=query.get("SigAlg"),
        signature=query.get("Signature"),
    )
    return server, request.message, query


def answer_for(server, message, setup, user=BROKER, **kwargs) -> str:
    kwargs.setdefault("audience", SP_ENTITY_ID)
    xml = saml_idp.signed_response(
        server, user=user, in_response_to=message.id, acs_url=setup.acs_url, **kwargs
    )
    return base64.b64encode(xml.encode()).decode()


def refused(response) -> bool:
    return response.status_code == 403 and b'id="sso-refused"' in response.content


def test_it_signs_the_request_and_asks_for_nsis_substantial(client, saml_setup):
    _server, message, query = start(client, saml_setup)
    assert query["SigAlg"] == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    assert query["Signature"]
    context = message.requested_authn_context
    assert context.comparison == "minimum"
    assert [ref.text for ref in context.authn_context_class_ref] == [saml_idp.SUBSTANTIAL]


def test_it_signs_a_broker_in_with_a_signed_assertion(client, saml_setup):
    server, message, _query = start(client, saml_setup)
    answer = client.post(ACS, {"SAMLResponse": answer_for(server, message, saml_setup)})
    assert answer.status_code == 302 and answer["Location"] == "/konto/videre/"
    user = SsoIdentity.objects.get(subject="kombit-anne-1").user
    assert list(user.groups.values_list("name", flat=True)) == ["broker"]
    assert (user.email, user.first_name, user.last_name) == ("anne@aarhus.dk", "Anne", "Formidler")
    # NSIS Substantial counts as the second factor: "I dag" opens without our TOTP
    assert client.get("/formidler/i-dag/").status_code == 200


def test_it_refuses_a_tampered_assertion(client, saml_setup):
    server, message, _query = start(client, saml_setup)
    xml = base64.b64decode(answer_for(server, message, saml_setup)).decode()
    original = saml_idp.privilege_attribute(["Brobygger Formidler"])
    assert original in xml
    tampered = xml.replace(original, saml_idp.privilege_attribute(["Brobygger Analytiker"]))
    answer = client.post(ACS, {"SAMLResponse": base64.b64encode(tampered.encode()).decode()})
    assert refused(answer)
    assert not get_user_model().objects.filter(sso_identities__isnull=False).exists()


def test_it_refuses_an_expired_assertion(client, saml_setup):
    server, message, _query = start(client, saml_setup)
    # written ten minutes ago, valid for five: expired beyond the two minutes' tolerance
    encoded = answer_for(server, message, saml_setup, clock_offset_seconds=-600)
    answer = client.post(ACS, {"SAMLResponse": encoded})
    assert refused(answer)
    assert not SsoIdentity.objects.exists()


@pytest.mark.parametrize("offset", [90, -(300 + 90)])
def test_it_tolerates_an_idp_clock_a_little_off(client, saml_setup, offset):
    """NotBefore 90 s ahead of our clock, or NotOnOrAfter 90 s behind it: within
    SSO_CLOCK_SKEW_SECONDS (120)."""
    server, message, _query = start(client, saml_setup)
    encoded = answer_for(server, message, saml_setup, clock_offset_seconds=offset)
    assert client.post(ACS, {"SAMLResponse": encoded}).status_code == 302


def test_it_refuses_an_idp_clock_too_far_ahead(client, saml_setup, settings):
    settings.SSO_CLOCK_SKEW_SECONDS = 30
    server, message, _query = start(client, saml_setup)
    encoded = answer_for(server, message, saml_setup, clock_offset_seconds=90)
    assert refused(client.post(ACS, {"SAMLResponse": encoded}))


def test_it_refuses_a_replayed_assertion(client, saml_setup):
    server, message, _query = start(client, saml_setup)
    encoded = answer_for(server, message, saml_setup)
    assert client.post(ACS, {"SAMLResponse": encoded}).status_code == 302
    client.post("/konto/log-ud/")
    assert refused(client.post(ACS, {"SAMLResponse": encoded}))
    assert client.get("/formidler/i-dag/").status_code == 302  # to the sign-in page


def test_it_refuses_an_assertion_for_another_audience(client, saml_setup):
    server, message, _query = start(client, saml_setup)
    encoded = answer_for(server, message, saml_setup, audience="https://other.example/sp")
    assert refused(client.post(ACS, {"SAMLResponse": encoded}))
    assert not SsoIdentity.objects.exists()


def test_it_asks_for_our_code_after_a_weaker_level(client, saml_setup):
    server, message, _query = start(client, saml_setup)
    weak = {**BROKER, "level": saml_idp.LOW}
    answer = client.post(ACS, {"SAMLResponse": answer_for(server, message, saml_setup, weak)})
    assert answer.status_code == 302
    assert client.get("/formidler/i-dag/")["Location"].startswith("/konto/to-trin/")


def test_it_refuses_a_weaker_level_when_mfa_is_required(client, saml_setup, settings):
    settings.SSO_REQUIRE_MFA = True
    server, message, _query = start(client, saml_setup)
    weak = {**BROKER, "level": saml_idp.LOW}
    answer = client.post(ACS, {"SAMLResponse": answer_for(server, message, saml_setup, weak)})
    assert refused(answer) and b'data-reason="weak"' in answer.content


def test_it_requires_encryption_when_configured(client, saml_setup, settings):
    settings.SSO_SAML_WANT_ENCRYPTED = True
    server, message, _query = start(client, saml_setup)
    assert refused(client.post(ACS, {"SAMLResponse": answer_for(server, message, saml_setup)}))
    server, message, _query = start(client, saml_setup)
    encrypted = answer_for(server, message, saml_setup, encrypt=True)
    assert b"EncryptedAssertion" in base64.b64decode(encrypted)
    assert client.post(ACS, {"SAMLResponse": encrypted}).status_code == 302


def test_its_metadata_asks_for_signed_assertions_and_offers_single_logout(client, saml_setup):
    root = ElementTree.fromstring(client.get("/konto/sso/saml/metadata/").content)
    md = "{urn:oasis:names:tc:SAML:2.0:metadata}"
    assert root.get("entityID") == SP_ENTITY_ID
    sp = root.find(f"{md}SPSSODescriptor")
    assert root.find(f"{md}IDPSSODescriptor") is None  # signed logout requests: saml_config
    assert (sp.get("AuthnRequestsSigned"), sp.get("WantAssertionsSigned")) == ("true", "true")
    uses = sorted(key.get("use") for key in sp.findall(f"{md}KeyDescriptor"))
    assert uses == ["encryption", "signing"]
    logout = [s.get("Location") for s in sp.findall(f"{md}SingleLogoutService")]
    assert "http://testserver/konto/sso/saml/sls/" in logout


def test_a_logout_request_from_the_idp_ends_our_session(client, saml_setup):
    """Single logout started at the IdP (another system's log-out): its signed LogoutRequest
    ends the session here, and we answer with a LogoutResponse to the IdP."""
    server, message, _query = start(client, saml_setup)
    assert (
        client.post(ACS, {"SAMLResponse": answer_for(server, message, saml_setup)}).status_code
        == 302
    )
    assert client.get("/formidler/i-dag/").status_code == 200
    _id, request = server.create_logout_request(
        destination="http://testserver/konto/sso/saml/sls/",
        issuer_entity_id=SP_ENTITY_ID,
        name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=BROKER["name_id"]),
        sign=False,
    )
    http = server.apply_binding(
        BINDING_HTTP_REDIRECT, str(request), "http://testserver/konto/sso/saml/sls/",
        relay_state="", sign=True, sigalg="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    )  # fmt: skip
    location = dict(http["headers"])["Location"]
    answer = client.get(location.removeprefix("http://testserver"))
    assert answer.status_code == 302
    assert answer["Location"].startswith(f"{saml_setup.idp_base_url}/slo?SAMLResponse=")
    assert client.get("/formidler/i-dag/").status_code == 302  # signed out


def test_the_idps_post_needs_no_csrf_token(saml_setup):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    server, message, _query = start(browser, saml_setup)
    answer = browser.post(ACS, {"SAMLResponse": answer_for(server, message, saml_setup)})
    assert answer.status_code == 302 and answer["Location"] == "/konto/videre/"
