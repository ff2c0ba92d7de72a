"""The production stack under load: nginx (TLS) -> gunicorn (deploy/'s unit) -> PostgreSQL, with
the worker beside it, all started as tests/ops/stack.py starts them for the tests.

200 visitors at once, each over its own HTTPS connection: they browse /aktiviteter/ and search
/tilbud/ (a word, a postcode), and 100 of them sign up for one of 20 activities through the JSON
API. Reported: requests per second, p50/p95 per page, statuses, and the CPU seconds each part of
the stack used (where the time goes). Written to bench-results/production.{json,md}.

Usage: python -m benchmarks.production   (`make bench` runs it; needs nginx, openssl, PostgreSQL)
"""

from __future__ import annotations

import http.client
import json
import os
import ssl
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.ops.stack import exec_start, production_stack

VISITORS = int(os.environ.get("BENCH_PRODUCTION_VISITORS", "200"))
SIGNING_UP = VISITORS // 2
ROUNDS = 3  # each visitor browses this many times
ACTIVITIES, PLACES = 20, 10
PAGES = {
    "activities": "/aktiviteter/",
    "search word": "/tilbud/?q=f%C3%A6llesskab",
    "search postcode": "/tilbud/?place=8000",
}
RESULTS = Path(__file__).resolve().parent.parent / "bench-results"
PREPARE = f"""
import datetime as dt, json
from django.utils import timezone
from brobygger.activities.models import Activity
starts = timezone.now() + dt.timedelta(days=3)
ids = [str(Activity.objects.create(
    title=f"Bench {{n}}", description="Vi ses", starts_at=starts,
    ends_at=starts + dt.timedelta(hours=2), address="Mejlgade 1", postcode="8000",
    capacity={PLACES}, state=Activity.State.PUBLISHED).pk) for n in range({ACTIVITIES})]
print(json.dumps(ids))
"""
COUNT = """
from brobygger.activities.models import SignUp
print(SignUp.objects.filter(activity__title__startswith="Bench ").count())
"""


def cpu_seconds() -> dict[str, float]:
    """CPU seconds (user + system) so far of the stack's processes, by part (from /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parts = {"gunicorn": 0.0, "worker": 0.0, "postgres": 0.0, "nginx": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used = (int(fields[11]) + int(fields[12])) / ticks
        if "gunicorn" in command and "brobygger.config.wsgi" in command:
            parts["gunicorn"] += used
        elif "brobygger_worker" in command:
            parts["worker"] += used
        elif command.startswith("postgres") or "/bin/postgres" in command:
            parts["postgres"] += used
        elif command.startswith("nginx"):
            parts["nginx"] += used
    return parts


class Visitor:
    """One person's browser: one keep-alive HTTPS connection through nginx."""

    def __init__(self, port: int):
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        self.connection = http.client.HTTPSConnection("127.0.0.1", port, context=context,
                                                      timeout=300)  # fmt: skip

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, float]:
        headers = {"Content-Type": "application/json"} if body else {}
        began = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - began


def visit(port: int, number: int, activities: list[str], start: threading.Barrier) -> list:
    visitor = Visitor(port)
    timings = []
    start.wait()
    for _round in range(ROUNDS):
        for page, path in PAGES.items():
            timings.append((page, *visitor.request("GET", path)))
    if number < SIGNING_UP:
        body = json.dumps(
            {"name": f"Deltager {number}", "email": f"deltager{number}@example.org"}
        ).encode()
        path = f"/api/v1/activities/{activities[number % ACTIVITIES]}/signups"
        timings.append(("sign-up (API)", *visitor.request("POST", path, body)))
    visitor.connection.close()
    return timings


def run() -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-production-"))
    limits = {  # one load generator is one address: the per-address limits would refuse it
        "ACTIVITIES_SIGNUP_LIMIT": "100000",
        "ACTIVITIES_SIGNUP_PER_ACTIVITY_LIMIT": "100000",
        "EMAIL_PER_RECIPIENT_PER_DAY": "100000",
    }
    with production_stack(work, extra=limits) as stack:
        activities = json.loads(stack.script(PREPARE).strip().splitlines()[-1])
        port = int(stack.url.rsplit(":", 1)[1])
        baseline = {page: Visitor(port).request("GET", path)[1] for page, path in PAGES.items()}
        before = cpu_seconds()
        start = threading.Barrier(VISITORS)
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=VISITORS) as pool:
            futures = [pool.submit(visit, port, n, activities, start) for n in range(VISITORS)]
            timings = [timing for future in futures for timing in future.result()]
        wall = time.perf_counter() - began
        after = cpu_seconds()
        stored = int(stack.script(COUNT).strip().splitlines()[-1])
    per_page = {}
    for page in [*PAGES, "sign-up (API)"]:
        seconds = sorted(t for name, _status, t in timings if name == page)
        statuses: dict[str, int] = {}
        for name, status, _t in timings:
            if name == page:
                statuses[str(status)] = statuses.get(str(status), 0) + 1
        per_page[page] = {
            "requests": len(seconds),
            "statuses": statuses,
            "p50_ms": round(1000 * statistics.median(seconds), 1),
            "p95_ms": round(1000 * seconds[int(0.95 * (len(seconds) - 1))], 1),
            "alone_ms": round(1000 * baseline[page], 1) if page in baseline else None,
        }
    cpu = {part: round(after[part] - before[part], 1) for part in after}
    web = exec_start("brobygger-web.service")
    workers = web[web.index("--workers") + 1]
    result = {
        "visitors": VISITORS,
        "signing_up": SIGNING_UP,
        "rounds": ROUNDS,
        "machine_cores": os.cpu_count(),
        "gunicorn_workers": workers,
        "requests": len(timings),
        "wall_seconds": round(wall, 2),
        "requests_per_second": round(len(timings) / wall, 1),
        "pages": per_page,
        "cpu_seconds": cpu,
        "load_generator_cpu_seconds": round(sum(os.times()[:2]), 1),
        "signups_stored": stored,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "production.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    (RESULTS / "production.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    if stored != SIGNING_UP:
        raise SystemExit(f"production: {SIGNING_UP} sign-ups sent, {stored} stored")
    return result


def markdown(r: dict) -> str:
    rows = "".join(
        f"| {page} | {p['requests']} | {p['statuses']} | {p['p50_ms']} | {p['p95_ms']} | "
        f"{p['alone_ms'] if p['alone_ms'] is not None else '–'} |\n"
        for page, p in r["pages"].items()
    )
    cpu = ", ".join(f"{part} {seconds} s" for part, seconds in r["cpu_seconds"].items())
    share = sum(r["cpu_seconds"].values()) / (r["wall_seconds"] * r["machine_cores"])

    def per_request(part: str) -> str:
        return f"{1000 * r['cpu_seconds'][part] / r['requests']:.1f}"

    return (
        f"# The production stack under load ({r['machine_cores']} cores)\n\n"
        "nginx (TLS, static files) → gunicorn (`deploy/brobygger-web.service`: "
        f"{r['gunicorn_workers']} sync workers) → PostgreSQL, the worker beside it; started by "
        "`tests/ops/stack.py` as the tests start it. "
        f"{r['visitors']} visitors at once, each on its own keep-alive HTTPS connection, "
        f"{r['rounds']} rounds of the activities page and two directory searches; "
        f"{r['signing_up']} of them then sign up for one of 20 activities (JSON API).\n\n"
        f"**{r['requests']} requests in {r['wall_seconds']} s: "
        f"{r['requests_per_second']} requests/s.** Sign-ups stored: {r['signups_stored']}.\n\n"
        "| page | requests | statuses | p50 ms | p95 ms | alone ms |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        f"{rows}\n"
        f"CPU seconds during the load: {cpu}; the load generator {r['load_generator_cpu_seconds']}"
        " s (its whole run, TLS handshakes included). "
        f"Per request: gunicorn {per_request('gunicorn')} ms, PostgreSQL "
        f"{per_request('postgres')} ms, nginx {per_request('nginx')} ms of CPU. The stack used "
        f"{share:.0%} of the machine's {r['machine_cores']} cores during the run; by Little's "
        f"law {r['visitors']} visitors at {r['requests_per_second']} requests/s wait about "
        f"{r['visitors'] / r['requests_per_second']:.0f} s a request.\n"
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--markdown"]:  # bench-results/production.md again from the JSON
        saved = json.loads((RESULTS / "production.json").read_text(encoding="utf-8"))
        (RESULTS / "production.md").write_text(markdown(saved), encoding="utf-8")
        sys.exit(0)
    sys.exit(0 if run() else 1)
