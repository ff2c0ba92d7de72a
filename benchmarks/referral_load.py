"""Referral submissions under load: 200 staff submissions at once against gunicorn with
PostgreSQL, through the JSON API with a bearer token.

Every submission carries its own client_reference; 50 of them are also sent a second time at the
same moment (a client retrying after a timeout). Afterwards the database must hold exactly one
case per client_reference: none lost, none doubled. Checked twice: as a set (every reference
stored, nothing else) and by reference (client_reference -> number of stored cases, every one
exactly 1; a set would hide a reference stored twice). Reported: wall time, submissions per
second, p50/p95/max latency per request, and the checks. Figures go to
bench-results/referrals.{json,md}.

Usage: python -m benchmarks.run referrals (BENCH_POSTGRES_URL must be set; scripts/bench.sh
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
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CONCURRENT = int(os.environ.get("BENCH_REFERRALS", "200"))
RETRIED = 50
WORKERS, THREADS = 4, 4
ROUNDS = 3
ARENA = "Benchmark arena"


def prepare() -> None:
    """(In a Django process.) Migrate, seed, and create a staff user of a fresh arena with an
    API token; print the arena id and the token as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from brobygger.accounts.tokens import token_create
    from brobygger.directory.services import seed_load
    from brobygger.referrals.models import Arena, ArenaMembership, Case, Citizen

    call_command("migrate", interactive=False, verbosity=0)
    seed_load()
    arena, _ = Arena.objects.get_or_create(name=ARENA)
    citizens = list(Case.objects.filter(arena=arena).values_list("citizen_id", flat=True))
    Case.objects.filter(arena=arena).delete()
    Citizen.objects.filter(pk__in=citizens).delete()
    user, _ = get_user_model().objects.get_or_create(username="bench_staff")
    ArenaMembership.objects.get_or_create(arena=arena, user=user)
    print(json.dumps({"arena": str(arena.pk), "token": token_create(user=user, name="bench")}))


def count() -> None:
    """(In a Django process.) The client_reference of every case stored for the benchmark
    arena, one entry per case (so a reference stored twice appears twice)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
    import django

    django.setup()
    from brobygger.referrals.models import Case

    refs = Case.objects.filter(arena__name=ARENA).values_list("client_reference", flat=True)
    print(json.dumps([str(r) for r in refs]))


def _django(command: str, env: dict):
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.referral_load", command],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _body(arena: str, reference: str, n: int) -> bytes:
    return json.dumps(
        {
            "arena_id": arena,
            "client_reference": reference,
            "citizen": {
                "name": f"Borger {n}",
                "phone": f"+45 20 00 {n % 100:02d} {n // 100:02d}",
                "reach_when": "formiddag",
                "age_band": "30-44",
                "postcode": "8000",
                "interests": "gåture",
            },
            "consent": {"method": "oral"},
        }
    ).encode()


def _submit(url: str, token: str, body: bytes, start: threading.Barrier) -> tuple[int, float]:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    start.wait()
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - began


def _warm_up(url: str, token: str) -> None:
    """Let every worker import and connect before the clock starts (reads only)."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with ThreadPoolExecutor(max_workers=WORKERS * THREADS) as pool:
        list(pool.map(lambda _: urllib.request.urlopen(request, timeout=60).read(), range(64)))


def _round(url: str, setup: dict, env: dict, already: set[str]) -> dict:
    references = [str(uuid.uuid4()) for _ in range(CONCURRENT)]
    jobs = [(ref, n) for n, ref in enumerate(references)] + [
        (ref, n) for n, ref in enumerate(references[:RETRIED])
    ]
    start = threading.Barrier(len(jobs))
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        outcomes = list(
            pool.map(
                lambda job: _submit(url, setup["token"], _body(setup["arena"], *job), start), jobs
            )
        )
    wall = time.perf_counter() - began
    rows = [ref for ref in _django("count", env) if ref not in already]
    per_reference = Counter(rows)
    stored = set(per_reference)
    already |= stored
    doubled = {ref: n for ref, n in per_reference.items() if n != 1}
    statuses: dict[str, int] = {}
    for status, _seconds in outcomes:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    latencies = sorted(seconds for _status, seconds in outcomes)
    return {
        "statuses": statuses,
        "wall_seconds": round(wall, 2),
        "submissions_per_second": round(CONCURRENT / wall, 1),
        "requests_per_second": round(len(jobs) / wall, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1),
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1),
        "max_ms": round(1000 * latencies[-1], 1),
        "stored": len(rows),
        "stored_exactly_once": stored == set(references) and not doubled,
        "references_stored_twice_or_more": len(doubled),
        "most_cases_for_one_reference": max(per_reference.values(), default=0),
        "references_missing": len(set(references) - stored),
    }


def run(results_dir: Path) -> dict:
    from benchmarks.run import gunicorn, production_env

    database_url = os.environ.get("BENCH_POSTGRES_URL")
    if not database_url:
        print("BENCH_POSTGRES_URL not set: referral load skipped (scripts/bench.sh sets it)")
        return {}
    env = production_env(database_url, Path(tempfile.mkdtemp(prefix="bench-referrals-")))
    setup = _django("prepare", env)
    already: set[str] = set()
    with gunicorn(env, workers=WORKERS, threads=THREADS) as base:
        url = f"{base}/api/v1/referrals/"
        _warm_up(url, setup["token"])
        rounds = [_round(url, setup, env, already) for _ in range(ROUNDS)]
    result = {
        "submissions": CONCURRENT,
        "retried_at_once": RETRIED,
        "requests": CONCURRENT + RETRIED,
        "gunicorn": f"{WORKERS} workers x {THREADS} threads",
        "machine_cores": os.cpu_count(),
        "rounds": rounds,
    }
    (results_dir / "referrals.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    (results_dir / "referrals.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    if not all(r["stored_exactly_once"] for r in rounds):
        raise SystemExit("referral load: stored cases do not match the submissions")
    return result


def markdown(r: dict) -> str:
    lines = [
        f"# Referral submissions under load (PostgreSQL, gunicorn {r['gunicorn']}, "
        f"{r['machine_cores']} cores)",
        "",
        f"{r['submissions']} submissions at once, {r['retried_at_once']} of them sent twice "
        f"simultaneously ({r['requests']} requests per round).",
        "",
        "| round | stored | exactly once | refs stored >1 | max per ref | missing | statuses "
        "| wall s | submissions/s | p50 ms | p95 ms | max ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for i, x in enumerate(r["rounds"], start=1):
        lines.append(
            f"| {i} | {x['stored']} | {x['stored_exactly_once']} | "
            f"{x['references_stored_twice_or_more']} | {x['most_cases_for_one_reference']} | "
            f"{x['references_missing']} | {x['statuses']} | "
            f"{x['wall_seconds']} | {x['submissions_per_second']} | {x['p50_ms']} | "
            f"{x['p95_ms']} | {x['max_ms']} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    {"prepare": prepare, "count": count}[sys.argv[1]]()
