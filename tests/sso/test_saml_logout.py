"""Single logout at our ``ls`` endpoint: only messages signed by the IdP (its key in the
metadata) are used. A LogoutRequest from the IdP (single logout started elsewhere) and a
LogoutResponse (the answer to a logout started here) that are unsigned, signed with another
key, or changed after signing are refused (400) and end no session; a LogoutResponse must also
answer a logout this browser started, once. pysaml2's IdP in the test process makes the
messages with the IdP's key, and with a throw-away key for the forgeries."""

from __future__ import annotations

import base64
import logging
from urllib.parse import parse_qs, parse_qsl, urlencode, urlparse

import pytest
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, samlp
from saml2.s_utils import deflate_and_base64_encode
from saml2.saml import NAMEID_FORMAT_PERSISTENT, Issuer, NameID
from saml2.server import Server
from saml2.sigver import verify_redirect_signature
from saml2.time_util import instant
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from tests.sso import saml_idp
from tests.sso.conftest import SP_ENTITY_ID
from tests.sso.test_saml_acs import ACS, BROKER, answer_for, start

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
SLS = "/konto/sso/saml/sls/"
SLS_POST = "/konto/sso/saml/sls/post/"
FORGERIES = ["unsigned", "other_key", "tampered"]
BINDINGS = {"redirect": BINDING_HTTP_REDIRECT, "post": BINDING_HTTP_POST}
VIEWS_LOGGER = "brobygger.accounts.sso.saml_views"


def signed_in(client, setup) -> Server:
    """The broker signed in through SAML; the IdP (with its key) that signed her in."""
    server, message, _query = start(client, setup)
    answer = client.post(ACS, {"SAMLResponse": answer_for(server, message, setup)})
    assert answer.status_code == 302
    assert still_signed_in(client)
    return server


def still_signed_in(client) -> bool:
    return client.get("/formidler/i-dag/").status_code == 200


def forger(setup, tmp_path) -> Server:
    """Someone who calls himself our IdP (its entity id) with a key of his own."""
    key, cert = saml_idp.keypair(tmp_path, "forger")
    return Server(
        config=saml_idp.idp_config(
            base_url=setup.idp_base_url, key=key, cert=cert, sp_metadata=setup.sp_metadata
        )
    )


def b64(xml: str) -> str:
    return base64.b64encode(xml.encode()).decode()


def location_path(answer) -> str:
    return answer["Location"].removeprefix(SITE)


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlparse(url).query))


def send(client, binding: str, fields: dict[str, str]):
    """The browser brings the fields to our ``ls`` endpoint: in the query (HTTP-Redirect) or
    as a form (HTTP-POST)."""
    if binding == BINDING_HTTP_REDIRECT:
        return client.get(f"{SLS}?{urlencode(fields)}")
    return client.post(SLS_POST, fields)


# --- LogoutRequests: single logout started at the IdP ---------------------------------------


def _logout_request(server: Server, binding: str, name_id: str, *, sign: bool):
    destination = SITE + (SLS if binding == BINDING_HTTP_REDIRECT else SLS_POST)
    _id, request = server.create_logout_request(
        destination,
        SP_ENTITY_ID,
        name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=name_id),
        sign=sign and binding == BINDING_HTTP_POST,  # the POST binding: signed in the XML
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    return str(request)


def logout_request_fields(server: Server, binding: str, *, name_id=BROKER["name_id"], sign=True):
    """The IdP's LogoutRequest for ``name_id``, signed as the binding signs it: HTTP-Redirect
    in the query (SigAlg, Signature), HTTP-POST in the XML."""
    xml = _logout_request(server, binding, name_id, sign=sign)
    if binding == BINDING_HTTP_POST:
        return {"SAMLRequest": b64(xml)}
    http = server.apply_binding(
        BINDING_HTTP_REDIRECT, xml, SITE + SLS, relay_state="", sign=sign, sigalg=SIG_RSA_SHA256
    )
    return query_of(dict(http["headers"])["Location"])


def forged_logout_request(kind: str, server: Server, other: Server, binding: str) -> dict:
    if kind == "unsigned":
        return logout_request_fields(server, binding, sign=False)
    if kind == "other_key":
        return logout_request_fields(other, binding)
    # tampered: the IdP signed a logout of someone else; the NameID is changed to ours
    genuine = logout_request_fields(server, binding, name_id="kombit-someone-else")
    if binding == BINDING_HTTP_POST:
        xml = base64.b64decode(genuine["SAMLRequest"]).decode()
        assert "kombit-someone-else" in xml
        return {"SAMLRequest": b64(xml.replace("kombit-someone-else", BROKER["name_id"]))}
    ours = _logout_request(server, binding, BROKER["name_id"], sign=False)
    return {**genuine, "SAMLRequest": deflate_and_base64_encode(ours).decode()}


def refusal_logged(caplog, message_type: str) -> bool:
    warnings = [
        r for r in caplog.records if r.name == VIEWS_LOGGER and r.levelno == logging.WARNING
    ]
    return any(message_type in r.getMessage() for r in warnings)


@pytest.mark.parametrize("binding", BINDINGS.values(), ids=BINDINGS.keys())
@pytest.mark.parametrize("kind", FORGERIES)
def test_it_refuses_a_forged_logout_request_and_obeys_the_idps(
    client, saml_setup, tmp_path, caplog, kind, binding
):
    server = signed_in(client, saml_setup)
    fields = forged_logout_request(kind, server, forger(saml_setup, tmp_path), binding)

    with caplog.at_level(logging.WARNING):
        answer = send(client, binding, fields)
    assert answer.status_code == 400
    assert b'id="sso-logout-refused"' in answer.content
    assert still_signed_in(client)  # no logout
    assert refusal_logged(caplog, "LogoutRequest")
    assert BROKER["name_id"] not in caplog.text  # no personal data in the log

    # the IdP's own, signed: the session ends, and the IdP gets our signed LogoutResponse
    answer = send(client, binding, logout_request_fields(server, binding))
    assert answer.status_code == 302
    assert answer["Location"].startswith(f"{saml_setup.idp_base_url}/slo?SAMLResponse=")
    assert not still_signed_in(client)
    query = query_of(answer["Location"])
    assert query["SigAlg"] == SIG_RSA_SHA256
    [(_name, our_cert)] = server.metadata.certs(SP_ENTITY_ID, "spsso", "signing")
    assert verify_redirect_signature(query, server.sec.sec_backend, our_cert)
    response = server.parse_logout_request_response(query["SAMLResponse"], BINDING_HTTP_REDIRECT)
    assert response.response.status.status_code.value == samlp.STATUS_SUCCESS


def test_a_logout_request_for_a_session_without_saml_is_checked_first(client, saml_setup, people):
    """A signed-in local user (no SAML subject): an unsigned LogoutRequest does not end the
    session either (djangosaml2 alone logs such a session out before it reads the message)."""
    client.force_login(people["analyst"])
    assert client.get("/indsigt/").status_code == 200
    fields = logout_request_fields(saml_setup.server(), BINDING_HTTP_REDIRECT, sign=False)
    assert send(client, BINDING_HTTP_REDIRECT, fields).status_code == 400
    assert client.get("/indsigt/").status_code == 200


# --- LogoutResponses: the IdP's answer to a logout started here -----------------------------


def logout_response_fields(
    server: Server, binding: str, in_response_to: str, *, sign=True, relay_state=""
) -> dict:
    """The IdP's LogoutResponse (Success) to our LogoutRequest ``in_response_to``."""
    ours = samlp.LogoutRequest(
        id=in_response_to, version="2.0", issue_instant=instant(), issuer=Issuer(text=SP_ENTITY_ID)
    )
    response = server.create_logout_response(
        ours,
        [binding],
        sign=sign and binding == BINDING_HTTP_POST,
        sign_alg=SIG_RSA_SHA256,
        digest_alg=DIGEST_SHA256,
    )
    if binding == BINDING_HTTP_POST:
        fields = {"SAMLResponse": b64(str(response))}
        return {**fields, "RelayState": relay_state} if relay_state else fields
    http = server.apply_binding(
        BINDING_HTTP_REDIRECT, str(response), SITE + SLS, relay_state,
        response=True, sign=sign, sigalg=SIG_RSA_SHA256,
    )  # fmt: skip
    return query_of(dict(http["headers"])["Location"])


@pytest.mark.parametrize("binding", BINDINGS.values(), ids=BINDINGS.keys())
@pytest.mark.parametrize("kind", ["unsigned", "other_key", "signed_but_unasked"])
def test_a_logout_response_to_no_logout_of_ours_ends_no_session(
    client, saml_setup, tmp_path, caplog, kind, binding
):
    server = signed_in(client, saml_setup)
    signer = forger(saml_setup, tmp_path) if kind == "other_key" else server
    fields = logout_response_fields(signer, binding, "id-never-asked", sign=kind != "unsigned")
    with caplog.at_level(logging.WARNING):
        answer = send(client, binding, fields)
    assert answer.status_code == 400
    assert b'id="sso-logout-refused"' in answer.content
    assert still_signed_in(client)
    assert refusal_logged(caplog, "LogoutResponse")


@pytest.mark.parametrize("binding", BINDINGS.values(), ids=BINDINGS.keys())
def test_a_logout_started_here_ends_with_the_idps_signed_answer_once(
    client, saml_setup, tmp_path, binding
):
    server = signed_in(client, saml_setup)
    answer = client.get("/konto/sso/saml/log-ud/")  # to the IdP, with our signed LogoutRequest
    assert answer["Location"].startswith(f"{saml_setup.idp_base_url}/slo?SAMLRequest=")
    query = {k: v[0] for k, v in parse_qs(urlparse(answer["Location"]).query).items()}
    request = server.parse_logout_request(
        query["SAMLRequest"],
        BINDING_HTTP_REDIRECT,
        relay_state=query.get("RelayState"),
        sigalg=query.get("SigAlg"),
        signature=query.get("Signature"),
    )
    asked, relay_state = request.message.id, query["RelayState"]
    other = forger(saml_setup, tmp_path)

    for signer, sign in ((server, False), (other, True)):
        fields = logout_response_fields(signer, binding, asked, sign=sign, relay_state=relay_state)
        assert send(client, binding, fields).status_code == 400

    genuine = logout_response_fields(server, binding, asked, relay_state=relay_state)
    answer = send(client, binding, genuine)
    assert answer.status_code == 302 and location_path(answer) == "/"
    assert not still_signed_in(client)
    assert send(client, binding, genuine).status_code == 400  # once: a replay is refused
