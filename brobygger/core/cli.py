"""The Django ground of every ``brobygger`` command that touches the database."""

from __future__ import annotations

import os


def django_setup() -> None:
    """Configure Django (``brobygger.config.settings``) before a command imports a model."""
    os.umask(0o077)  # files we write (database, uploads, results, exports) are owner-only
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
    import django

    django.setup()
