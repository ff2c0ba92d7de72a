"""Trend benchmark (issue 15): two waves of 300,000 respondents (2013: 6 strata, 180 PSUs;
2017: weights only), `brobygger survey trend --formats csv` (whole process: start-up, reading
and scoring both waves through their codebooks, every estimate, the CSV files) against R's
survey package doing the same estimates (benchmarks/trend_reference.R, statistical work only,
the file reads excluded). Our answers are checked against R's. Best of ``RUNS``; the machine
is shared. Writes bench-results/trend.md and trend.json.

Environment: TREND_BENCH_RUNS (default 3), TREND_BENCH_N (default 300000).
"""

from __future__ import annotations

import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.survey_national import generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
BROBYGGER = str(Path(sys.executable).with_name("brobygger"))
GOAL = 10.0


def _waves(work: Path, n: int) -> float:
    started = time.perf_counter()
    generate(n, work / "2013", seed=2013)
    generate(n, work / "2017", seed=2017)
    codebook = yaml.safe_load((work / "2017" / "codebook.yaml").read_text("utf-8"))
    codebook["design"] = {"weight": "vaegt"}  # the second wave: weights only
    codebook["survey"] = "Synthetic national survey, second wave (benchmark, weights only)"
    (work / "2017" / "codebook.yaml").write_text(yaml.safe_dump(codebook, sort_keys=False))
    return time.perf_counter() - started


def _cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ours(work: Path, runs: int) -> tuple[float, float]:
    command = [BROBYGGER, "survey", "trend", "--out", str(work / "out"), "--formats", "csv"]
    for year in ("2013", "2017"):
        command += ["--wave", f"{year}={work / year / 'data.csv'}:{work / year / 'codebook.yaml'}"]
    best, cpu = float("inf"), float("inf")
    for _ in range(runs):
        started, cpu_before = time.perf_counter(), _cpu()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - started)
        cpu = min(cpu, _cpu() - cpu_before)
    return best, cpu


def r_reference(work: Path, runs: int) -> tuple[float, float]:
    """R's statistical wall time (its own clock) and the CPU time of the whole R process."""
    best, cpu = float("inf"), float("inf")
    for _ in range(runs):
        cpu_before = _cpu()
        out = subprocess.run(
            ["Rscript", str(ROOT / "benchmarks" / "trend_reference.R"), str(work)],
            capture_output=True,
            text=True,
            check=True,
        )
        best = min(best, float(out.stdout.strip().splitlines()[-1]))
        cpu = min(cpu, _cpu() - cpu_before)
    return best, cpu


def largest_differences(work: Path) -> dict[str, float]:
    with open(work / "r_trend.csv", encoding="utf-8") as handle:
        r = {(x["group"], x["wave"], x["what"]): float(x["value"]) for x in csv.DictReader(handle)}
    with open(work / "out" / "trend.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    worst = {"percent": 0.0, "p": 0.0, "compared": 0}
    for row in rows:
        for (group, wave, what), value in r.items():
            if group != row["group"] or wave != row["wave"]:
                continue
            kind = "p" if what == "diff_p" else "percent"
            worst[kind] = max(worst[kind], abs(float(row[what]) - value))
            worst["compared"] += 1
    return worst


def run() -> dict:
    runs = int(os.environ.get("TREND_BENCH_RUNS", "3"))
    n = int(os.environ.get("TREND_BENCH_N", "300000"))
    work = Path(tempfile.mkdtemp(prefix="trend-bench-"))
    try:
        generating = _waves(work, n)
        r_seconds, r_cpu = r_reference(work, runs)
        our_seconds, our_cpu = ours(work, runs)
        diffs = largest_differences(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result = {
        "n_per_wave": n,
        "runs": runs,
        "r_seconds": round(r_seconds, 3),
        "ours_seconds": round(our_seconds, 2),
        "speedup": round(r_seconds / our_seconds, 1),
        "r_cpu_seconds": round(r_cpu, 2),
        "ours_cpu_seconds": round(our_cpu, 2),
        "cpu_speedup": round(r_cpu / our_cpu, 1),
        "load_average": round(os.getloadavg()[0], 1),
        "generating_seconds": round(generating, 2),
        **{f"max_diff_{k}": v for k, v in diffs.items()},
    }
    write(result)
    return result


def write(result: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "trend.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    met = "yes" if result["speedup"] >= GOAL else "no"
    lines = [
        "# Trend benchmark (issue 15)",
        "",
        f"Two waves of {result['n_per_wave']:,} respondents (benchmarks/survey_national.py; "
        "2013: 6 strata, 180 PSUs; 2017: weights only), the estimates of `survey trend`: per "
        "group (all and 5 age groups) and wave the severe prevalence with its logit interval "
        "and the moderate share, the difference from 2013 with its normal interval and p, "
        f"the age-standardised prevalence. Best of {result['runs']} run(s); the machine is "
        "shared (2 cores).",
        "",
        "| tool | what is timed | wall seconds | CPU seconds (whole process) |",
        "| --- | --- | --- | --- |",
        f"| R survey 4.1 | statistical work (file reads excluded) | {result['r_seconds']} | "
        f"{result['r_cpu_seconds']} |",
        "| Brobygger `survey trend --formats csv` | whole process (start-up, read and score "
        f"both waves, estimates, CSV) | {result['ours_seconds']} | "
        f"{result['ours_cpu_seconds']} |",
        "",
        "| goal | measured | met |",
        "| --- | --- | --- |",
        f"| whole process >= {GOAL:g}x faster than R's statistics | {result['speedup']}x | {met} |",
        f"| (CPU time, R's whole process incl. reading vs ours) | {result['cpu_speedup']}x | |",
        "",
        "Wall time on a shared machine depends on its load (1-minute load average "
        f"{result['load_average']} on 2 cores at the end of this run); CPU time does much less, "
        "and R's includes reading its two files, so the CPU ratio is the cautious one.",
        "",
        f"Agreement with R over {result['max_diff_compared']} numbers: largest difference "
        f"{result['max_diff_percent']:.1e} percentage points, {result['max_diff_p']:.1e} in "
        f"p. Generating the two waves: {result['generating_seconds']} s.",
        "",
        "Run: `python -m benchmarks.trend_bench` (or `make bench`).",
    ]
    (RESULTS / "trend.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
