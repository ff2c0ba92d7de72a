"""Finding 12 (fail closed): `var/` and the files in it (the database, uploads, results) are
created readable by their owner only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_it_creates_var_and_the_database_for_the_owner_only(tmp_path):
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    env.update(
        DJANGO_SETTINGS_MODULE="brobygger.config.settings",
        SECRET_KEY="s" * 60,
        BROBYGGER_VAR_DIR=str(var),
    )
    code = "import sys; from brobygger.cli import app; sys.argv = ['brobygger', 'setup']; app()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    database = var / "brobygger.sqlite3"
    assert database.exists()
    assert stat.S_IMODE(database.stat().st_mode) & 0o077 == 0, oct(database.stat().st_mode)
