"""Finding 1 (the Content-Security-Policy part) and 12 (fail closed): every page of ours, for
every role, carries a CSP that allows only our own scripts and stylesheets and no framing, and a
Permissions-Policy; DEBUG is off unless it is asked for."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from brobygger.core.daily_schedule import heartbeat
from brobygger.core.demo import demo_mode

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _plain_paths(resolver=None, prefix="") -> list[str]:
    """Every URL pattern of ours without parameters (admin and i18n helpers left out)."""
    resolver = resolver or get_resolver()
    paths = []
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if "<" in route or "(?P" in route or route.startswith(("admin/", "^")):
            continue
        if isinstance(entry, URLResolver):
            paths += _plain_paths(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            paths.append("/" + prefix + route)
    return sorted(set(paths))


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


def test_it_finds_enough_pages_to_mean_something():
    paths = _plain_paths()
    assert len(paths) >= 20, paths
    assert "/" in paths and "/konto/log-ind/" in paths


@pytest.mark.parametrize("role", ["anonymous", "staff", "broker", "editor", "administrator"])
def test_it_sends_a_strict_policy_on_every_page(client, people, role):
    heartbeat(owner="test-worker")  # a worker is alive: /healthz answers 200, any 5xx is a fault
    if people[role] is not None:
        client.force_login(people[role])
    checked = 0
    for path in _plain_paths():
        response = client.get(path)
        if response.status_code >= 500:
            pytest.fail(f"{path} answered {response.status_code} for {role}")
        csp = response.headers.get("Content-Security-Policy")
        assert csp, f"{path} ({response.status_code}) sends no Content-Security-Policy"
        directives = _directives(csp)
        assert directives["script-src"] == ["'self'"], (path, csp)
        assert directives["style-src"] == ["'self'"], (path, csp)
        assert directives["frame-ancestors"] == ["'none'"], (path, csp)
        assert directives["object-src"] == ["'none'"], (path, csp)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (path, csp)
        assert "camera=()" in response.headers.get("Permissions-Policy", ""), path
        assert response.headers.get("X-Frame-Options") == "DENY", path
        checked += 1
    assert checked >= 20


def test_it_keeps_debug_off_and_demo_mode_off_by_default():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(
        DJANGO_SETTINGS_MODULE="brobygger.config.settings",
        SECRET_KEY="x" * 60,
        DATABASE_URL="sqlite:////tmp/never-created.sqlite3",
    )
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO
    )
    assert result.stdout.strip() == "False", result.stderr
    assert not demo_mode()  # the test settings are production's


def test_it_turns_debug_on_only_in_make_run():
    with open(os.path.join(REPO, "Makefile"), encoding="utf-8") as handle:
        makefile = handle.read()
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG=1" in run_recipe
    assert makefile.count("DEBUG=1") == 1  # no other target runs with DEBUG on
