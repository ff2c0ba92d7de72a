"""Demo mode: the embedded local default only (DEBUG on and SQLite), never in production.

Demo content (made-up referrals, example initiatives, demo users) is created, shown and counted
only while this is true, and is always marked as demo. Real figures and exports exclude it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def demo_mode() -> bool:
    """True on the embedded local default: ``DEBUG`` on and the SQLite database."""
    return bool(settings.DEBUG) and connection.vendor == "sqlite"
