"""Fixtures of the directory's tests (the shared ones are in tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.accounts.otp_helpers import VerifiedClient


@pytest.fixture
def client():
    """The test client; signing in a broker or administrator also passes their second factor,
    as the person would with their authenticator app."""
    return VerifiedClient()
