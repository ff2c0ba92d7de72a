"""CI runs the whole suite on PostgreSQL and, on SQLite, only what differs there. A test that
only runs on SQLite (demo mode, or a check of the SQLite engine) must be in that second pass, or
no CI run would ever run it."""

from __future__ import annotations

import re

from tests.conftest import REPO, SQLITE_TOO

SQLITE_ONLY = re.compile(r'vendor\s*!=\s*"sqlite"|vendor\s*==\s*"sqlite"')


def test_it_runs_every_sqlite_only_test_on_the_sqlite_pass():
    missing = []
    for path in sorted((REPO / "tests").rglob("test_*.py")):
        relative = path.relative_to(REPO).as_posix()
        text = path.read_text(encoding="utf-8")
        if not SQLITE_ONLY.search(text) or relative.startswith(SQLITE_TOO):
            continue
        if relative.startswith("tests/browser/") and "demo_mode" in text:
            continue  # its demo-mode tests carry the demo_mode marker
        missing.append(relative)
    assert missing == []
