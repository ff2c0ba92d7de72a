"""Activities for the tests: empty outboxes (the host, ``activity`` and ``make_activity`` are in
tests/conftest.py, ``activity_input`` in tests/activities/factories.py)."""

from __future__ import annotations

import pytest
from django.core import mail

from brobygger.core import sms


@pytest.fixture(autouse=True)
def _empty_outboxes():
    sms.outbox.clear()
    mail.outbox = []
    yield
    sms.outbox.clear()
