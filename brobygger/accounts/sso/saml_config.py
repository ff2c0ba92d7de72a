"""Placeholder until SAML lands."""


def saml_configured() -> bool:
    return False
