"""Checks of the single logout messages the IdP sends to our ``ls`` endpoint, before anything
acts on them: only messages the IdP signed (a signing key from its metadata) are used.

- LogoutRequest (single logout started at the IdP): pysaml2 parses it and checks the signature,
  because ``saml_config.signed_requests_required`` makes a signature compulsory; over
  HTTP-Redirect the query's ``SigAlg`` and ``Signature`` must be passed on (djangosaml2's own
  view does not), over HTTP-POST the signature is in the XML.
- LogoutResponse (the answer to a logout started here): pysaml2 checks a signature in the XML
  when there is one, but requires none and never checks a query signature. So: it must answer
  a LogoutRequest this browser sent (``state``; then used up, so a replay is refused), come from
  the IdP that request went to, and be signed: in the query over HTTP-Redirect (checked with
  pysaml2's ``verify_redirect_signature``), in the XML over HTTP-POST.

A refusal is a ``LogoutRefused`` whose text is safe to log: it never holds the message, a
NameID or other personal data."""

from __future__ import annotations

from saml2 import BINDING_HTTP_REDIRECT
from saml2.response import StatusError
from saml2.sigver import verify_redirect_signature


class LogoutRefused(Exception):
    """A logout message we do not act on; the text says why, without personal data."""


def signature_fields(data) -> dict:
    """What pysaml2 needs of the query to check an HTTP-Redirect signature. RelayState is
    signed only when it was sent, so an absent one stays None (not "")."""
    return {
        "relay_state": data.get("RelayState"),
        "sigalg": data.get("SigAlg"),
        "signature": data.get("Signature"),
    }


def logout_request_checked(client, data, binding):
    """The IdP's LogoutRequest (``data["SAMLRequest"]``), parsed and its signature checked by
    pysaml2. Raises LogoutRefused: unsigned, signed with another key, changed after signing,
    not for us, or not a LogoutRequest at all."""
    try:
        request = client.parse_logout_request(
            data["SAMLRequest"], binding, **signature_fields(data)
        )
    except Exception as error:  # whatever pysaml2 does not accept is not used
        raise LogoutRefused(type(error).__name__) from None
    if request is None:
        raise LogoutRefused("not a readable LogoutRequest")
    return request


def logout_response_checked(client, state, data, binding):
    """The IdP's LogoutResponse (``data["SAMLResponse"]``) to a LogoutRequest of ours in
    ``state`` (djangosaml2's StateCache of this browser), signed by that IdP. Takes the request
    out of ``state`` (the caller syncs it). Raises LogoutRefused, or pysaml2's StatusError when
    the IdP answered that its logout failed."""
    try:
        response = client.parse_logout_request_response(data["SAMLResponse"], binding)
    except StatusError:
        raise
    except Exception as error:
        raise LogoutRefused(type(error).__name__) from None
    if response is None or response.response is None:
        raise LogoutRefused("not a readable LogoutResponse")
    asked = state.get(response.in_response_to or "")
    issuer = response.issuer()
    if not asked or asked.get("operation") != "SLO" or issuer not in asked.get("entity_ids", []):
        raise LogoutRefused("not an answer to a logout started in this browser")
    if binding == BINDING_HTTP_REDIRECT:
        if not redirect_signature_valid(client, issuer, data, "SAMLResponse"):
            raise LogoutRefused("no valid signature in the query")
    elif response.response.signature is None:  # a signature there was checked by pysaml2
        raise LogoutRefused("unsigned")
    del state[response.in_response_to]
    return response


def redirect_signature_valid(client, issuer: str, data, message_field: str) -> bool:
    """The HTTP-Redirect binding's signature over the query, with a signing key of ``issuer``'s
    IdP metadata (what pysaml2 does for requests in ``Request._do_redirect_sig_check``)."""
    if not data.get("SigAlg") or not data.get("Signature"):
        return False
    fields = (message_field, "RelayState", "SigAlg", "Signature")
    signed = {name: data[name] for name in fields if name in data}
    try:
        certs = client.metadata.certs(issuer, "idpsso", "signing")
        return any(
            verify_redirect_signature(signed, client.sec.sec_backend, cert) for _n, cert in certs
        )
    except Exception:  # an unknown issuer or algorithm, a broken signature: not valid
        return False
