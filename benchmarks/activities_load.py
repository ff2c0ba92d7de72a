"""Activity sign-ups under load: 500 anonymous sign-ups at once across 20 activities of 10
places each, against gunicorn with PostgreSQL, through the JSON API.

Afterwards each activity must hold exactly its places confirmed (never more), the rest on its
waiting list at positions 1..n, and every request accounted for (none lost). Reported: wall
time, p50/p95/max latency per request, statuses and the checks; figures go to
bench-results/activities.{json,md}.

Usage: python -m benchmarks.activities_load (BENCH_POSTGRES_URL must be set; scripts/bench.sh
starts PostgreSQL and sets it).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SIGNUPS = int(os.environ.get("BENCH_ACTIVITY_SIGNUPS", "500"))
ACTIVITIES = 20
PLACES = 10
WORKERS, THREADS = 4, 4
RESULTS = Path(__file__).resolve().parent.parent / "bench-results"


def prepare() -> None:
    """(In a Django process.) Migrate and create 20 fresh published activities; print ids."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from brobygger.activities.models import Activity

    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    Activity.objects.filter(title__startswith="Bench ").delete()
    starts = timezone.now() + dt.timedelta(days=2)
    ids = [
        str(
            Activity.objects.create(
                title=f"Bench {n}", description="x", starts_at=starts,
                ends_at=starts + dt.timedelta(hours=1), address="Mejlgade 1", postcode="8000",
                capacity=PLACES, state=Activity.State.PUBLISHED,
            ).pk
        )
        for n in range(ACTIVITIES)
    ]  # fmt: skip
    print(json.dumps(ids))


def count() -> None:
    """(In a Django process.) Per activity: confirmed count and the waiting positions."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
    import django

    django.setup()
    from brobygger.activities.models import Activity
    from brobygger.activities.signups import waitlist_position

    out = {}
    for activity in Activity.objects.filter(title__startswith="Bench "):
        signups = list(activity.signups.all())
        out[str(activity.pk)] = {
            "confirmed": sum(s.status == "confirmed" for s in signups),
            "positions": sorted(waitlist_position(s) for s in signups if s.status == "waitlisted"),
        }
    print(json.dumps(out))


def _django(command: str, env: dict):
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.activities_load", command],
        cwd=Path(__file__).resolve().parent.parent, env=env, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def _sign_up(base: str, activity: str, n: int, start: threading.Barrier) -> tuple[int, float]:
    body = json.dumps({"name": f"Deltager {n}", "email": f"d{n}@example.org"}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/activities/{activity}/signups", data=body, method="POST",
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    start.wait()
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - began


def run() -> dict:
    from benchmarks.run import gunicorn, production_env

    database_url = os.environ.get("BENCH_POSTGRES_URL")
    if not database_url:
        print("BENCH_POSTGRES_URL not set: activities load skipped (scripts/bench.sh sets it)")
        return {}
    env = production_env(database_url, Path(tempfile.mkdtemp(prefix="bench-activities-")))
    env["ACTIVITIES_SIGNUP_LIMIT"] = str(SIGNUPS * 2)  # one load generator, one address
    ids = _django("prepare", env)
    jobs = [(ids[n % ACTIVITIES], n) for n in range(SIGNUPS)]
    with gunicorn(env, workers=WORKERS, threads=THREADS) as base:
        urllib.request.urlopen(f"{base}/api/v1/activities/", timeout=60).read()  # warm up
        start = threading.Barrier(len(jobs))
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
            outcomes = list(pool.map(lambda job: _sign_up(base, *job, start), jobs))
        wall = time.perf_counter() - began
    stored = _django("count", env)
    per_activity = SIGNUPS // ACTIVITIES
    overfilled = [a for a, x in stored.items() if x["confirmed"] > PLACES]
    wrong = [
        a for a, x in stored.items()
        if x["confirmed"] != min(PLACES, per_activity)
        or x["positions"] != list(range(1, per_activity - PLACES + 1))
    ]  # fmt: skip
    statuses: dict[str, int] = {}
    for status, _seconds in outcomes:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    latencies = sorted(seconds for _status, seconds in outcomes)
    stored_total = sum(x["confirmed"] + len(x["positions"]) for x in stored.values())
    result = {
        "signups": SIGNUPS,
        "activities": ACTIVITIES,
        "places_each": PLACES,
        "gunicorn": f"{WORKERS} workers x {THREADS} threads",
        "machine_cores": os.cpu_count(),
        "statuses": statuses,
        "wall_seconds": round(wall, 2),
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
        "max_ms": round(1000 * latencies[-1], 1),
        "stored": stored_total,
        "lost": SIGNUPS - stored_total,
        "overfilled_activities": len(overfilled),
        "activities_not_exactly_full_with_ordered_waiting_list": len(wrong),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "activities.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    (RESULTS / "activities.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    if overfilled or wrong or result["lost"]:
        raise SystemExit("activities load: overfilled, lost or misordered sign-ups")
    return result


def markdown(r: dict) -> str:
    return (
        f"# Activity sign-ups under load (PostgreSQL, gunicorn {r['gunicorn']}, "
        f"{r['machine_cores']} cores)\n\n"
        f"{r['signups']} anonymous sign-ups at once across {r['activities']} activities of "
        f"{r['places_each']} places each, through `POST /api/v1/activities/{{id}}/signups`.\n\n"
        "| stored | lost | overfilled | not exactly full / misordered list | statuses "
        "| wall s | p50 ms | p95 ms | max ms |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
        f"| {r['stored']} | {r['lost']} | {r['overfilled_activities']} | "
        f"{r['activities_not_exactly_full_with_ordered_waiting_list']} | {r['statuses']} | "
        f"{r['wall_seconds']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} |\n"
    )


if __name__ == "__main__":
    {"prepare": prepare, "count": count, "run": run}[sys.argv[1] if len(sys.argv) > 1 else "run"]()
