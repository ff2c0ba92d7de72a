"""A SAML 2.0 identity provider for the tests: pysaml2's own IdP (``saml2.server.Server``).

Used two ways:
- as a process (``python -m tests.sso.saml_idp STATE_DIR``), an HTTP server on 127.0.0.1 with
  its own sign-in page, for the browser tests (``/log-out-everywhere?user=&sp=`` starts a
  single logout at the IdP: its signed LogoutRequest to the SP); it reads
  ``STATE_DIR/users.json`` at each sign-in, so a test changes a person's roles or level between
  two sign-ins;
- in the test process, to make signed answers (and tampered, expired, replayed ones, and ones for
  another audience) with the IdP's key, for the tests of our assertion consumer.

A user in users.json: ``{"password": ..., "name_id": ..., "level": <AuthnContextClassRef>,
"privileges": [job-function roles], "email": ..., "name": ...}``; ``settings.json`` may say
``{"encrypt": true}``.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import sys
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import saml2.assertion
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_REDIRECT, time_util
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

SUBSTANTIAL = "https://data.gov.dk/concept/core/nsis/loa/Substantial"
LOW = "https://data.gov.dk/concept/core/nsis/loa/Low"
PRIVILEGES = "https://data.gov.dk/model/core/eid/privilegesIntermediate"
EMAIL = "https://data.gov.dk/model/core/eid/email"
FULL_NAME = "https://data.gov.dk/model/core/eid/fullName"
XMLSEC = "/usr/bin/xmlsec1"


def keypair(directory: Path, name: str) -> tuple[Path, Path]:
    """A fresh RSA key and self-signed certificate (PEM files ``name.key``, ``name.crt``)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / f"{name}.key", directory / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


def privilege_attribute(
    roles: list[str], scope: str = "urn:dk:gov:saml:cvrNumberIdentifier:1"
) -> str:
    """OIOSAML 3's privilege attribute value: base64 of the Basic Privilege Profile XML."""
    items = "".join(f"<Privilege>{html.escape(role)}</Privilege>" for role in roles)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<bpp:PrivilegeList xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile">'
        f'<PrivilegeGroup Scope="{scope}">{items}</PrivilegeGroup></bpp:PrivilegeList>'
    )
    return base64.b64encode(xml.encode()).decode()


def idp_config(*, base_url: str, key: Path, cert: Path, sp_metadata: Path | None):
    config = IdPConfig()
    config.load(
        {
            "entityid": f"{base_url}/metadata",
            "xmlsec_binary": XMLSEC,
            "key_file": str(key),
            "cert_file": str(cert),
            "encryption_keypairs": [{"key_file": str(key), "cert_file": str(cert)}],
            "metadata": {"local": [str(sp_metadata)]} if sp_metadata else {},
            "accepted_time_diff": 60,
            "service": {
                "idp": {
                    "name": "Test IdP",
                    "endpoints": {
                        "single_sign_on_service": [(f"{base_url}/sso", BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(f"{base_url}/slo", BINDING_HTTP_REDIRECT)],
                    },
                    "want_authn_requests_signed": True,
                    "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": 5},
                            "name_form": NAME_FORMAT_URI,
                            "attribute_restrictions": None,
                        }
                    },
                }
            },
        }
    )
    return config


def idp_metadata(config) -> str:
    metadata = create_metadata_string(None, config=config, valid=24)
    return metadata.decode() if isinstance(metadata, bytes) else metadata


def identity(user: dict) -> dict:
    return {
        PRIVILEGES: [privilege_attribute(user.get("privileges", []))],
        EMAIL: [user.get("email", "")],
        FULL_NAME: [user.get("name", "")],
    }


@contextmanager
def idp_clock(offset_seconds: int):
    """The IdP's clock ``offset_seconds`` off ours while it writes an assertion (the validity
    times of its Conditions: NotBefore, NotOnOrAfter). pysaml2's IdP reads the time through
    ``saml2.assertion.instant`` and ``in_a_while``; only the IdP's use of them is shifted."""
    instant, in_a_while = saml2.assertion.instant, saml2.assertion.in_a_while

    def shifted_instant(*args, **kwargs):
        return time_util.instant(time_stamp=int(time.time()) + offset_seconds)

    def shifted_in_a_while(**kwargs):
        kwargs["seconds"] = kwargs.get("seconds", 0) + offset_seconds
        return time_util.in_a_while(**kwargs)

    saml2.assertion.instant, saml2.assertion.in_a_while = shifted_instant, shifted_in_a_while
    try:
        yield
    finally:
        saml2.assertion.instant, saml2.assertion.in_a_while = instant, in_a_while


def signed_response(
    server: Server,
    *,
    user: dict,
    in_response_to: str,
    acs_url: str,
    audience: str,
    encrypt: bool = False,
    clock_offset_seconds: int = 0,
) -> str:
    """A response with the assertion signed by the IdP's key (and encrypted to the SP)."""
    with idp_clock(clock_offset_seconds):
        return _signed_response(server, user, in_response_to, acs_url, audience, encrypt)


def _signed_response(server, user, in_response_to, acs_url, audience, encrypt) -> str:
    response = server.create_authn_response(
        identity=identity(user),
        in_response_to=in_response_to,
        destination=acs_url,
        sp_entity_id=audience,
        name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=user["name_id"]),
        authn={"class_ref": user.get("level", SUBSTANTIAL), "authn_auth": server.config.entityid},
        sign_response=False,
        sign_assertion=True,
        encrypt_assertion=encrypt,
        encrypted_advice_attributes=False,
    )
    return str(response)


def post_form(action: str, fields: dict[str, str]) -> str:
    inputs = "".join(
        f'<input type="hidden" name="{name}" value="{html.escape(value)}">'
        for name, value in fields.items()
    )
    return (
        '<!doctype html><html lang="da"><head><title>Test-IdP</title></head><body>'
        f'<form method="post" action="{html.escape(action)}">{inputs}'
        '<button type="submit">Fortsæt til Brobygger</button></form></body></html>'
    )


class IdP:
    def __init__(self, state_dir: Path):
        self.state_dir = state_dir
        settings = json.loads((state_dir / "idp.json").read_text())
        self.base_url = settings["base_url"]
        self.server = Server(
            config=idp_config(
                base_url=self.base_url,
                key=Path(settings["key"]),
                cert=Path(settings["cert"]),
                sp_metadata=Path(settings["sp_metadata"]),
            )
        )
        self.pending: dict[str, tuple] = {}

    def users(self) -> dict:
        return json.loads((self.state_dir / "users.json").read_text())

    def options(self) -> dict:
        path = self.state_dir / "settings.json"
        return json.loads(path.read_text()) if path.exists() else {}


def make_handler(idp: IdP):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 (the base class's name)
            sys.stderr.write("idp: " + (format % args) + "\n")

        def _send(self, status: int, body: str = "", headers: dict | None = None):
            data = body.encode()
            self.send_response(status)
            for name, value in (headers or {"Content-Type": "text/html; charset=utf-8"}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802 (http.server's name)
            url = urlparse(self.path)
            query = {name: values[0] for name, values in parse_qs(url.query).items()}
            if url.path == "/metadata":
                metadata = idp_metadata(idp.server.config)
                return self._send(200, metadata, {"Content-Type": "application/samlmetadata+xml"})
            if url.path == "/sso":
                return self._sso(query)
            if url.path == "/slo":
                return self._slo(query)
            if url.path == "/log-out-everywhere":
                return self._logout_everywhere(query)
            return self._send(404, "not found")

        def _logout_everywhere(self, query):
            """Single logout started here (the person logs out in another system): our signed
            LogoutRequest for ``?user=`` to the SP, by HTTP-Redirect through the browser."""
            user = idp.users()[query["user"]]
            sp_entity_id = query["sp"]
            binding, destination = idp.server.pick_binding(
                "single_logout_service", [BINDING_HTTP_REDIRECT], "spsso", entity_id=sp_entity_id
            )
            _id, request = idp.server.create_logout_request(
                destination,
                sp_entity_id,
                name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=user["name_id"]),
                sign=False,
            )
            http = idp.server.apply_binding(
                binding, str(request), destination, "", sign=True,
                sigalg="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            )  # fmt: skip
            return self._send(302, "", dict(http["headers"]))

        def _sso(self, query):
            request = idp.server.parse_authn_request(
                query["SAMLRequest"],
                BINDING_HTTP_REDIRECT,
                relay_state=query.get("RelayState"),
                sigalg=query.get("SigAlg"),
                signature=query.get("Signature"),
            )
            key = request.message.id
            idp.pending[key] = (request.message, query.get("RelayState", ""))
            page = (
                '<!doctype html><html lang="da"><head><title>Test-IdP: log ind</title></head>'
                '<body><h1>Test-IdP</h1><form method="post" action="/login">'
                f'<input type="hidden" name="key" value="{html.escape(key)}">'
                '<label>Brugernavn <input name="username"></label>'
                '<label>Adgangskode <input name="password" type="password"></label>'
                '<button type="submit">Log ind hos IdP</button></form></body></html>'
            )
            return self._send(200, page)

        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlparse(self.path).path != "/login":
                return self._send(404, "not found")
            message, relay_state = idp.pending.pop(form["key"])
            user = idp.users().get(form.get("username", ""))
            if user is None or user["password"] != form.get("password"):
                return self._send(403, "<p>Forkert brugernavn eller adgangskode</p>")
            acs = message.assertion_consumer_service_url
            response = signed_response(
                idp.server,
                user=user,
                in_response_to=message.id,
                acs_url=acs,
                audience=message.issuer.text,
                encrypt=bool(idp.options().get("encrypt")),
            )
            fields = {"SAMLResponse": base64.b64encode(response.encode()).decode()}
            if relay_state:
                fields["RelayState"] = relay_state
            return self._send(200, post_form(acs, fields))

        def _slo(self, query):
            if "SAMLResponse" in query:  # the SP's answer to our LogoutRequest
                page = (
                    '<!doctype html><html lang="da"><head><title>Test-IdP</title></head>'
                    '<body><h1 id="idp-logged-out">Du er logget ud</h1></body></html>'
                )
                return self._send(200, page)
            request = idp.server.parse_logout_request(
                query["SAMLRequest"],
                BINDING_HTTP_REDIRECT,
                relay_state=query.get("RelayState"),
                sigalg=query.get("SigAlg"),
                signature=query.get("Signature"),
            )
            response = idp.server.create_logout_response(
                request.message, [BINDING_HTTP_REDIRECT], sign=False
            )
            binding, destination = idp.server.pick_binding(
                "single_logout_service",
                [BINDING_HTTP_REDIRECT],
                "spsso",
                entity_id=request.message.issuer.text,
            )
            http = idp.server.apply_binding(
                binding,
                str(response),
                destination,
                query.get("RelayState", ""),
                response=True,
                sign=True,
                sigalg="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            )
            return self._send(302, "", dict(http["headers"]))

    return Handler


def main(state_dir: str) -> None:
    idp = IdP(Path(state_dir))
    port = urlparse(idp.base_url).port
    ThreadingHTTPServer(("127.0.0.1", port), make_handler(idp)).serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
