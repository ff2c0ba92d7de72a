"""`brobygger directory import` and `export` on a var dir that was never set up: one line
naming what to run, exit code 2, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

EXAMPLE = "hsds-3.0/examples/service_full.json"


def _brobygger(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DEBUG")}
    env.update(
        DJANGO_SETTINGS_MODULE="brobygger.config.settings",
        SECRET_KEY="s" * 60,
        BROBYGGER_VAR_DIR=str(tmp_path / "var"),
    )
    code = f"import sys; from brobygger.cli import app; sys.argv = {['brobygger', *args]!r}; app()"
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=900,
    )


@pytest.mark.parametrize("command", ["import", "export"])
def test_it_says_in_one_line_that_the_var_dir_was_never_set_up(tmp_path, reference, command):
    target = str(reference / EXAMPLE) if command == "import" else str(tmp_path / "out.json")
    result = _brobygger(tmp_path, "directory", command, target)
    assert result.returncode == 2, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    assert "has not been set up" in lines[0] and "brobygger setup" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "var" / "brobygger.sqlite3").exists()
