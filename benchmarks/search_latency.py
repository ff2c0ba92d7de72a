"""Search latency over a generated directory, in one process per database.

Usage: python -m benchmarks.search_latency --initiatives 10000 --out FILE.json
(the database is whatever DATABASE_URL / BROBYGGER_VAR_DIR say).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.generate import WORDS, populate
    from brobygger.directory.models import Initiative
    from brobygger.directory.selectors import SearchParams, initiative_search

    call_command("migrate", interactive=False, verbosity=0)
    if Initiative.objects.count() < args.initiatives:
        started = time.perf_counter()
        populate(args.initiatives - Initiative.objects.count())
        print(f"generated {args.initiatives} initiatives in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:  # planner statistics after the bulk load
        cursor.execute("ANALYZE")

    rng = random.Random(7)
    kinds = ["meeting_place", "social_activity", "online_phone", ""]
    shapes = [
        lambda: SearchParams(text=rng.choice(WORDS) + "er"),
        lambda: SearchParams(age=rng.randint(16, 90)),
        lambda: SearchParams(age=rng.randint(16, 90), initiative_type=rng.choice(kinds)),
        lambda: SearchParams(text=rng.choice(WORDS), age=rng.randint(16, 90)),
        lambda: SearchParams(place=rng.choice(["8000", "8220", "Viby"]), target_group="elderly"),
        lambda: SearchParams(open="week", language="ar"),
        lambda: SearchParams(),
    ]
    timings = []
    for i in range(args.queries + 20):
        params = shapes[i % len(shapes)]()
        started = time.perf_counter()
        qs = initiative_search(params)
        total = qs.count()
        first_page = list(qs[:20])
        for item in first_page:  # what the results page renders
            _ = [t.name for t in item.target_groups.all()], item.organization.name
        elapsed = time.perf_counter() - started
        if i >= 20:  # warm-up excluded
            timings.append(elapsed * 1000)
        assert total >= 0
    timings.sort()
    result = {
        "database": connection.vendor,
        "initiatives": Initiative.objects.count(),
        "queries": len(timings),
        "p50_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
        "max_ms": round(timings[-1], 2),
    }
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
