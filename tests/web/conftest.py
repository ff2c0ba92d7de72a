"""Fixtures for the page chrome: everyone of ``people`` plus a volunteer, and English pages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from brobygger.accounts.roles import GROUP_VOLUNTEER


@pytest.fixture
def everyone(people, django_user_model):
    """One user per role, a volunteer included (``people`` has none)."""
    volunteer = django_user_model.objects.create_user(
        username="volunteer", password="pw-volunteer", email="volunteer@example.org"
    )
    volunteer.groups.add(Group.objects.get_or_create(name=GROUP_VOLUNTEER)[0])
    return {**people, "volunteer": volunteer}


@pytest.fixture
def english(client):
    """The client with English chosen in the language switcher."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
