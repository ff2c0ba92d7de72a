"""Fixtures for the page chrome: English pages (``everyone`` is in tests/conftest.py)."""

from __future__ import annotations

import pytest
from django.conf import settings


@pytest.fixture
def english(client):
    """The client with English chosen in the language switcher."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
