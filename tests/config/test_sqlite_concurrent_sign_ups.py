"""Issue 21: the embedded default (SQLite) holds under concurrent writes. Six people sign up for
three places at the same instant, through the real gunicorn (8 threads, each with its own
connection) on a real SQLite file: no 500 ("database is locked"), three confirmed, three on the
waiting list. Runs on every CI pass (the server's database is SQLite whatever DATABASE_URL is)."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlencode

from tests.conftest import REPO
from tests.gunicorn import PLAIN, gunicorn_serving

MAKE_ACTIVITY = """
import django
django.setup()
from django.contrib.auth import get_user_model
from brobygger.activities import services
from brobygger.directory.models import Organization, OrganizationMembership
from brobygger.directory.services import seed_load
from tests.activities.factories import activity_input
seed_load()
host = get_user_model().objects.create_user(username="host", password="pw-host-1234")
ventilen = Organization.objects.get(name="Ventilen")
OrganizationMembership.objects.create(user=host, organization=ventilen)
activity = services.activity_create(
    user=host, data=activity_input(organization_id=ventilen.pk, capacity=3)
)
print(activity.pk)
"""
STATUSES = """
import sys, django
django.setup()
from brobygger.activities.models import SignUp
signups = SignUp.objects.filter(activity_id=sys.argv[1])
print(" ".join(sorted(signups.values_list("status", flat=True))))
"""


def _python(tmp_path: Path, code: str, *args: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "brobygger.config.test_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'brobygger.sqlite3'}",  # gunicorn_serving's
        "BROBYGGER_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=300, check=True)  # fmt: skip
    return result.stdout.strip().splitlines()[-1]


def _csrf(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        cookie = response.getheader("Set-Cookie") or ""
        return re.search(r"csrftoken=([A-Za-z0-9]+)", cookie)[1]
    finally:
        connection.close()


def test_six_sign_ups_at_once_for_three_places_on_sqlite_through_gunicorn(tmp_path):
    command = [*PLAIN, "--threads", "8"]
    with gunicorn_serving(tmp_path, command) as (port, _access, errors):
        activity = _python(tmp_path, MAKE_ACTIVITY)
        path = f"/aktiviteter/{activity}/"
        token = _csrf(port, path)
        start = threading.Barrier(6)
        statuses: list[int] = []

        def sign_up(n: int) -> None:
            body = urlencode({"csrfmiddlewaretoken": token, "name": f"Deltager {n}",
                              "email": f"deltager{n}@example.org"})  # fmt: skip
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            try:
                start.wait(60)
                connection.request("POST", path + "tilmeld/", body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={token}",
                })  # fmt: skip
                response = connection.getresponse()
                response.read()
                statuses.append(response.status)
            finally:
                connection.close()

        threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)
        assert sorted(statuses) == [201] * 6, (statuses, errors.read_text()[-3000:])
        assert "database is locked" not in errors.read_text()
        stored = _python(tmp_path, STATUSES, activity).split()
    assert stored == ["confirmed"] * 3 + ["waitlisted"] * 3
