"""CI runs the whole suite on PostgreSQL and, on SQLite, only what differs there. A test that
only runs on SQLite (demo mode, or a check of the SQLite engine) must be in that second pass, or
no CI run would ever run it."""

from __future__ import annotations

import os
import re
import subprocess
import sys

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


GROUPED = """
import os
import pytest

pytestmark = pytest.mark.xdist_group("one")


@pytest.mark.parametrize("number", range(6))
def test_it(number):
    with open(os.environ["WORKERS_FILE"], "a") as out:
        out.write(os.environ["PYTEST_XDIST_WORKER"] + "\\n")
"""
SPREAD = """
@__import__("pytest").mark.parametrize("number", range(6))
def test_other(number):
    pass
"""


def test_an_xdist_group_runs_on_one_worker(tmp_path):
    """The slow shared fixtures (the production stack, the synthetic analysis, the demo trend)
    are made once because their tests share an xdist group. pytest 9.2 broke that silently
    (pytest-dev/pytest-xdist#1386): the tests spread over the workers and each made its own."""
    (tmp_path / "test_grouped.py").write_text(GROUPED, encoding="utf-8")
    (tmp_path / "test_spread.py").write_text(SPREAD, encoding="utf-8")
    workers = tmp_path / "workers.txt"
    env = {**os.environ, "WORKERS_FILE": str(workers)}
    env.pop("PYTEST_XDIST_WORKER", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:django",
         "-n", "2", "--dist", "loadgroup", "--rootdir", str(tmp_path), "-c", os.devnull,
         str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    ran_on = workers.read_text(encoding="utf-8").split()
    assert len(ran_on) == 6 and len(set(ran_on)) == 1, ran_on
