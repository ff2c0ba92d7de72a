"""Demo mode: the embedded local default only (DEBUG on and SQLite), never in production.

Demo content (made-up referrals, example initiatives, demo users) is created, shown and counted
only while this is true, and is always marked as demo. Real figures and exports exclude it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models


def demo_mode() -> bool:
    """True on the embedded local default: ``DEBUG`` on and the SQLite database."""
    return bool(settings.DEBUG) and connection.vendor == "sqlite"


class DemoRowsQuerySet(models.QuerySet):
    """Rows of a model that has ``is_demo``."""

    def real(self) -> DemoRowsQuerySet:
        return self.filter(is_demo=False)

    def demo(self) -> DemoRowsQuerySet:
        return self.filter(is_demo=True)


class RealRowsManager(models.Manager.from_queryset(DemoRowsQuerySet)):  # type: ignore[misc]
    """The default manager (``objects``): demo rows are left out, always. A figure, export,
    print, API answer or reminder built on it cannot count them, whatever the mode."""

    def get_queryset(self) -> DemoRowsQuerySet:
        return super().get_queryset().filter(is_demo=False)


class WithDemoManager(models.Manager.from_queryset(DemoRowsQuerySet)):  # type: ignore[misc]
    """``with_demo``: what a page shows when it asks for demo content too: the real rows, and
    in demo mode only (``demo_mode``) the demo rows, which the page labels "Demo"."""

    def get_queryset(self) -> DemoRowsQuerySet:
        rows = super().get_queryset()
        return rows if demo_mode() else rows.filter(is_demo=False)


def demo_managers() -> tuple[RealRowsManager, WithDemoManager, models.Manager]:
    """The three managers of a model with demo rows, in the order a model declares them:
    ``objects`` (real rows only, the default), ``with_demo`` and ``all_rows`` (everything:
    the demo seed, row locks by primary key, deletion and the admin)."""
    return RealRowsManager(), WithDemoManager(), models.Manager()


class AllRowsAdminMixin:
    """Django admin (superusers) lists every row, demo ones too: its list shows ``is_demo``."""

    def get_queryset(self, request):
        return self.model.all_rows.all()  # type: ignore[attr-defined]
