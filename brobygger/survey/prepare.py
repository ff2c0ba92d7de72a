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
    for column, key in codebook.design.column_keys():
        sources.setdefault(column, key)
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

    def fail(self, row_index: int, code: str, /, **params):
        """Refuse the value of one row: ``code`` and ``params`` say what is wrong with it."""
        raise SurveyError(
            "row_value",
            file=self.path,
            column=self.column,
            key=self.key,
            row=row_index + 1,
            problem=SurveyError(code, **params),
        )

    def factorized(self) -> tuple[np.ndarray, list[str]]:
        """Row codes into the column's distinct values, each as canonical code text.

        Only the few distinct values are normalised in Python; rows stay in numpy.
        """
        codes, uniques = pd.factorize(self.raw, use_na_sentinel=True)
        texts = [_canonical(u) for u in uniques]
        if (codes < 0).any():  # NaN: blank
            texts.append("")
            codes = np.where(codes < 0, len(texts) - 1, codes)
        return codes, texts

    def numbers(self, *, what: str, allow_missing: bool) -> np.ndarray:
        fast = None if pd.api.types.is_numeric_dtype(self.raw) else _arrow_numbers(self.raw)
        if fast is not None:
            values = fast
        elif pd.api.types.is_numeric_dtype(self.raw):
            values = self.raw.to_numpy(dtype=float)
        else:
            coerced = pd.to_numeric(self.raw, errors="coerce")
            failed = coerced.isna().to_numpy()
            if failed.any():  # blanks, decimal commas ("12,5"), or text that is no number
                subset = self.raw[failed].astype(str).str.strip()
                retry = pd.to_numeric(subset.str.replace(",", ".", regex=False), errors="coerce")
                bad = retry.isna() & (subset != "")
                if bad.any():
                    i = int(np.flatnonzero(failed)[np.flatnonzero(bad.to_numpy())[0]])
                    self.fail(i, "not_a_number", value=self.raw.iloc[i], what=what)
                coerced[failed] = retry
            values = coerced.to_numpy(dtype=float)
        if not allow_missing and np.isnan(values).any():
            self.fail(int(np.flatnonzero(np.isnan(values))[0]), "missing_value", what=what)
        return values

    def codes(self, known: dict[str, int], missing: set[str], *, context: str) -> np.ndarray:
        rows, texts = self.factorized()
        index = np.array([known.get(t, -1) for t in texts], dtype=np.int64)
        unknown = [i for i, t in enumerate(texts) if t not in known and t not in missing and t]
        if unknown:
            first = int(np.flatnonzero(np.isin(rows, unknown))[0])
            listed = ", ".join(sorted(known, key=_natural))
            self.fail(first, "unknown_code", code=texts[rows[first]], where=context, listed=listed)
        return index[rows]


def _arrow_numbers(raw: pd.Series) -> np.ndarray | None:
    """Text read by pyarrow, parsed in Arrow's C++ (blanks missing); None when any value is
    not a plain number, so the careful path can find it and name its row."""
    to_arrow = getattr(raw.array, "__arrow_array__", None)
    if to_arrow is None:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        text = to_arrow()
        text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
        return np.asarray(pc.cast(text, pa.float64()).to_numpy(), dtype=float)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, TypeError):
        return None


def _canonical(value) -> str:
    """A raw value as code text: "1", 1, 1.0 and " 1.0 " are all "1"."""
    if isinstance(value, float | np.floating):
        return "" if np.isnan(value) else code_text(float(value))
    if isinstance(value, int | np.integer):
        return str(int(value))
    text = str(value).strip()
    if text and text[0] in "+-0123456789." and not text.lstrip("-").isdigit():
        try:
            number = float(text)
        except ValueError:
            return text
        if number.is_integer():
            return str(int(number))
    return text


def _natural(code: str):
    return (0, float(code), "") if _is_number(code) else (1, 0.0, code)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def prepare(codebook: Codebook, path, *, max_rows: int | None = None) -> AnalysisData:
    """Read ``path`` and turn it into AnalysisData according to ``codebook``.

    ``max_rows``: refuse a file with more respondents than this (checked while reading).
    """
    sources = column_sources(codebook)
    frame = read_table(path, codebook.columns(), sources, max_rows=max_rows)

    def col(name: str) -> _Column:
        return _Column(path, frame, name, sources)

    d = codebook.design
    weight = col(d.weight)
    weights = weight.numbers(what="weight", allow_missing=False)
    if (weights <= 0).any():
        i = int(np.flatnonzero(weights <= 0)[0])
        weight.fail(i, "weight_not_positive", value=float(weights[i]))
    strata = [_labels(col(c), "stratum") for c in d.strata_columns] or None
    psu = [_labels(col(c), "PSU") for c in d.psu_columns] or None
    fpc = []
    for column in d.fpc_columns:
        fpc_col = col(column)
        values = fpc_col.numbers(what="fpc", allow_missing=False)
        if (values <= 0).any():
            fpc_col.fail(int(np.flatnonzero(values <= 0)[0]), "fpc_value_not_positive")
        fpc.append(values)
    try:
        design = SurveyDesign(
            weights, strata=strata, clusters=psu, fpc=fpc or None, lonely_psu=d.lonely_psu
        )
    except SurveyError as exc:
        raise SurveyError("design_invalid", file=path, problem=exc) from None

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
        age_col.fail(i, "age_impossible", value=float(age[i]))
    group = age_groups(codebook, age)

    covariates = {}
    for i, cov in enumerate(codebook.covariates):
        known = {code_text(c.code): k for k, c in enumerate(cov.categories)}
        covariates[cov.name] = col(cov.column).codes(
            known, {code_text(m) for m in cov.missing}, context=f"covariates[{i}] ({cov.name})"
        )
    return AnalysisData(codebook, design, score, band, age, group, covariates)


def age_groups(codebook: Codebook, age: np.ndarray) -> np.ndarray:
    """Each respondent's age group (index into the codebook's groups, -1 for none).

    Bands are left-closed, ``[from, to + 1)``: ``to`` is the last whole year of the band, so
    29.5 falls in a band ``16-29`` (up to the next band's ``from``, 30), never between bands.
    """
    bounds = [spec.from_ for spec in codebook.age.groups]
    last = codebook.age.groups[-1].to
    edges = np.array([*bounds, np.inf if last is None else last + 1], dtype=float)
    group = np.searchsorted(edges, age, side="right") - 1
    group[np.isnan(age) | (group >= len(bounds))] = -1
    # a gap between bands (a ``to`` below the next ``from`` - 1) belongs to no band
    tops = np.array([np.inf if g.to is None else g.to + 1 for g in codebook.age.groups])
    inside = group >= 0
    group[inside & (age >= tops[np.maximum(group, 0)])] = -1
    return group.astype(np.int64)


def _labels(column: _Column, what: str) -> pd.Categorical:
    """The column's codes with their values (so a message can name a stratum by its value)."""
    rows, texts = column.factorized()
    if "" in texts:
        column.fail(int(np.flatnonzero(rows == texts.index(""))[0]), "missing_value", what=what)
    distinct = list(dict.fromkeys(texts))  # "1" and "1.0" are one label
    index = np.array([distinct.index(t) for t in texts], dtype=np.int64)
    return pd.Categorical.from_codes(index[rows], categories=distinct)


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
