"""Single sign-on tests (marker ``sso``): real identity providers started on 127.0.0.1.

- OpenID Connect: ``oidc-provider-mock`` (a full OIDC provider for tests, on Authlib) as its own
  process; each test sets its users' claims through the provider's ``PUT /users/<sub>``.
- SAML 2.0: pysaml2's own IdP (``saml2.server.Server``) in a small HTTP process of the tests
  (``tests/sso/saml_idp.py``), signing with a key pair the tests make.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from brobygger.accounts.sso import oidc
from brobygger.referrals import services
from brobygger.referrals.models import Arena
from tests.browser.conftest import _no_csp_violations  # noqa: F401 (fixture)
from tests.referrals.conftest import citizen
from tests.waiting import wait_for

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent

MAPPING = """\
roles:
  - idp: "Brobygger Formidler"
    role: broker
  - idp: "Brobygger Analytiker"
    role: analyst
  - idp: "Brobygger Jobcenter"
    role: staff
    arena: "Jobcenter Aarhus"
  - idp: "Brobygger Ventilen"
    role: editor
    organisation: "Ventilen"
"""


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/sso/" in str(item.fspath):
            item.add_marker(pytest.mark.sso)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


class Process:
    """A server the tests started, stopped at the end; its output goes to a file."""

    def __init__(self, args: list[str], *, log: Path, ready_url: str, env=None):
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                args, stdout=out, stderr=subprocess.STDOUT, env=env or os.environ.copy()
            )
        try:
            wait_for(
                lambda: self.process.poll() is not None or _answers(ready_url),
                timeout=60,
                what=f"{args[0]} to answer at {ready_url}",
            )
        except AssertionError:
            self.stop()
            raise
        if self.process.poll() is not None:
            raise AssertionError(f"{args[0]} ended: {log.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class OidcProvider:
    def __init__(self, url: str):
        self.url = url
        self.discovery = f"{url}/.well-known/openid-configuration"

    def user_set(self, sub: str, **claims) -> None:
        """The claims the provider gives ``sub`` from now on (roles, amr, acr, e-mail...)."""
        answer = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=10)
        assert answer.status_code == 204, answer.text


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """oidc-provider-mock on 127.0.0.1, nonces required, as its own process."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    server = Process(
        [str(VENV_BIN / "oidc-provider-mock"), "--host", "127.0.0.1", "--port", str(port),
         "--require-nonce", "true"],
        log=log,
        ready_url=f"{url}/.well-known/openid-configuration",
    )  # fmt: skip
    yield OidcProvider(url)
    server.stop()


@pytest.fixture
def mapping_file(tmp_path) -> Path:
    path = tmp_path / "sso-roles.yaml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


@pytest.fixture
def sso_settings(settings, mapping_file):
    """Single sign-on on: the mapping file, the name on the button; our TOTP as the fallback."""
    settings.SSO_NAME = "Aarhus Kommune"
    settings.SSO_MAPPING_FILE = str(mapping_file)
    settings.SSO_REQUIRE_MFA = False
    return settings


@pytest.fixture
def oidc_settings(sso_settings, oidc_provider):
    sso_settings.SSO_OIDC_DISCOVERY_URL = oidc_provider.discovery
    sso_settings.SSO_OIDC_CLIENT_ID = "brobygger-test"
    sso_settings.SSO_OIDC_CLIENT_SECRET = "test-secret"
    sso_settings.SSO_OIDC_ROLES_CLAIM = "roles"
    oidc._client.cache_clear()
    yield sso_settings
    oidc._client.cache_clear()


SP_ENTITY_ID = "https://brobygger.test/saml"


class SamlSetup:
    """Our SP and pysaml2's IdP configured for each other: key pairs, both metadata files."""

    def __init__(self, settings, directory: Path, idp_base_url: str, site_url: str):
        from tests.sso import saml_idp

        self.directory = directory
        self.idp_base_url = idp_base_url
        self.idp_key, self.idp_cert = saml_idp.keypair(directory, "idp")
        sp_key, sp_cert = saml_idp.keypair(directory, "sp")
        bare = saml_idp.idp_config(
            base_url=idp_base_url, key=self.idp_key, cert=self.idp_cert, sp_metadata=None
        )
        idp_metadata = directory / "idp-metadata.xml"
        idp_metadata.write_text(str(saml_idp.idp_metadata(bare)), encoding="utf-8")
        settings.SITE_URL = site_url
        settings.SSO_SAML_METADATA_FILE = str(idp_metadata)
        settings.SSO_SAML_METADATA_URL = ""
        settings.SSO_SAML_ENTITY_ID = SP_ENTITY_ID
        settings.SSO_SAML_KEY_FILE = str(sp_key)
        settings.SSO_SAML_CERT_FILE = str(sp_cert)
        settings.SSO_SAML_WANT_ENCRYPTED = False
        from django.test import Client

        answer = Client().get("/konto/sso/saml/metadata/")
        assert answer.status_code == 200, answer.content[:500]
        self.sp_metadata = directory / "sp-metadata.xml"
        self.sp_metadata.write_bytes(answer.content)
        self.acs_url = site_url.rstrip("/") + "/konto/sso/saml/acs/"

    def server(self):
        """pysaml2's IdP in this process, with the IdP's key (for signed test answers)."""
        from saml2.server import Server

        from tests.sso import saml_idp

        return Server(
            config=saml_idp.idp_config(
                base_url=self.idp_base_url,
                key=self.idp_key,
                cert=self.idp_cert,
                sp_metadata=self.sp_metadata,
            )
        )


@pytest.fixture
def saml_setup(sso_settings, tmp_path):
    """For the tests of our assertion consumer through Django's test client."""
    return SamlSetup(sso_settings, tmp_path, "http://127.0.0.1:9/idp", "http://testserver")


class SamlIdpProcess:
    def __init__(self, setup: SamlSetup, log: Path):
        self.setup = setup
        state = setup.directory
        (state / "idp.json").write_text(
            json.dumps(
                {
                    "base_url": setup.idp_base_url,
                    "key": str(setup.idp_key),
                    "cert": str(setup.idp_cert),
                    "sp_metadata": str(setup.sp_metadata),
                }
            )
        )
        self.users_set({})
        self.process = Process(
            [sys.executable, "-m", "tests.sso.saml_idp", str(state)],
            log=log,
            ready_url=f"{setup.idp_base_url}/metadata",
            env={**os.environ, "PYTHONPATH": str(HERE.parents[1])},
        )

    def users_set(self, users: dict) -> None:
        """The IdP's users from now on (read at each sign-in)."""
        path = self.setup.directory / "users.json"
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(users))
        temporary.replace(path)

    def options_set(self, **options) -> None:
        (self.setup.directory / "settings.json").write_text(json.dumps(options))


@pytest.fixture
def saml_idp(sso_settings, tmp_path, live_server):
    """pysaml2's IdP as its own HTTP process on 127.0.0.1, configured with our SP's metadata.

    It is named ``localhost`` like the live server, so the two are one site for the browser:
    over plain HTTP the SAML session cookie cannot be ``SameSite=None`` (that needs Secure,
    i.e. HTTPS, as production has), so here it is Lax, which a same-site POST carries."""
    sso_settings.SAML_SESSION_COOKIE_SAMESITE = "Lax"
    idp_url = f"http://localhost:{free_port()}"
    setup = SamlSetup(sso_settings, tmp_path, idp_url, live_server.url)
    idp = SamlIdpProcess(setup, tmp_path / "idp.log")
    yield idp
    idp.process.stop()


@pytest.fixture
def page(chromium, live_server):  # noqa: F811 (the imported fixture)
    context = chromium.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def a_case(people, settings):
    """A new case, due for first contact today (so "I dag" lists it)."""
    settings.REFERRALS_FIRST_CONTACT_DAYS = 0
    arena = Arena.objects.get(name="Jobcenter Aarhus")
    case, _ = services.referral_submit(
        user=people["staff"], arena=arena, citizen_fields=citizen("Anna Andersen"),
        consent=services.ConsentGiven(),
    )  # fmt: skip
    return case
