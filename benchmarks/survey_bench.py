"""Survey benchmark: the same 300,000-respondent stratified, clustered survey (7 covariates,
6 strata, 180 PSUs; 7 models, about 190 domain cells) analysed by R's survey package, by `svy`
and `samplics`, and by `brobygger survey analyse` (whole process: start-up, reading, every
estimate, the files), each one's answers checked against R's. Then 3 million respondents with
`--formats csv`. Times are the best of ``RUNS`` (the machine is shared); peak memory is that of
our process. Writes bench-results/survey.md and survey.json.

Environment: SURVEY_BENCH_RUNS (default 3), SURVEY_BENCH_LARGE (default 3000000; 0 skips),
SURVEY_BENCH_PEERS (default "svy,samplics"; samplics runs once: it takes minutes).
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.survey_national import generate

ROOT = Path(__file__).resolve().parent.parent
N = 300_000
BROBYGGER = str(Path(sys.executable).with_name("brobygger"))
# Our statistical work alone, measured as R's is: after loading the libraries, from reading
# the file to every estimate of the tables.
STATISTICS_ONLY = """
import sys, time
from brobygger.survey.codebook import load_codebook
from brobygger.survey.prepare import prepare
from brobygger.survey.tables import build_tables
started = time.perf_counter()
build_tables(prepare(load_codebook(sys.argv[2]), sys.argv[1]))
print(round(time.perf_counter() - started, 3))
"""
# runs a command and prints its peak resident memory (KB) afterwards
WITH_MEMORY = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def _timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one run of ``command``."""
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", WITH_MEMORY, *command], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - started
    kilobytes, code = out.stdout.split()
    if code != "0":
        raise RuntimeError(f"{' '.join(command)} failed")
    return seconds, int(kilobytes) / 1024


def ours(work: Path, formats: str, runs: int) -> dict:
    command = [BROBYGGER, "survey", "analyse", str(work / "data.csv")]
    command += ["--codebook", str(work / "codebook.yaml"), "--out", str(work / f"out-{formats}")]
    command += ["--formats", formats]
    timings = [_timed(command) for _ in range(runs)]
    return {"s": round(min(t for t, _m in timings), 2), "mb": round(max(m for _t, m in timings))}


def _work_seconds(command: list[str], pattern: str, runs: int) -> tuple[float | None, str]:
    best, error = None, ""
    for _ in range(runs):
        out = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        match = re.search(pattern, out.stdout)
        if not match:
            return None, (out.stderr or out.stdout).strip().splitlines()[-1:][0]
        best = min(best or float("inf"), float(match.group(1)))
    return best, error


def _answers(path: Path) -> dict[tuple, float]:
    with open(path, encoding="utf-8") as handle:
        return {
            (
                r["kind"],
                r["group"],
                r["outcome"],
                _term(r["variable"] + r["category"]),
                r["what"],
            ): float(r["value"])
            for r in csv.DictReader(handle)
            if r["value"] not in ("", "NA")
        }


def _term(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text)


def our_answers(out: Path) -> dict[tuple, float]:
    """Our CSV files in the comparison's long form."""
    answers: dict[tuple, float] = {}

    def rows(name):
        with open(out / name, encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    for r in rows("table1.csv"):
        for ours_name, what in (("not_pct", "none_pct"), ("moderate_pct", "moderate_pct")) + tuple(
            (k, k) for k in ("severe_pct", "severe_pct_low", "severe_pct_high")
        ):
            if r.get(ours_name):
                answers[("table1", r["group"], "", "", what)] = float(r[ours_name])
    for name, outcomes in (("table2.csv", ("severe", "moderate")), ("table3.csv", ("severe",))):
        for r in rows(name):
            term = _term(r["variable"] + r["category"])
            for o in outcomes:
                if r["variable"] != "age" and r.get(f"{o}_pct"):
                    answers[("cell", r["group"], "", term, f"{o}_pct")] = float(r[f"{o}_pct"])
                if r.get(f"{o}_p"):
                    for what in ("or", "or_low", "or_high", "p"):
                        answers[("model", r["group"], o, term, what)] = float(r[f"{o}_{what}"])
    return answers


def max_differences(tool: dict[tuple, float], reference: dict[tuple, float]) -> dict:
    """Largest difference from R: percentages in points, odds ratios and limits relative,
    p-values absolute; how many of R's numbers were compared and how many the tool lacks."""
    worst: dict[str, float | None] = dict.fromkeys(("pct", "pct_limits", "or", "or_limits", "p"))
    compared = missing = 0
    for key, expected in reference.items():
        what = key[-1]
        if key not in tool:
            missing += 1
            continue
        value = tool[key]
        compared += 1
        if what in ("severe_pct_low", "severe_pct_high"):
            kind, difference = "pct_limits", abs(value - expected)
        elif what.endswith("pct"):
            kind, difference = "pct", abs(value - expected)
        elif what in ("or", "or_low", "or_high"):
            kind, difference = ("or" if what == "or" else "or_limits"), abs(value / expected - 1)
        else:
            kind, difference = "p", abs(value - expected)
        worst[kind] = max(worst[kind] or 0.0, difference)
    rounded = {k: None if v is None else float(f"{v:.2g}") for k, v in worst.items()}
    return {**rounded, "compared": compared, "missing": missing}


def run(results_dir: Path, n: int = N) -> dict:
    runs = int(os.environ.get("SURVEY_BENCH_RUNS", "3"))
    large = int(os.environ.get("SURVEY_BENCH_LARGE", "3000000"))
    peers = [p for p in os.environ.get("SURVEY_BENCH_PEERS", "svy,samplics").split(",") if p]
    work = Path(tempfile.mkdtemp(prefix="bench-survey-"))
    result: dict = {"respondents": n, "covariates": 7, "strata": 6, "psus": 180, "runs": runs}
    try:
        started = time.perf_counter()
        generate(n, work)
        result["generate_s"] = round(time.perf_counter() - started, 2)
        result["ours_csv"] = ours(work, "csv", runs)
        result["ours_all"] = ours(work, "csv,html,xlsx,pdf,svg", runs)
        stats = [
            subprocess.run(
                [sys.executable, "-c", STATISTICS_ONLY, str(work / "data.csv")]
                + [str(work / "codebook.yaml")],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            for _ in range(runs)
        ]
        result["ours_statistics_s"] = min(float(s.stdout.strip()) for s in stats)
        tools = {"ours": None}
        if shutil.which("Rscript"):
            seconds, error = _work_seconds(
                ["Rscript", str(ROOT / "benchmarks" / "survey_reference.R"), str(work)],
                r"R survey work ([0-9.]+) s",
                runs,
            )
            result["r_s"], result["r_error"] = seconds, error
        else:
            result["r_s"], result["r_error"] = None, "Rscript not found"
        for peer in peers:
            seconds, error = _work_seconds(
                [sys.executable, "-m", "benchmarks.survey_peers", peer, str(work)],
                rf"{peer} work ([0-9.]+) s",
                1 if peer == "samplics" else runs,
            )
            result[f"{peer}_s"], result[f"{peer}_error"] = seconds, error
            tools[peer] = None
        if (work / "r_answers.csv").exists():
            reference = _answers(work / "r_answers.csv")
            result["diff_ours"] = max_differences(our_answers(work / "out-csv"), reference)
            for peer in peers:
                if (work / f"{peer}_answers.csv").exists():
                    result[f"diff_{peer}"] = max_differences(
                        _answers(work / f"{peer}_answers.csv"), reference
                    )
        if large:
            big = work / "large"
            generate(large, big)
            result["large"] = {"respondents": large, **ours(big, "csv", 1)}
        started = time.perf_counter()
        subprocess.run(
            [BROBYGGER, "survey", "synth", "--n", str(n), "--out", str(work / "aarhus")],
            capture_output=True,
            text=True,
            check=True,
        )
        result["synth_aarhus_s"] = round(time.perf_counter() - started, 2)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (results_dir / "survey.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    (results_dir / "survey.md").write_text(markdown(result), encoding="utf-8")
    return result


def _ratio(a, b) -> str:
    return f"{a / b:.1f}x" if a and b else "–"


def markdown(r: dict) -> str:
    csv_s, all_s, r_s = r["ours_csv"]["s"], r["ours_all"]["s"], r.get("r_s")
    svy_s = r.get("svy_s")
    lines = [
        "# Survey benchmark",
        "",
        f"{r['respondents']:,} respondents, {r['covariates']} covariates, {r['strata']} strata, "
        f"{r['psus']} PSUs (synthetic, benchmarks/survey_national.py): Table 1, 7 models, the "
        f"cell percentages. Best of {r['runs']} runs (samplics: one); the machine is shared.",
        "",
        "| tool | what is timed | seconds | max Δ % (points) | max Δ % limits (points) | "
        "max rel. Δ OR | max rel. Δ OR limits | max Δ p | R's numbers compared (missing) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]

    def diff(name):
        d = r.get(f"diff_{name}")
        if not d:
            return "| – | – | – | – | – | – |"
        keys = ("pct", "pct_limits", "or", "or_limits", "p")
        cells = ["–" if d[k] is None else str(d[k]) for k in keys]
        return "| " + " | ".join(cells) + f" | {d['compared']} ({d['missing']}) |"

    lines.append(
        f"| R survey | statistical work (file read excluded) | {r_s or r.get('r_error')} "
        "| reference | | | | | |"
    )
    for peer, label in (("svy", "svy 0.35"), ("samplics", "samplics 0.6")):
        if f"{peer}_s" in r:
            lines.append(
                f"| {label} | statistical work (file read excluded) | "
                f"{r[f'{peer}_s'] or r.get(f'{peer}_error')} {diff(peer)}"
            )
    lines += [
        f"| Brobygger `--formats csv` | whole process (start-up, read, estimates, CSV) | "
        f"{csv_s} {diff('ours')}",
        f"| Brobygger, every format | whole process (+ HTML, XLSX, PDF, SVG) | {all_s} "
        "| | | | | | |",
        f"| Brobygger | statistical work alone (read, prepare, estimates) | "
        f"{r['ours_statistics_s']} | | | | | | |",
        "",
        "| goal | measured | met |",
        "| --- | --- | --- |",
        f"| `--formats csv` whole process >= 10x faster than R's statistics | {_ratio(r_s, csv_s)} "
        f"| {'yes' if r_s and r_s / csv_s >= 10 else 'no'} |",
        f"| `--formats csv` whole process >= 6x faster than svy | {_ratio(svy_s, csv_s)} "
        f"| {'yes' if svy_s and svy_s / csv_s >= 6 else 'no'} |",
        f"| every format >= 5x faster than R | {_ratio(r_s, all_s)} "
        f"| {'yes' if r_s and r_s / all_s >= 5 else 'no'} |",
        f"| peak memory < 1 GB | {r['ours_all']['mb']} MB "
        f"| {'yes' if r['ours_all']['mb'] < 1024 else 'no'} |",
    ]
    if "large" in r:
        big = r["large"]
        lines.append(
            f"| {big['respondents']:,} respondents, `--formats csv`: < 20 s and < 4 GB | "
            f"{big['s']} s, {big['mb']} MB | "
            f"{'yes' if big['s'] < 20 and big['mb'] < 4096 else 'no'} |"
        )
    lines += [
        "",
        "Δ: the largest difference from R's answer over every number both give (percentages "
        "in points, odds ratios and their limits relative, p-values absolute); – where the "
        "tool's output has no such number (svy and samplics are compared on their point "
        "estimates and prevalence intervals). Missing: R's numbers the tool does not report "
        "(for Brobygger, cells suppressed by the contract's min_cell).",
        "",
        f"Generating the synthetic file: {r['generate_s']} s. `brobygger survey synth --n "
        f"{r['respondents']}` (synthetic Aarhus, calibrated): {r.get('synth_aarhus_s', '')} s.",
    ]
    return "\n".join(lines) + "\n"
