"""Fill the embedded default with demo content, app by app, on every `brobygger setup`.

Each app that has demo content has a ``demo`` module (or names another module below) with a
``demo_seed() -> str | None`` function: idempotent (it creates only what is missing), marked as
demo, and returning one line for the console (or None when nothing was made). Called only in
demo mode (``core.demo.demo_mode()``: DEBUG on and SQLite); never in production.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator

# In order: users first (the examples' contact persons are demo users), then the example
# initiatives, then what refers to them.
DEMO_MODULES = (
    "brobygger.accounts.demo",
    "brobygger.directory.demo",
    "brobygger.referrals.demo",
    "brobygger.activities.demo",
    "brobygger.network.demo",
    "brobygger.insights.trend",
)


def seed_demo_content() -> Iterator[str]:
    """Run every app's ``demo_seed`` that exists; yield the lines they report."""
    for name in DEMO_MODULES:
        if importlib.util.find_spec(name) is None:
            continue
        seed = getattr(importlib.import_module(name), "demo_seed", None)
        if seed is None:
            continue
        line = seed()
        if line:
            yield line
