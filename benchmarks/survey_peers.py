"""The benchmark's estimates done by Python's survey libraries `svy` (0.35) and `samplics` (0.6):
Table 1 (prevalences by group with the severe interval), the seven models (severe or moderate
against not lonely, age and every covariate whose reference and another category occur) and
the cell percentages of Tables 2-3 — the work `survey_reference.R` does in R.

usage: python -m benchmarks.survey_peers svy|samplics DIR
Reads DIR/clean.csv and DIR/levels.csv (from survey_national.generate), prints
"<tool> work X s" (reading the file excluded, as for R) and writes DIR/<tool>_answers.csv in
the long form every tool's answers are compared in (kind, group, outcome, variable, category,
what, value).
"""

from __future__ import annotations

import csv
import sys
import time
import warnings
from pathlib import Path

import numpy as np

GROUPS_ALL = "all"


def _levels(directory: Path) -> dict[str, tuple[list[str], str]]:
    out: dict[str, tuple[list[str], str]] = {}
    with open(directory / "levels.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            cats, ref = out.get(row["variable"], ([], ""))
            cats.append(row["category"])
            out[row["variable"]] = (cats, row["category"] if row["reference"] == "True" else ref)
    return out


def model_specs(groups: list[str]) -> list[tuple[str, str]]:
    return [(GROUPS_ALL, "severe"), (GROUPS_ALL, "moderate")] + [(g, "severe") for g in groups]


def write_answers(path: Path, rows: list[tuple]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kind", "group", "outcome", "variable", "category", "what", "value"])
        writer.writerows(rows)


def run_svy(directory: Path) -> list[tuple]:
    import polars as pl
    import svy

    levels = _levels(directory)
    frame = pl.read_csv(directory / "clean.csv", infer_schema_length=0)  # text, as R reads it
    started = time.perf_counter()
    frame = frame.with_columns(
        pl.col("w").cast(pl.Float64),
        pl.col("age").cast(pl.Float64),
        pl.col("cls").fill_null(""),
        pl.col("grp").fill_null(""),
        *[pl.col(v).fill_null("") for v in levels],
    )
    frame = frame.with_columns(
        *[
            (pl.col("cls") == k).cast(pl.Float64).alias(f"is_{k}")
            for k in ("none", "moderate", "severe")
        ]
    )
    sample = svy.Sample(frame, svy.Design(stratum="stratum", psu="psu", wgt="w"))
    groups = sorted(g for g in frame["grp"].unique().to_list() if g)
    scored = svy.col("cls") != ""
    answers: list[tuple] = []

    def in_group(g):
        return [scored] if g == GROUPS_ALL else [scored, svy.col("grp") == g]

    for g in [GROUPS_ALL, *groups]:
        for k in ("none", "moderate", "severe"):
            est = sample.estimation.mean(f"is_{k}", where=in_group(g)).to_polars()
            answers.append(("table1", g, "", "", "", f"{k}_pct", 100 * est["est"][0]))
        ci = sample.estimation.prop("is_severe", where=in_group(g)).to_polars()
        row = ci.filter(pl.col(ci.columns[0]).cast(pl.Float64) == 1.0)
        answers.append(("table1", g, "", "", "", "severe_pct_low", 100 * row["lci"][0]))
        answers.append(("table1", g, "", "", "", "severe_pct_high", 100 * row["uci"][0]))
    complete = frame["age"].is_not_null()
    for v in levels:
        complete &= frame[v] != ""
    for g, outcome in model_specs(groups):
        keep = frame["cls"].is_in(["none", outcome]) & complete
        if g != GROUPS_ALL:
            keep &= frame["grp"] == g
        used = []
        for v, (_cats, ref) in levels.items():
            present = set(frame.filter(keep)[v].unique().to_list())
            if len(present) >= 2 and ref in present:
                used.append(v)
        where = [svy.col("cls").is_in(["none", outcome]), svy.col("age").is_not_null()]
        where += [svy.col(v) != "" for v in levels]
        if g != GROUPS_ALL:
            where.append(svy.col("grp") == g)
        model = sample.glm.fit(
            y=f"is_{outcome}",
            x=["age", *[svy.Cat(v, ref=levels[v][1]) for v in used]],
            family="binomial",
            where=where,
        )
        for term in model.to_polars().iter_rows(named=True):
            answers.append(
                ("model", g, outcome, "", term["term"], "or", float(np.exp(term["estimate"])))
            )
    for g in [GROUPS_ALL, *groups]:
        for v in levels:
            for k in ("moderate", "severe"):
                est = sample.estimation.mean(
                    f"is_{k}", by=v, where=in_group(g) + [svy.col(v) != ""]
                )
                for row in est.to_polars().iter_rows(named=True):
                    answers.append(("cell", g, "", v, row[v], f"{k}_pct", 100 * row["est"]))
    print(f"svy work {time.perf_counter() - started:.3f} s")
    return answers


def run_samplics(directory: Path) -> list[tuple]:
    import pandas as pd

    warnings.simplefilter("ignore")
    from samplics.estimation import TaylorEstimator
    from samplics.regression import SurveyGLM
    from samplics.utils.types import ModelType, PopParam

    levels = _levels(directory)
    frame = pd.read_csv(directory / "clean.csv", dtype=str, keep_default_na=False)
    started = time.perf_counter()
    w = frame["w"].astype(float).to_numpy()
    age = pd.to_numeric(frame["age"]).to_numpy()
    stratum, psu = frame["stratum"].to_numpy(), frame["psu"].to_numpy()
    cls, grp = frame["cls"].to_numpy(), frame["grp"].to_numpy()
    scored = cls != ""
    groups = sorted(g for g in set(grp) if g)
    answers: list[tuple] = []

    def group_mask(g):
        return scored if g == GROUPS_ALL else scored & (grp == g)

    for g in [GROUPS_ALL, *groups]:
        inside = group_mask(g)
        for k in ("none", "moderate", "severe"):
            est = TaylorEstimator(PopParam.prop)
            est.estimate(
                y=(cls == k).astype(float),
                samp_weight=np.where(inside, w, 0.0),
                stratum=stratum,
                psu=psu,
            )
            answers.append(("table1", g, "", "", "", f"{k}_pct", 100 * est.point_est[1.0]))
            if k == "severe":
                answers.append(("table1", g, "", "", "", "severe_pct_low", 100 * est.lower_ci[1.0]))
                answers.append(
                    ("table1", g, "", "", "", "severe_pct_high", 100 * est.upper_ci[1.0])
                )
    complete = ~np.isnan(age)
    for v in levels:
        complete &= frame[v].to_numpy() != ""
    for g, outcome in model_specs(groups):
        keep = np.isin(cls, ["none", outcome]) & complete
        if g != GROUPS_ALL:
            keep &= grp == g
        columns, names = [np.nan_to_num(age)], ["age"]
        for v, (cats, ref) in levels.items():
            values = frame[v].to_numpy()
            present = set(values[keep])
            if len(present) >= 2 and ref in present:
                for c in cats:
                    if c != ref and c in present:
                        columns.append((values == c).astype(float))
                        names.append(f"{v}{c}")
        model = SurveyGLM(ModelType.LOGISTIC)
        model.estimate(  # a domain: zero weight outside it, every row kept in the design
            y=(cls == outcome).astype(float),
            x=np.column_stack(columns),
            x_labels=names,
            samp_weight=np.where(keep, w, 0.0),
            stratum=stratum,
            psu=psu,
            add_intercept=True,
        )
        for name, b in zip(model.x_labels, model.beta["point_est"], strict=True):
            if name != "Intercept":
                answers.append(("model", g, outcome, "", name, "or", float(np.exp(b))))
    for g in [GROUPS_ALL, *groups]:
        for v, (cats, _ref) in levels.items():
            values = frame[v].to_numpy()
            inside = group_mask(g) & (values != "")
            for k in ("moderate", "severe"):
                est = TaylorEstimator(PopParam.mean)
                est.estimate(
                    y=(cls == k).astype(float),
                    samp_weight=np.where(inside, w, 0.0),
                    stratum=stratum,
                    psu=psu,
                    domain=values,
                )
                for c in cats:
                    if c in est.point_est and np.any(inside & (values == c)):
                        answers.append(("cell", g, "", v, c, f"{k}_pct", 100 * est.point_est[c]))
    print(f"samplics work {time.perf_counter() - started:.3f} s")
    return answers


if __name__ == "__main__":
    tool, directory = sys.argv[1], Path(sys.argv[2])
    rows = {"svy": run_svy, "samplics": run_samplics}[tool](directory)
    write_answers(directory / f"{tool}_answers.csv", rows)
