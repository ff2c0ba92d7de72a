"""Single sign-on tests (marker ``sso``): real identity providers started on 127.0.0.1.

- OpenID Connect: ``oidc-provider-mock`` (a full OIDC provider for tests, on Authlib) as its own
  process; each test sets its users' claims through the provider's ``PUT /users/<sub>``.
- SAML 2.0: pysaml2's own IdP (``saml2.server.Server``) in a small HTTP process of the tests
  (``tests/sso/saml_idp.py``), signing with a key pair the tests make.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from brobygger.accounts.sso import oidc
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
