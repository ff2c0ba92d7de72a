"""Golden numbers from R's survey package on its public `api` data (shared/reference/r-survey).

api_reference.R made api_expected.csv; coefficients and SEs must agree to 1e-8 relative, the
rest to 1e-6.
"""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from brobygger.survey.design import SurveyDesign
from brobygger.survey.estimators import logistic, mean, proportion_ci

R = "r-survey"


@pytest.fixture(scope="module")
def expected(reference):
    with open(reference / R / "api_expected.csv", encoding="utf-8") as handle:
        return {
            (r["case"], r["what"], r["term"]): float(r["value"]) for r in csv.DictReader(handle)
        }


@pytest.fixture(scope="module")
def data(reference):
    return {
        name: pd.read_csv(reference / R / f"{name}.csv")
        for name in ("apistrat", "apiclus1", "apiclus2")
    }


def designs(data):
    s, c1, c2 = data["apistrat"], data["apiclus1"], data["apiclus2"]
    return {
        "strat_fpc": (s, SurveyDesign(s["pw"].to_numpy(), strata=s["stype"], fpc=s["fpc"])),
        "strat_nofpc": (s, SurveyDesign(s["pw"].to_numpy(), strata=s["stype"])),
        "clus1": (c1, SurveyDesign(c1["pw"].to_numpy(), clusters=c1["dnum"], fpc=c1["fpc"])),
        "clus2": (
            c2,
            SurveyDesign(
                None,
                clusters=[c2["dnum"].to_numpy(), c2["snum"].to_numpy()],
                fpc=[c2["fpc1"].to_numpy(), c2["fpc2"].to_numpy()],
            ),
        ),
    }


def model_matrix(df, terms):
    columns, names = [np.ones(len(df))], ["(Intercept)"]
    for term in terms:
        if term == "stype":
            for level in ("H", "M"):  # treatment contrasts, reference E as in R
                columns.append((df["stype"] == level).to_numpy(float))
                names.append(f"stype{level}")
        else:
            columns.append(df[term].to_numpy(float))
            names.append(term)
    return np.column_stack(columns), names


MODELS = {
    "strat_fpc": ("strat_fpc", ["ell", "meals", "mobility"]),
    "strat_nofpc": ("strat_nofpc", ["ell", "meals", "mobility"]),
    "strat_factor": ("strat_fpc", ["stype", "ell", "meals"]),
    "clus1": ("clus1", ["ell", "meals", "mobility"]),
    "clus2": ("clus2", ["ell", "meals", "mobility"]),
}


@pytest.mark.parametrize("case", list(MODELS))
def test_it_fits_svyglm_quasibinomial_as_r(case, data, expected):
    design_name, terms = MODELS[case]
    df, design = designs(data)[design_name]
    x, names = model_matrix(df, terms)
    y = (df["sch.wide"] == "Yes").to_numpy(float)
    fit = logistic(design, y, x, names=names)
    low, high = fit.confint()
    assert fit.df_residual == expected[(case, "df_residual", "")]
    for i, term in enumerate(names):
        assert fit.coef[i] == pytest.approx(expected[(case, "coef", term)], rel=1e-8), term
        assert fit.se[i] == pytest.approx(expected[(case, "se", term)], rel=1e-8), term
        assert fit.p[i] == pytest.approx(expected[(case, "p", term)], rel=1e-6, abs=1e-12)
        assert low[i] == pytest.approx(expected[(case, "ci_low", term)], rel=1e-6), term
        assert high[i] == pytest.approx(expected[(case, "ci_high", term)], rel=1e-6), term


@pytest.mark.parametrize("case", ["strat_fpc", "clus1", "clus2"])
def test_it_estimates_means_and_proportions_as_r(case, data, expected):
    df, design = designs(data)[case]
    m = mean(design, df["api00"].to_numpy(float))
    assert m.estimate == pytest.approx(expected[(case, "mean_api00", "")], rel=1e-6)
    assert m.se == pytest.approx(expected[(case, "mean_api00_se", "")], rel=1e-6)
    yes = (df["sch.wide"] == "Yes").to_numpy(float)
    for method in ("logit", "beta"):
        ci = proportion_ci(design, yes, method=method)
        assert ci.proportion == pytest.approx(expected[(case, f"prop_{method}", "")], rel=1e-6)
        assert ci.low == pytest.approx(expected[(case, f"prop_{method}_low", "")], rel=1e-6)
        assert ci.high == pytest.approx(expected[(case, f"prop_{method}_high", "")], rel=1e-6)


def test_a_whole_stratum_domain_matches_r(data, expected):
    """R's svyciprop on subset(dstrat, stype == "H"): a domain that is a whole stratum (so a
    naive subset would agree too; the next test takes domains that cut across the design)."""
    df, design = designs(data)["strat_fpc"]
    ci = proportion_ci(
        design, (df["sch.wide"] == "Yes").to_numpy(float), (df["stype"] == "H").to_numpy()
    )
    case = "strat_fpc_domain_H"
    assert ci.proportion == pytest.approx(expected[(case, "prop_logit", "")], rel=1e-6)
    assert ci.low == pytest.approx(expected[(case, "prop_logit_low", "")], rel=1e-6)
    assert ci.high == pytest.approx(expected[(case, "prop_logit_high", "")], rel=1e-6)


def _linearised_domain_se(df, y, domain, *, unit, fpc, strata=None) -> float:
    """The textbook variance of a domain mean (Lohr, *Sampling*, 2nd ed., 14.2; Cochran 2.13),
    computed here from scratch: the influence w(y - mean)/N_d of the domain's rows and 0 for
    every other row, totalled by PSU and spread around their stratum's mean, with the fpc."""
    w = df["pw"].to_numpy()
    n_d = (w * domain).sum()
    m = (w * y * domain).sum() / n_d
    frame = pd.DataFrame(
        {
            "z": np.where(domain, w * (y - m) / n_d, 0.0),
            "psu": df[unit].to_numpy(),
            "stratum": df[strata].to_numpy() if strata else 0,
            "N": df[fpc].to_numpy(),
        }
    )
    totals = frame.groupby(["stratum", "psu"]).agg(z=("z", "sum"), N=("N", "first"))
    variance = 0.0
    for _stratum, psus in totals.groupby(level="stratum"):
        n, population = len(psus), psus["N"].iloc[0]
        deviations = psus["z"] - psus["z"].mean()
        variance += (1 - n / population) * n / (n - 1) * (deviations**2).sum()
    return float(np.sqrt(variance))


@pytest.mark.parametrize(
    "case, domain_of",
    [
        ("strat_fpc", lambda df: (df["awards"] == "Yes").to_numpy()),  # in every stratum
        ("clus1", lambda df: (df["stype"] == "H").to_numpy()),  # in 9 of the 15 districts
    ],
)
def test_a_domain_keeps_the_whole_design(data, case, domain_of):
    """A domain that cuts across strata or PSUs: its SE is the whole design's (every PSU and
    stratum counted, rows outside the domain with influence 0), not that of a design rebuilt
    from the subset, which forgets the PSUs and stratum sizes the domain does not reach."""
    df, design = designs(data)[case]
    domain = domain_of(df)
    y = df["api00"].to_numpy(float)
    estimate = mean(design, y, domain)
    unit, strata = ("snum", "stype") if case == "strat_fpc" else ("dnum", None)
    reference = _linearised_domain_se(df, y, domain, unit=unit, fpc="fpc", strata=strata)
    assert estimate.se == pytest.approx(reference, rel=1e-10)
    subset = df[domain].reset_index(drop=True)
    naive = SurveyDesign(
        subset["pw"].to_numpy(),
        strata=subset["stype"] if strata else None,
        clusters=None if strata else subset["dnum"],
        fpc=subset["fpc"],
    )
    naive_estimate = mean(naive, subset["api00"].to_numpy(float))
    assert naive_estimate.estimate == pytest.approx(estimate.estimate, rel=1e-12)
    assert abs(naive_estimate.se / estimate.se - 1) > 0.005  # a naive subset gets it wrong
