"""GET /healthz: for a monitor, without a sign-in, cache, cookie or personal data. 200 while the
database answers and the worker's heartbeat is fresh; 503 when the worker has been silent for
longer than HEALTH_WORKER_STALE_MINUTES, or the database does not answer (a real gunicorn whose
SQLite database goes away)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from django.utils import timezone

from brobygger.core.models import DailyRun, WorkerHeartbeat
from tests.gunicorn import gunicorn_serving


def _beat(minutes_ago: float) -> None:
    WorkerHeartbeat.objects.update_or_create(
        owner="host:1", defaults={"seen": timezone.now() - dt.timedelta(minutes=minutes_ago)}
    )


@pytest.mark.django_db
def test_it_is_200_with_the_worker_and_the_last_daily_run(client):
    _beat(1)
    DailyRun.objects.create(day=dt.date(2026, 12, 6), started=timezone.now(),
                            finished=timezone.now(), failed_steps=[], owner="host:1")  # fmt: skip
    DailyRun.objects.create(day=dt.date(2026, 12, 7), started=timezone.now(),
                            finished=timezone.now(), failed_steps=["network.reminders"],
                            owner="host:1")  # fmt: skip
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["worker"]["stale"] is False
    assert body["worker"]["last_heartbeat"] is not None
    finished = body["daily"].pop("finished")
    assert finished is not None
    assert body["daily"] == {"last_run": "2026-12-07", "failed_steps": ["network.reminders"]}
    assert "host" not in json.dumps(body)  # not even the worker's host name


@pytest.mark.django_db
def test_it_is_503_when_the_worker_is_silent_too_long(client, settings):
    settings.HEALTH_WORKER_STALE_MINUTES = 15
    assert client.get("/healthz").status_code == 503  # no worker ever
    _beat(16)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"]["stale"] is True
    assert response.json()["database"] == "ok"
    _beat(14)
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_it_is_never_cached_sets_no_cookie_and_is_not_rate_limited(client):
    _beat(0)
    for _ in range(60):  # a monitor every few seconds, or several monitors
        response = client.get("/healthz")
        assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_a_monitor_on_the_server_gets_it_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    _beat(0)
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301  # every other page goes to https


def test_it_is_503_when_the_sqlite_database_is_gone(tmp_path):
    database = tmp_path / "brobygger.sqlite3"
    with gunicorn_serving(tmp_path) as (port, _access, _errors):
        db = sqlite3.connect(database)
        db.execute("INSERT INTO core_workerheartbeat (owner, seen) VALUES "
                   "('host:1', strftime('%Y-%m-%d %H:%M:%f', 'now'))")  # fmt: skip
        db.commit()
        db.close()
        assert _get(port) == (200, "ok")
        shutil.move(database, tmp_path / "moved.sqlite3")
        database.mkdir()  # where the database was, nothing can open it
        assert _get(port) == (503, "unavailable")
        database.rmdir()
        shutil.move(tmp_path / "moved.sqlite3", database)
        assert _get(port) == (200, "ok")


def _get(port: int) -> tuple[int, str]:
    try:
        with urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as response:
            return response.status, json.loads(response.read())["database"]
    except HTTPError as error:
        return error.code, json.loads(error.read())["database"]
