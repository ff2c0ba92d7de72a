"""`brobygger check` (Django's deploy checks) on the single sign-on settings."""

from __future__ import annotations

from django.core import checks

from brobygger.accounts.sso.checks import sso_config_check


def ids(settings) -> list[str]:
    return sorted(message.id for message in sso_config_check())


def test_nothing_configured_is_nothing_to_say(settings):
    assert ids(settings) == []


def test_it_is_registered_as_a_deploy_check(settings):
    settings.SSO_OIDC_DISCOVERY_URL = "https://login.example/.well-known/openid-configuration"
    found = checks.run_checks(include_deployment_checks=True, tags=["brobygger"])
    assert "brobygger.E112" in {message.id for message in found}


def test_oidc_needs_its_client_a_secret_tls_and_a_valid_mapping(settings, tmp_path):
    settings.SSO_OIDC_DISCOVERY_URL = "http://login.example/.well-known/openid-configuration"
    assert ids(settings) == [
        "brobygger.E100", "brobygger.E110", "brobygger.E111", "brobygger.E112", "brobygger.W100",
    ]  # fmt: skip
    mapping = tmp_path / "roles.yaml"
    mapping.write_text("roles:\n  - {idp: A, role: staff}\n")
    settings.SSO_OIDC_DISCOVERY_URL = "https://login.example/.well-known/openid-configuration"
    settings.SSO_OIDC_CLIENT_ID, settings.SSO_OIDC_CLIENT_SECRET = "brobygger", "s3cret"
    settings.SSO_MAPPING_FILE, settings.SSO_NAME = str(mapping), "Aarhus Kommune"
    [message] = sso_config_check()
    assert message.id == "brobygger.E101" and "roles.0" in message.msg
    mapping.write_text("roles:\n  - {idp: A, role: broker}\n")
    assert ids(settings) == []


def test_saml_needs_entity_id_key_cert_and_readable_files(settings, tmp_path):
    settings.SSO_SAML_METADATA_FILE = str(tmp_path / "missing.xml")
    assert ids(settings) == [
        "brobygger.E100", "brobygger.E120", "brobygger.E122", "brobygger.E123",
        "brobygger.E124", "brobygger.W100",
    ]  # fmt: skip
