"""Search latency with Danish compound words and synonyms, on SQLite and PostgreSQL.

Usage: python -m benchmarks.search_bench  (writes bench-results/search.{json,md}; PostgreSQL
too when BENCH_POSTGRES_URL is set, as scripts/bench.sh does).
One database: python -m benchmarks.search_bench --measure --out FILE.json (the database is
whatever DATABASE_URL / BROBYGGER_VAR_DIR say).

10,000 generated initiatives (benchmarks/generate.py), each description given a sentence of
compound words ("spisegrupper", "besøgsvenner", "gåture"), three synonym groups, and queries
of four kinds: a compound's last part, a word with synonyms, two words with an age, and filters
without text. Timed: the selector's count and first page of 20, as the results page renders it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
INITIATIVES = int(os.environ.get("BENCH_INITIATIVES", "10000"))
MARK = "Hos os finder du"
COMPOUNDS = [
    "spisegrupper",
    "strikkegruppen",
    "selvhjælpsgrupper",
    "besøgstjenesten",
    "besøgsvenner",
    "gåture",
    "madklubben",
    "sprogcaféen",
    "fællesspisning",
    "kvindehuset",
    "mødestedet",
    "telefonlinjen",
    "venskabsforeningen",
    "aftenkaffe",
    "ensomhed",
    "alene",
    "pensionister",
]
SYNONYMS = ["ensom, alene, isoleret", "ældre, senior, pensionist", "café, kaffebar"]
QUERIES = {
    "compound": ["gruppe", "tjeneste", "gåtur", "besøgsven", "klub", "forening", "sted"],
    "synonym": ["ensom", "alene", "senior", "pensionister", "kaffebar"],
    "two words + age": ["gruppe fællesskab", "besøgsven kaffe", "ældre gåture"],
}


def _compound_sentences(rng: random.Random) -> None:
    """Give initiatives without it a sentence of compound words, and re-index them."""
    from brobygger.directory import search
    from brobygger.directory.models import Initiative
    from brobygger.lib.stemming import stem_document

    todo = list(
        Initiative.objects.exclude(description__contains=MARK).only(
            "id", "description", "search_document"
        )
    )
    for initiative in todo:
        words = rng.sample(COMPOUNDS, 3)
        sentence = f" {MARK} {words[0]}, {words[1]} og {words[2]}."
        initiative.description += sentence
        initiative.search_document += sentence
        initiative.search_stems = stem_document(initiative.search_document)
    fields = ["description", "search_document", "search_stems"]
    Initiative.objects.bulk_update(todo, fields, batch_size=1000)
    search.vectors_refresh(Initiative.objects.all())


def measure(initiatives: int, queries: int, out: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.generate import populate
    from brobygger.directory import search
    from brobygger.directory.models import Initiative, Synonym

    call_command("migrate", interactive=False, verbosity=0)
    rng = random.Random(11)
    if Initiative.objects.count() < initiatives:
        started = time.perf_counter()
        populate(initiatives - Initiative.objects.count())
        print(f"generated {initiatives} initiatives in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    _compound_sentences(rng)
    print(f"compound sentences indexed in {time.perf_counter() - started:.1f} s")
    Synonym.objects.all().delete()
    for words in SYNONYMS:
        search.synonym_save(words=words)
    with connection.cursor() as cursor:  # planner statistics after the bulk load
        cursor.execute("ANALYZE")

    kinds = ["meeting_place", "social_activity", "online_phone", ""]
    shapes = [
        ("compound", lambda: search.SearchParams(text=rng.choice(QUERIES["compound"]))),
        ("synonym", lambda: search.SearchParams(text=rng.choice(QUERIES["synonym"]))),
        (
            "two words + age",
            lambda: search.SearchParams(
                text=rng.choice(QUERIES["two words + age"]), age=rng.randint(16, 90)
            ),
        ),
        (
            "filters, no text",
            lambda: search.SearchParams(age=rng.randint(16, 90), initiative_type=rng.choice(kinds)),
        ),
    ]
    timings: dict[str, list[float]] = {name: [] for name, _shape in shapes}
    cpu: list[float] = []  # this process's CPU time: less sensitive to a busy machine
    load_before = os.getloadavg()[0]
    hits: dict[str, list[int]] = {name: [] for name, _shape in shapes}
    for i in range(queries + 20):
        name, shape = shapes[i % len(shapes)]
        params = shape()
        began, began_cpu = time.perf_counter(), time.process_time()
        qs = search.initiative_search(params)
        total = qs.count()
        for item in list(qs[:20]):  # what the results page renders
            _ = [t.name for t in item.target_groups.all()], item.organization.name
        elapsed = (time.perf_counter() - began) * 1000
        if i >= 20:  # warm-up excluded
            cpu.append((time.process_time() - began_cpu) * 1000)
            timings[name].append(elapsed)
            hits[name].append(total)

    def summary(values: list[float]) -> dict:
        values = sorted(values)
        return {
            "queries": len(values),
            "p50_ms": round(statistics.median(values), 2),
            "p95_ms": round(values[max(0, int(len(values) * 0.95) - 1)], 2),
            "max_ms": round(values[-1], 2),
        }

    result = {
        "database": connection.vendor,
        "initiatives": Initiative.objects.count(),
        "all": summary([t for values in timings.values() for t in values]),
        "cpu": summary(cpu),
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "by_kind": {
            name: {**summary(values), "median_hits": int(statistics.median(hits[name]))}
            for name, values in timings.items()
        },
    }
    Path(out).write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(json.dumps(result))
    return result


def _run_one(name: str, database_url: str | None, initiatives: int, queries: int) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix=f"search-bench-{name}-"))
    try:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(BROBYGGER_VAR_DIR=str(var_dir), DEBUG="0", SECRET_KEY="bench-" + "x" * 50)
        env["ALLOWED_HOSTS"] = "127.0.0.1"
        if database_url:
            env["DATABASE_URL"] = database_url
        out = var_dir / "result.json"
        command = [sys.executable, "-m", "benchmarks.search_bench", "--measure"]
        command += ["--initiatives", str(initiatives), "--queries", str(queries)]
        subprocess.run([*command, "--out", str(out)], cwd=ROOT, env=env, check=True)
        return json.loads(out.read_text())
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def markdown(results: dict) -> str:
    lines = [
        "# Search latency: Danish compound words and synonyms",
        "",
        f"Machine: {results['machine']}. `python -m benchmarks.search_bench` "
        "(benchmarks/search_bench.py): generated initiatives, each description with a sentence "
        f"of compound words; synonym groups {', '.join(repr(s) for s in SYNONYMS)}. "
        "Timed: the search selector's count and first page of 20, warm-up excluded.",
        "",
        "Wall-clock time, and this process's CPU time (Python and, for SQLite, the database "
        "itself; for PostgreSQL the server's work is not in it). The machine's 1-minute load "
        "average before and after the queries is given: other work on the machine slows the "
        "wall-clock figures.",
        "",
        "| database | initiatives | queries | p50 ms | p95 ms | max ms | CPU p50 ms | CPU p95 ms "
        "| load |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results["runs"]:
        a, c = r["all"], r["cpu"]
        lines.append(
            f"| {r['database']} | {r['initiatives']} | {a['queries']} | {a['p50_ms']} "
            f"| {a['p95_ms']} | {a['max_ms']} | {c['p50_ms']} | {c['p95_ms']} "
            f"| {r['load_average'][0]} → {r['load_average'][1]} |"
        )
    lines += [
        "",
        "By kind of query (median hits: how many initiatives a query of that kind found):",
        "",
        "| database | kind | queries | p50 ms | p95 ms | max ms | median hits |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results["runs"]:
        for kind, k in r["by_kind"].items():
            lines.append(
                f"| {r['database']} | {kind} | {k['queries']} | {k['p50_ms']} | {k['p95_ms']} "
                f"| {k['max_ms']} | {k['median_hits']} |"
            )
    lines += ["", "Queries: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in QUERIES.items())]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", action="store_true", help="one database, in this process")
    parser.add_argument("--initiatives", type=int, default=INITIATIVES)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.measure:
        measure(args.initiatives, args.queries, args.out)
        return
    databases = [("sqlite", None)]
    if os.environ.get("BENCH_POSTGRES_URL"):
        databases.append(("postgresql", os.environ["BENCH_POSTGRES_URL"]))
    else:
        print("BENCH_POSTGRES_URL not set: PostgreSQL skipped (scripts/bench.sh sets it)")
    results = {
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        ),
        "runs": [_run_one(name, url, args.initiatives, args.queries) for name, url in databases],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    (RESULTS / "search.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))


if __name__ == "__main__":
    main()
