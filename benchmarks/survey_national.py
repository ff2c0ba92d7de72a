"""A synthetic national-scale survey for the benchmark: 300,000 respondents, 7 covariates,
6 strata, 180 PSUs (30 per stratum), unequal weights, loneliness items from a logistic model
with a PSU effect (so the design matters). Writes the raw file and codebook for Brobygger and
the decoded file for R."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

COVARIATES = [  # name, column, categories (name, code), reference index
    ("sex", "koen", [("male", 1), ("female", 2)], 0),
    ("ethnicity", "etn", [("danish", 1), ("other", 2)], 0),
    ("education", "udd", [("low", 1), ("medium", 2), ("high", 3)], 2),
    (
        "employment",
        "besk",
        [("employed", 1), ("student", 2), ("unemployed", 3), ("disability", 4), ("retired", 5)],
        0,
    ),
    ("alone", "alene", [("no", 0), ("yes", 1)], 0),
    ("tenure", "bolig", [("owner", 1), ("renter", 2)], 0),
    ("mental", "psyk", [("no", 0), ("yes", 1)], 0),
]
GROUPS = [(16, 29), (30, 44), (45, 59), (60, 74), (75, None)]


def generate(n: int, out: Path, seed: int = 2013) -> None:
    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)
    stratum = rng.integers(1, 7, n)
    psu = stratum * 100 + rng.integers(0, 30, n)
    age = np.clip(rng.gamma(6, 8, n) + 16, 16, 101).round()
    columns = {"id": np.arange(1, n + 1), "stratum": stratum, "psu": psu, "alder": age}
    linear = -2.2 + 0.004 * (age - 50) + rng.normal(0, 0.15, 700)[psu % 700]
    decoded = {}
    for name, column, cats, _ref in COVARIATES:
        probs = np.full(len(cats), 1 / len(cats))
        if name == "employment":
            probs = np.array([0.5, 0.12, 0.06, 0.05, 0.27])
        if name in ("ethnicity", "mental"):
            probs = np.array([0.9, 0.1])
        k = rng.choice(len(cats), n, p=probs)
        if name == "employment":
            k = np.where(age >= 70, 4, np.where((age < 25) & (k == 4), 1, k))
        linear = linear + np.array([0, 0.3, 0.6, 0.9, 1.2])[k] * (name != "sex")
        codes = np.array([c for _n, c in cats])[k].astype(object)
        missing = rng.random(n) < 0.01
        codes[missing] = 9 if name == "education" else ""
        columns[column] = codes
        decoded[name] = np.where(missing, "", np.array([n_ for n_, _c in cats])[k])
    p = 1 / (1 + np.exp(-linear))
    for item in ("ils1", "ils2", "ils3"):
        score = 1 + (rng.random(n) < p * 1.6).astype(int) + (rng.random(n) < p * 0.9).astype(int)
        score = np.where(rng.random(n) < 0.02, 9, score)
        columns[item] = score
    weights = rng.gamma(4, 20, n) * (1 + 0.3 * (stratum == 6))
    columns["vaegt"] = weights.round(4)
    pd.DataFrame(columns).to_csv(out / "data.csv", index=False)
    codebook = {
        "survey": "Synthetic national survey (benchmark)",
        "population": 4_800_000,
        "design": {"weight": "vaegt", "strata": "stratum", "psu": "psu", "lonely_psu": "fail"},
        "loneliness": {
            "items": ["ils1", "ils2", "ils3"],
            "codes": {1: 1, 2: 2, 3: 3},
            "missing": [9],
            "min_items": 3,
        },
        "age": {
            "column": "alder",
            "in_model": "continuous",
            "groups": [
                {
                    "from": lo,
                    "to": hi,
                    "label": {"da": f"{lo}-{hi or ''} år", "en": f"{lo}-{hi or ''}"},
                }
                for lo, hi in GROUPS
            ],
        },
        "covariates": [
            {
                "name": name,
                "column": column,
                "label": {"da": name, "en": name},
                "missing": [9] if name == "education" else [],
                "categories": [
                    {
                        "code": code,
                        "name": cn,
                        "label": {"da": cn, "en": cn},
                        **({"reference": True} if i == ref else {}),
                    }
                    for i, (cn, code) in enumerate(cats)
                ],
            }
            for name, column, cats, ref in COVARIATES
        ],
        "options": {"min_cell": 50, "risk_or": 2.0, "alpha": 0.05, "level": 0.95},
    }
    (out / "codebook.yaml").write_text(yaml.safe_dump(codebook, sort_keys=False), "utf-8")
    # the decoded file for R (same scoring as the codebook: all three items needed)
    items = np.column_stack([columns[i] for i in ("ils1", "ils2", "ils3")])
    total = np.where((items == 9).any(axis=1), np.nan, items.sum(axis=1))
    cls = np.where(
        np.isnan(total),
        "",
        np.where(total >= 7, "severe", np.where(total >= 5, "moderate", "none")),
    )
    grp = np.full(n, "", dtype=object)
    for lo, hi in GROUPS:
        grp[(age >= lo) & ((age <= hi) if hi else True)] = f"{lo}-{hi or ''}"
    levels = [
        (name, cn, i == ref)
        for name, _c, cats, ref in COVARIATES
        for i, (cn, _code) in enumerate(cats)
    ]
    pd.DataFrame(
        {
            "w": weights.round(4),
            "stratum": stratum,
            "psu": psu,
            "cls": cls,
            "age": age,
            "grp": grp,
            **decoded,
        }
    ).to_csv(out / "clean.csv", index=False)
    pd.DataFrame(levels, columns=["variable", "category", "reference"]).to_csv(
        out / "levels.csv", index=False
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300_000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.n, args.out)
