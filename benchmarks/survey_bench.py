"""Survey benchmark: the whole `brobygger survey analyse` of a national-scale synthetic survey
(300,000 respondents, 7 covariates, 6 strata, 180 PSUs) against R's survey package doing the
same estimates (its statistical work alone) on the same machine. Peak memory of our process."""

from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.survey_national import generate

ROOT = Path(__file__).resolve().parent.parent
N = 300_000
# Our statistical work alone, measured as R's is: after loading the libraries, from reading
# the file to every estimate of the tables.
STATISTICS_ONLY = """
import sys, time
from brobygger.survey.codebook import load_codebook
from brobygger.survey.prepare import prepare
from brobygger.survey.tables import build_tables
started = time.perf_counter()
build_tables(prepare(load_codebook(sys.argv[2]), sys.argv[1]))
print(round(time.perf_counter() - started, 2))
"""


def run(results_dir: Path, n: int = N) -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-survey-"))
    try:
        started = time.perf_counter()
        generate(n, work)
        generate_s = time.perf_counter() - started

        started = time.perf_counter()
        ours = subprocess.run(
            [
                str(Path(sys.executable).with_name("brobygger")),
                "survey",
                "analyse",
                str(work / "data.csv"),
                "--codebook",
                str(work / "codebook.yaml"),
                "--out",
                str(work / "out"),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        ours_s = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        statistics = subprocess.run(
            [
                sys.executable,
                "-c",
                STATISTICS_ONLY,
                str(work / "data.csv"),
                str(work / "codebook.yaml"),
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        result = {
            "respondents": n,
            "covariates": 7,
            "strata": 6,
            "psus": 180,
            "brobygger_whole_process_s": round(ours_s, 2),
            "brobygger_peak_memory_mb": round(peak_mb),
            "generate_s": round(generate_s, 2),
            "brobygger_statistics_s": float(statistics.stdout.strip()),
            "brobygger_output": ours.stdout.strip(),
        }
        started = time.perf_counter()
        subprocess.run(
            [
                str(Path(sys.executable).with_name("brobygger")),
                "survey",
                "synth",
                "--n",
                str(n),
                "--out",
                str(work / "aarhus"),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        result["synth_aarhus_s"] = round(time.perf_counter() - started, 2)
        if shutil.which("Rscript"):
            r = subprocess.run(
                ["Rscript", str(ROOT / "benchmarks" / "survey_reference.R"), str(work)],
                capture_output=True,
                text=True,
            )
            match = re.search(r"R survey work ([0-9.]+) s", r.stdout)
            if match:
                result["r_survey_statistics_s"] = float(match.group(1))
                result["speedup"] = round(result["r_survey_statistics_s"] / ours_s, 1)
            else:
                result["r_error"] = (r.stderr or r.stdout).strip().splitlines()[-1:]
        else:
            result["r_error"] = ["Rscript not found (scripts/bench.sh installs r-cran-survey)"]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (results_dir / "survey.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    (results_dir / "survey.md").write_text(markdown(result), encoding="utf-8")
    return result


def markdown(r: dict) -> str:
    lines = [
        "# Survey benchmark",
        "",
        f"{r['respondents']:,} respondents, {r['covariates']} covariates, {r['strata']} strata, "
        f"{r['psus']} PSUs (synthetic).",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| `brobygger survey analyse`, whole process (read, 7 models, tables, CSV, HTML, XLSX, "
        f"PDF, SVG) | {r['brobygger_whole_process_s']} s |",
        f"| peak memory of that process | {r['brobygger_peak_memory_mb']} MB |",
        f"| Brobygger's statistical work alone (read, prepare, 7 models, all tables) | "
        f"{r['brobygger_statistics_s']} s |",
    ]
    if "r_survey_statistics_s" in r:
        lines += [
            f"| R survey 4.1, statistical work alone (same estimates) | "
            f"{r['r_survey_statistics_s']} s |",
            f"| speed-up, whole process against R's statistics | {r['speedup']}x |",
            f"| speed-up, statistics against statistics | "
            f"{round(r['r_survey_statistics_s'] / r['brobygger_statistics_s'], 1)}x |",
        ]
    else:
        lines.append(f"| R | not measured: {' '.join(r.get('r_error', []))} |")
    lines.append(f"| generating the synthetic file | {r['generate_s']} s |")
    lines.append(
        f"| `brobygger survey synth --n {r['respondents']}` (synthetic Aarhus, "
        f"calibrated) | {r.get('synth_aarhus_s', '')} s |"
    )
    return "\n".join(lines) + "\n"
