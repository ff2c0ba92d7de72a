"""Real processes for the daily-work tests: a fresh SQLite database of their own (migrated as
``brobygger setup`` does), the environment that points a process at it, and a settings module
with a ``DAILY_AT`` of the test's choosing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def sqlite_env(folder: Path, *, settings_module: str = "brobygger.config.test_settings") -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": f"sqlite:///{folder / 'brobygger.sqlite3'}",
        "BROBYGGER_VAR_DIR": str(folder),
        "INSIGHTS_DIR": str(folder / "insights"),
        "TASKS_BACKEND": "database",
        "LOG_LEVEL": "INFO",
        "PYTHONPATH": os.pathsep.join([str(folder), str(REPO)]),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def migrated_sqlite(folder: Path) -> dict:
    """A migrated database in ``folder``; the environment of a process that uses it."""
    folder.mkdir(parents=True, exist_ok=True)
    env = sqlite_env(folder)
    for step in (["migrate", "--noinput"], ["createcachetable"]):
        subprocess.run([sys.executable, str(REPO / "manage.py"), *step],
                       cwd=REPO, env=env, check=True, capture_output=True, timeout=600)  # fmt: skip
    return env


def with_daily_at(env: dict, folder: Path, daily_at: str) -> dict:
    """``env`` with settings that are the tests' settings and ``DAILY_AT = daily_at``."""
    (folder / "daily_at_settings.py").write_text(
        f"from brobygger.config.test_settings import *  # noqa: F403\nDAILY_AT = {daily_at!r}\n",
        encoding="utf-8",
    )
    return {**env, "DJANGO_SETTINGS_MODULE": "daily_at_settings"}
