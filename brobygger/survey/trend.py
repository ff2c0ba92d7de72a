"""Trends across survey waves (issue 15): the same definitions per wave, a design-based
difference from the first wave, and age-standardised prevalence.

Each wave is read and scored through its own codebook (:func:`prepare`, as ``analyse`` does);
the waves must share their age groups, loneliness bands and confidence level. Per group
(``all`` and each age group) and wave:

- the severe prevalence with the logit interval of Table 1 (:func:`proportion_ci` in the
  domain of scored respondents of the group, in the wave's own design) and the moderate share;
- the difference from the first wave in percentage points. The waves are independent samples,
  so SE = sqrt(SE_1^2 + SE_w^2), with SE the linearised SE of :func:`mean` in the wave's own
  design; the interval and p-value are normal. This is what R's ``svycontrast`` gives on
  ``svyby(~severe, ~wave, svymean)`` over the waves pooled as one design with wave-specific
  strata (no PSU or stratum in common: the covariance is zero);
- in the ``all`` rows, the directly age-standardised prevalence (:mod:`standardise`, as R's
  ``svystandardize(by = ~agegroup, over = ~wave)``) over the scored respondents with an age
  group. The standard is ``--standard`` (columns ``from, share``) or, by default, the first
  wave's weighted age distribution among its scored respondents.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import special

from brobygger.survey.codebook import Codebook, load_codebook
from brobygger.survey.errors import SurveyError
from brobygger.survey.estimators import mean, proportion_ci, weighted_share
from brobygger.survey.prepare import MODERATE, SEVERE, AnalysisData, prepare
from brobygger.survey.standardise import standardised_mean, weighted_distribution
from brobygger.survey.tables import ALL, group_masks

TREND_COLUMNS = [
    "group",
    "wave",
    "n",
    "severe_pct",
    "severe_pct_low",
    "severe_pct_high",
    "moderate_pct",
    "severe_pct_std",
    "diff_pp",
    "diff_low",
    "diff_high",
    "diff_p",
]
STANDARDISED_COLUMNS = [
    "wave",
    "n",
    "severe_pct",
    "severe_pct_low",
    "severe_pct_high",
    "severe_pct_std",
    "severe_pct_std_se",
    "severe_pct_std_low",
    "severe_pct_std_high",
    "diff_std_pp",
    "diff_std_low",
    "diff_std_high",
    "diff_std_p",
]
STANDARD_COLUMNS = ["group", "from", "share"]
SHARE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class WaveSpec:
    label: str
    data: Path
    codebook: Path


def parse_wave(text: str) -> WaveSpec:
    """``"2017=data.csv:codebook.yaml"`` -> WaveSpec; anything else is an error saying so."""
    label, sep, rest = text.partition("=")
    data, colon, codebook = rest.rpartition(":")
    if not (sep and colon and label.strip() and data and codebook):
        raise SurveyError("wave_spec", value=text)
    return WaveSpec(label.strip(), Path(data), Path(codebook))


def _describe(value) -> str:
    """[7.0, 9] -> "7, 9" (a band as the codebook writes it)."""
    values = value if isinstance(value, list | tuple) else [value]
    return ", ".join(f"{v:g}" if isinstance(v, int | float) else str(v) for v in values)


def check_compatible(labels: list[str], codebooks: list[Codebook], paths: list[Path]) -> None:
    """Same age groups, bands and level in every wave, else an error naming the key."""
    if len(labels) < 2:
        raise SurveyError("trend_waves")
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise SurveyError("wave_label_twice", label=label)
        seen.add(label)

    def keys(cb: Codebook) -> dict[str, object]:
        return {
            "age.groups": [g.key for g in cb.age.groups],
            "loneliness.severe": cb.loneliness.severe,
            "loneliness.moderate": cb.loneliness.moderate,
            "options.level": cb.options.level,
        }

    first = keys(codebooks[0])
    for label, cb, path in zip(labels[1:], codebooks[1:], paths[1:], strict=True):
        for key, value in keys(cb).items():
            if value != first[key]:
                raise SurveyError(
                    "wave_differs",
                    label=label,
                    file=path,
                    key=key,
                    first=labels[0],
                    value=_describe(value),
                    first_value=_describe(first[key]),
                )


def load_standard(path: Path, codebook: Codebook) -> np.ndarray:
    """The standard population's shares per age group from a CSV with ``from, share``."""
    froms = [g.from_ for g in codebook.age.groups]
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
            header = rows[0].keys() if rows else []
    except FileNotFoundError:
        raise SurveyError("no_such_standard", file=path) from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SurveyError("standard_unreadable", file=path, reason=str(exc)) from None
    if not {"from", "share"} <= set(header):
        raise SurveyError("standard_columns", file=path)
    shares: dict[int, float] = {}
    for number, row in enumerate(rows, start=2):
        try:
            start, share = int(str(row["from"]).strip()), float(str(row["share"]).strip())
        except ValueError:
            raise SurveyError("standard_not_numbers", file=path, row=number) from None
        if start not in froms:
            listed = ", ".join(map(str, froms))
            raise SurveyError(
                "standard_no_group", file=path, row=number, start=start, listed=listed
            )
        if start in shares:
            raise SurveyError("standard_group_twice", file=path, row=number, start=start)
        if not (math.isfinite(share) and share >= 0):
            raise SurveyError("standard_share", file=path, row=number, share=share)
        shares[start] = share
    missing = [str(f) for f in froms if f not in shares]
    if missing:
        raise SurveyError("standard_missing_groups", file=path, groups=", ".join(missing))
    total = sum(shares.values())
    if abs(total - 1) > SHARE_TOLERANCE:
        raise SurveyError("standard_sum", file=path, total=total)
    return np.array([shares[f] for f in froms])


@dataclass
class Wave:
    label: str
    data: AnalysisData


@dataclass
class Trend:
    waves: list[str]
    codebook: Codebook  # the first wave's (labels of the age groups)
    rows: list[dict]  # trend.csv
    standardised: list[dict]  # trend_standardised.csv
    standard: list[dict]  # trend_standard.csv
    standard_given: bool
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # wave: (n, scored)
    warnings: list[str] = field(default_factory=list)


def load_codebooks(specs: list[WaveSpec]) -> list[Codebook]:
    """Every wave's codebook, checked against each other (before any data is read)."""
    codebooks = []
    for spec in specs:
        try:
            codebooks.append(load_codebook(spec.codebook))
        except SurveyError as exc:
            raise SurveyError("wave_error", wave=spec.label, problem=exc) from None
    check_compatible([s.label for s in specs], codebooks, [s.codebook for s in specs])
    return codebooks


def read_waves(
    specs: list[WaveSpec],
    progress: Callable[[str], None] | None = None,
    codebooks: list[Codebook] | None = None,
) -> list[Wave]:
    """Every wave's data, read and scored through its own codebook."""
    tick = progress or (lambda _step: None)
    if codebooks is None:
        codebooks = load_codebooks(specs)
    waves = []
    for spec, codebook in zip(specs, codebooks, strict=True):
        try:
            waves.append(Wave(spec.label, prepare(codebook, spec.data)))
        except SurveyError as exc:
            raise SurveyError("wave_error", wave=spec.label, problem=exc) from None
        tick(f"read {spec.label}")
    return waves


def _difference(first, later, z: float) -> dict:
    """Later minus first in percentage points, SE = sqrt(SE1^2 + SE2^2), normal interval."""
    diff = 100 * (later.estimate - first.estimate)
    se = 100 * math.sqrt(first.variance + later.variance)
    p = float(2 * special.ndtr(-abs(diff / se))) if se > 0 else float("nan")
    return {"pp": diff, "se": se, "low": diff - z * se, "high": diff + z * se, "p": p}


def build_trend(waves: list[Wave], shares: np.ndarray | None = None) -> Trend:
    """The trend's rows (see the module docstring); ``shares`` None: the default standard."""
    first = waves[0].data
    codebook = first.codebook
    level = codebook.options.level
    z = float(special.ndtri(1 - (1 - level) / 2))
    k = len(codebook.age.groups)
    given = shares is not None
    if shares is None:
        shares = weighted_distribution(first.design.weights, first.group, k, first.scored)
    rows: list[dict] = []
    warnings: list[str] = []
    crude: dict[tuple[str, str], object] = {}
    for index, wave in enumerate(waves):
        data = wave.data
        severe = (data.band == SEVERE).astype(float)
        moderate = (data.band == MODERATE).astype(float)
        for key, in_group in group_masks(data):
            domain = in_group & data.scored
            row: dict = {"group": key, "wave": wave.label, "n": int(domain.sum())}
            if row["n"] > 0:
                ci = proportion_ci(data.design, severe, domain, method="logit", level=level)
                estimate = mean(data.design, severe, domain)
                crude[(key, wave.label)] = estimate
                row.update(
                    severe_pct=100 * estimate.estimate,
                    severe_pct_low=100 * ci.low,
                    severe_pct_high=100 * ci.high,
                    moderate_pct=100 * weighted_share(data.design.weights, moderate, domain),
                )
                if ci.problem:
                    what = "did not converge" if ci.problem == "not converged" else "hit separation"
                    warnings.append(
                        f"wave {wave.label}, group {key}: the interval comes from a fit that {what}"
                    )
                base = crude.get((key, waves[0].label))
                if index > 0 and base is not None:
                    d = _difference(base, estimate, z)
                    row.update(diff_pp=d["pp"], diff_low=d["low"], diff_high=d["high"])
                    row["diff_p"] = d["p"]
            rows.append(row)
    order = {key: i for i, (key, _mask) in enumerate(group_masks(first))}
    rows.sort(key=lambda r: order[r["group"]])  # each group's waves together (stable)
    standardised = []
    first_std = None
    for index, wave in enumerate(waves):
        data = wave.data
        severe = (data.band == SEVERE).astype(float)
        std = standardised_mean(data.design, severe, data.group, shares, data.scored)
        whole = next(r for r in rows if r["group"] == ALL and r["wave"] == wave.label)
        whole["severe_pct_std"] = 100 * std.estimate
        out = {
            "wave": wave.label,
            "n": int((data.scored & (data.group >= 0)).sum()),
            **{c: whole.get(c) for c in ("severe_pct", "severe_pct_low", "severe_pct_high")},
            "severe_pct_std": 100 * std.estimate,
            "severe_pct_std_se": 100 * std.se,
            "severe_pct_std_low": 100 * (std.estimate - z * std.se),
            "severe_pct_std_high": 100 * (std.estimate + z * std.se),
        }
        if index == 0:
            first_std = std
        else:
            d = _difference(first_std, std, z)
            out.update(diff_std_pp=d["pp"], diff_std_low=d["low"], diff_std_high=d["high"])
            out["diff_std_p"] = d["p"]
        standardised.append(out)
    standard = [
        {"group": g.key, "from": g.from_, "share": float(s)}
        for g, s in zip(codebook.age.groups, shares, strict=True)
    ]
    counts = {w.label: (w.data.n, int(w.data.scored.sum())) for w in waves}
    return Trend(
        [w.label for w in waves], codebook, rows, standardised, standard, given, counts, warnings
    )


def sentence_kind(row: dict) -> str | None:
    """ "rose", "fell" or "unclear" (the interval of the difference holds 0); None without one."""
    low, high = row.get("diff_low"), row.get("diff_high")
    if low is None or high is None:
        return None
    return "rose" if low > 0 else "fell" if high < 0 else "unclear"


def run_trend(
    specs: list[WaveSpec],
    out_dir: Path,
    *,
    standard: Path | None = None,
    formats: tuple[str, ...] = ("csv", "html", "xlsx", "pdf", "svg"),
    language: str = "da",
    synthetic_note: str = "",
    progress: Callable[[str], None] | None = None,
) -> tuple[Trend, list[Path]]:
    """Read the waves, build the trend and write the chosen files into ``out_dir``.

    Every check (labels, definitions, the standard) runs before anything is written.
    """
    from brobygger.survey.report.trend_report import write_trend

    tick = progress or (lambda _step: None)
    if len(specs) < 2:
        raise SurveyError("trend_waves")
    codebooks = load_codebooks(specs)
    shares = load_standard(standard, codebooks[0]) if standard is not None else None
    waves = read_waves(specs, progress=tick, codebooks=codebooks)
    result = build_trend(waves, shares)
    tick("estimates")
    files = write_trend(
        result, out_dir, formats=formats, language=language, synthetic_note=synthetic_note
    )
    tick("written")
    return result, files
