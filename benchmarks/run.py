"""`make bench`: every benchmark, figures written to bench-results/ (JSON and Markdown).
`python -m benchmarks.run survey|directory|referrals` runs one of them.

Survey: see benchmarks/survey_bench.py. Directory: search latency (p50/p95) over 10,000
generated initiatives on SQLite and on PostgreSQL (BENCH_POSTGRES_URL, started by
scripts/bench.sh), and requests per second of the search page under gunicorn (2 workers)
measured with wrk on this machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
PYTHON = sys.executable
INITIATIVES = int(os.environ.get("BENCH_INITIATIVES", "10000"))
SEARCH_URLS = [
    "/tilbud/?age=40&type=meeting_place",
    "/tilbud/?q=f%C3%A6llesskaber",
    "/tilbud/?place=8220&target_group=elderly",
]


def _env(database_url: str | None, var_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["BROBYGGER_VAR_DIR"] = str(var_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra)
    return env


def search_latency(name: str, database_url: str | None, var_dir: Path) -> dict:
    out = var_dir / f"latency-{name}.json"
    subprocess.run(
        [
            PYTHON,
            "-m",
            "benchmarks.search_latency",
            "--initiatives",
            str(INITIATIVES),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=_env(database_url, var_dir),
        check=True,
    )
    return json.loads(out.read_text())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(database_url: str | None, var_dir: Path) -> dict:
    return _env(
        database_url,
        var_dir,
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
    )


@contextlib.contextmanager
def gunicorn(env: dict, workers: int = 2, threads: int = 1):
    """A gunicorn serving Brobygger on a free local port; yields the base URL."""
    port = _free_port()
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "brobygger.config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)


def gunicorn_throughput(name: str, database_url: str | None, var_dir: Path) -> dict:
    """Requests per second of the search page: gunicorn (2 sync workers), wrk (2 threads,
    16 connections, 10 s per URL), production settings."""
    with gunicorn(production_env(database_url, var_dir)) as base:
        per_url = {}
        for url in SEARCH_URLS:
            result = subprocess.run(
                ["wrk", "-t2", "-c16", "-d10s", "--latency", f"{base}{url}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            per_url[url] = _parse_wrk(result)
        return {"database": name, "workers": 2, "urls": per_url}


def _parse_wrk(output: str) -> dict:
    parsed = {}
    for line in output.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            parsed["requests_per_second"] = float(parts[1])
        elif parts[:1] == ["50%"]:
            parsed["p50"] = parts[1]
        elif parts[:1] == ["99%"]:
            parsed["p99"] = parts[1]
        elif "Non-2xx" in line:
            parsed["non_2xx"] = int(parts[-1])
    return parsed


def _markdown(results: dict) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Machine: {results['machine']}. Generated directory: {INITIATIVES} initiatives.",
        "",
        "## Directory search latency (selector, first page + count)",
        "",
        "| database | queries | p50 ms | p95 ms | max ms |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results["search_latency"]:
        lines.append(
            f"| {r['database']} | {r['queries']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} |"
        )
    lines += [
        "",
        "## Search page under gunicorn (2 workers, wrk -t2 -c16 -d10s)",
        "",
        "| database | URL | requests/s | p50 | p99 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in results["search_page"]:
        for url, m in r["urls"].items():
            lines.append(
                f"| {r['database']} | `{url}` | {m.get('requests_per_second')} | "
                f"{m.get('p50')} | {m.get('p99')} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    only = sys.argv[1] if len(sys.argv) > 1 else ""
    if only in ("", "survey"):
        from benchmarks import survey_bench

        print(survey_bench.markdown(survey_bench.run(RESULTS)))
    if only in ("", "directory"):
        directory()
    if only in ("", "referrals"):
        from benchmarks import referral_load

        referral_load.run(RESULTS)


def directory() -> None:
    results = {
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "search_latency": [],
        "search_page": [],
    }
    databases = [("sqlite", None)]
    if os.environ.get("BENCH_POSTGRES_URL"):
        databases.append(("postgresql", os.environ["BENCH_POSTGRES_URL"]))
    else:
        print("BENCH_POSTGRES_URL not set: PostgreSQL skipped (scripts/bench.sh sets it)")
    for name, url in databases:
        var_dir = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        try:
            results["search_latency"].append(search_latency(name, url, var_dir))
            if shutil.which("wrk"):
                results["search_page"].append(gunicorn_throughput(name, url, var_dir))
            else:
                print("wrk not found: search page throughput skipped")
        finally:
            shutil.rmtree(var_dir, ignore_errors=True)
    (RESULTS / "directory.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    (RESULTS / "directory.md").write_text(_markdown(results), encoding="utf-8")
    print(_markdown(results))


if __name__ == "__main__":
    main()
