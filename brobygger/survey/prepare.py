"""From raw survey columns to the analysis: T-ILS scores and bands, age groups, covariate
categories and the design. All validation against the codebook happens here; an error names
the file, the column, the codebook key and the first row at fault (rows counted from 1,
the header not included)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from brobygger.survey.codebook import Codebook, code_text
from brobygger.survey.design import SurveyDesign
from brobygger.survey.errors import SurveyError
from brobygger.survey.readers import read_table

NOT_LONELY, MODERATE, SEVERE, NO_SCORE = 0, 1, 2, -1


@dataclass
class AnalysisData:
    """One survey, ready for the estimators."""

    codebook: Codebook
    design: SurveyDesign
    score: np.ndarray  # float, NaN without a score
    band: np.ndarray  # NOT_LONELY / MODERATE / SEVERE / NO_SCORE
    age: np.ndarray  # float, NaN when missing
    group: np.ndarray  # index into codebook.age.groups, -1 outside every group
    covariates: dict[str, np.ndarray]  # category index (codebook order), -1 when missing

    @property
    def n(self) -> int:
        return len(self.score)

    @property
    def scored(self) -> np.ndarray:
        return self.band != NO_SCORE


def column_sources(codebook: Codebook) -> dict[str, str]:
    """Which codebook key names each column (for messages)."""
    sources = {codebook.design.weight: "design.weight", codebook.age.column: "age.column"}
    for key in ("strata", "psu", "fpc"):
        column = getattr(codebook.design, key)
        if column:
            sources.setdefault(column, f"design.{key}")
    for i, item in enumerate(codebook.loneliness.items):
        sources.setdefault(item, f"loneliness.items[{i}]")
    for i, cov in enumerate(codebook.covariates):
        sources.setdefault(cov.column, f"covariates[{i}].column")
    return sources


class _Column:
    """One raw column with the names needed for a clear message."""

    def __init__(self, path, frame: pd.DataFrame, column: str, sources: dict[str, str]):
        self.path, self.column, self.key = path, column, sources.get(column, "")
        self.raw = frame[column]

    def fail(self, row_index: int, problem: str):
        raise SurveyError(
            f"{self.path}: column {self.column!r} ({self.key}): {problem} in row {row_index + 1}"
        )

    def text(self) -> pd.Series:
        """Codes as canonical text; blank and NaN become ""."""
        raw = self.raw
        if pd.api.types.is_numeric_dtype(raw):
            values = raw.to_numpy(dtype=float)
            out = pd.Series([""] * len(values), dtype=object)
            ok = ~np.isnan(values)
            integral = ok & (np.mod(values, 1) == 0)
            out[integral] = values[integral].astype(np.int64).astype(str)
            out[ok & ~integral] = pd.Series(values[ok & ~integral]).map(repr).to_numpy()
            return out
        text = raw.fillna("").astype(str).str.strip()
        numbers = pd.to_numeric(text, errors="coerce")
        integral = numbers.notna() & (numbers % 1 == 0) & ~text.str.fullmatch(r"-?\d+")
        if integral.any():
            text = text.where(~integral, numbers[integral].astype(np.int64).astype(str))
        return text

    def numbers(self, *, what: str, allow_missing: bool) -> np.ndarray:
        if pd.api.types.is_numeric_dtype(self.raw):
            values = self.raw.to_numpy(dtype=float)
        else:
            text = self.raw.fillna("").astype(str).str.strip().str.replace(",", ".", regex=False)
            coerced = pd.to_numeric(text, errors="coerce")
            bad = coerced.isna() & (text != "")
            if bad.any():
                i = int(np.flatnonzero(bad.to_numpy())[0])
                self.fail(i, f"{self.raw.iloc[i]!r} is not a number ({what})")
            values = coerced.to_numpy(dtype=float)
        if not allow_missing and np.isnan(values).any():
            self.fail(int(np.flatnonzero(np.isnan(values))[0]), f"missing {what}")
        return values

    def codes(self, known: dict[str, int], missing: set[str], *, context: str) -> np.ndarray:
        text = self.text()
        index = text.map(known)
        unknown = index.isna() & ~text.isin(missing) & (text != "")
        if unknown.any():
            i = int(np.flatnonzero(unknown.to_numpy())[0])
            listed = ", ".join(sorted(known, key=_natural))
            self.fail(i, f"unknown code {text.iloc[i]} (the codebook's {context} lists {listed})")
        return index.fillna(-1).to_numpy(dtype=np.int64)


def _natural(code: str):
    return (0, float(code), "") if _is_number(code) else (1, 0.0, code)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def prepare(codebook: Codebook, path) -> AnalysisData:
    """Read ``path`` and turn it into AnalysisData according to ``codebook``."""
    sources = column_sources(codebook)
    frame = read_table(path, codebook.columns(), sources)

    def col(name: str) -> _Column:
        return _Column(path, frame, name, sources)

    d = codebook.design
    weight = col(d.weight)
    weights = weight.numbers(what="weight", allow_missing=False)
    if (weights <= 0).any():
        i = int(np.flatnonzero(weights <= 0)[0])
        weight.fail(i, f"weight {weights[i]:g} is not positive")
    strata = _labels(col(d.strata), "stratum") if d.strata else None
    psu = _labels(col(d.psu), "PSU") if d.psu else None
    fpc = None
    if d.fpc:
        fpc_col = col(d.fpc)
        fpc = fpc_col.numbers(what="fpc", allow_missing=False)
        if (fpc <= 0).any():
            fpc_col.fail(int(np.flatnonzero(fpc <= 0)[0]), "fpc must be positive")
    design = SurveyDesign(weights, strata=strata, clusters=psu, fpc=fpc, lonely_psu=d.lonely_psu)

    score = _score(codebook, col)
    lon = codebook.loneliness
    band = np.full(len(score), NO_SCORE, dtype=np.int8)
    has = ~np.isnan(score)
    band[has] = np.where(
        score[has] >= lon.severe[0], SEVERE, np.where(score[has] >= lon.moderate[0], MODERATE, 0)
    )

    age_col = col(codebook.age.column)
    age = age_col.numbers(what="age in years", allow_missing=True)
    impossible = ~np.isnan(age) & ((age < 0) | (age > 130))
    if impossible.any():
        i = int(np.flatnonzero(impossible)[0])
        age_col.fail(i, f"age {age[i]:g} is impossible")
    group = np.full(len(age), -1, dtype=np.int64)
    for g, spec in enumerate(codebook.age.groups):
        upper = np.inf if spec.to is None else spec.to
        group[(age >= spec.from_) & (age <= upper)] = g

    covariates = {}
    for i, cov in enumerate(codebook.covariates):
        known = {code_text(c.code): k for k, c in enumerate(cov.categories)}
        covariates[cov.name] = col(cov.column).codes(
            known, {code_text(m) for m in cov.missing}, context=f"covariates[{i}] ({cov.name})"
        )
    return AnalysisData(codebook, design, score, band, age, group, covariates)


def _labels(column: _Column, what: str) -> np.ndarray:
    text = column.text()
    blank = (text == "").to_numpy()
    if blank.any():
        column.fail(int(np.flatnonzero(blank)[0]), f"missing {what}")
    return text.to_numpy()


def _score(codebook: Codebook, col) -> np.ndarray:
    lon = codebook.loneliness
    code_map = lon.code_map()
    known = {code: i for i, code in enumerate(code_map)}
    values = np.array(list(code_map.values()))
    items = []
    for item in lon.items:
        index = col(item).codes(known, lon.missing_codes(), context="loneliness.codes")
        items.append(np.where(index >= 0, values[np.maximum(index, 0)], np.nan))
    matrix = np.column_stack(items)
    answered = (~np.isnan(matrix)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        total = np.nansum(matrix, axis=1) * len(lon.items) / answered
    return np.where(answered >= lon.min_items, total, np.nan)
