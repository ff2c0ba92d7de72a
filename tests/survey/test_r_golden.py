"""Golden numbers from R's survey package (tests/survey/r/golden.R made r/golden.csv):
missing values (na.rm = TRUE) in an outcome and a covariate, a domain of a stratified
clustered design that misses PSUs and strata, every lonely_psu option, two stages with an fpc
at both. Agreement: 1e-6 relative (p-values also 1e-12 absolute)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from brobygger.survey.design import SurveyDesign
from brobygger.survey.errors import SurveyError
from brobygger.survey.estimators import logistic, mean, proportion_ci

HERE = Path(__file__).parent / "r"
API = "r-survey"


@pytest.fixture(scope="module")
def golden():
    with open(HERE / "golden.csv", encoding="utf-8") as handle:
        return {
            (r["case"], r["what"], r["term"]): float(r["value"]) for r in csv.DictReader(handle)
        }


@pytest.fixture(scope="module")
def nhanes():
    return pd.read_csv(HERE / "nhanes" / "nhanes.csv")


def nhanes_design(df, lonely_psu="fail"):
    return SurveyDesign(
        df["WTMEC2YR"].to_numpy(),
        strata=df["SDMVSTRA"].to_numpy(),
        clusters=df["SDMVPSU"].to_numpy(),
        lonely_psu=lonely_psu,
    )


def close(value, expected):
    return value == pytest.approx(expected, rel=1e-6, abs=1e-12)


def check_mean(case, estimate, golden):
    assert close(estimate.estimate, golden[(case, "mean", "")])
    assert close(estimate.se, golden[(case, "mean_se", "")])


def check_props(case, design, y, domain, golden):
    for method in ("logit", "beta"):
        ci = proportion_ci(design, y, domain, method=method)
        assert close(ci.proportion, golden[(case, f"prop_{method}", "")]), method
        assert close(ci.low, golden[(case, f"prop_{method}_low", "")]), method
        assert close(ci.high, golden[(case, f"prop_{method}_high", "")]), method


def check_glm(case, fit, golden):
    assert fit.df_residual == golden[(case, "df_residual", "")]
    low, high = fit.confint()
    for i, term in enumerate(fit.names):
        assert close(fit.coef[i], golden[(case, "coef", term)]), term
        assert close(fit.se[i], golden[(case, "se", term)]), term
        assert close(fit.p[i], golden[(case, "p", term)]), term
        assert close(low[i], golden[(case, "ci_low", term)]), term
        assert close(high[i], golden[(case, "ci_high", term)]), term
    assert fit.converged and not fit.separated


def nhanes_model(df, terms):
    columns, names = [np.ones(len(df))], ["(Intercept)"]
    for term in terms:
        if term == "race":
            for level in (1, 3, 4):  # treatment contrasts, reference 2 as in golden.R
                columns.append((df["race"] == level).to_numpy(float))
                names.append(f"race{level}")
        elif term == "female":
            columns.append((df["RIAGENDR"] == 2).to_numpy(float))
            names.append("female")
        else:
            columns.append(df[term].to_numpy(float))
            names.append(term)
    return np.column_stack(columns), names


def test_it_leaves_out_a_missing_outcome_as_r_with_na_rm(nhanes, golden):
    """The beta interval with NaN in the variable and no domain (it once gave (nan, 0, 1))."""
    design = nhanes_design(nhanes)
    y = nhanes["HI_CHOL"].to_numpy(float)
    assert np.isnan(y).sum() > 100
    check_mean("nhanes_na", mean(design, y), golden)
    check_props("nhanes_na", design, y, None, golden)


def test_a_domain_missing_psus_and_strata_has_rs_df_and_estimates(nhanes, golden):
    design = nhanes_design(nhanes)
    domain = ((nhanes["race"] == 4) & (nhanes["agecat"] == "(59,Inf]")).to_numpy()
    y = nhanes["HI_CHOL"].to_numpy(float)
    assert golden[("domain", "df", "")] < golden[("domain", "df_whole", "")]  # a real test
    assert design.degrees_of_freedom(domain) == golden[("domain", "df", "")]
    assert design.degrees_of_freedom() == golden[("domain", "df_whole", "")]
    check_mean("domain", mean(design, y, domain), golden)
    check_props("domain", design, y, domain, golden)
    x, names = nhanes_model(nhanes, ["female"])
    check_glm("domain", logistic(design, y, x, domain=domain, names=names), golden)


@pytest.mark.parametrize("option", ["remove", "adjust", "certainty", "average"])
def test_every_lonely_psu_option_matches_r(nhanes, golden, option):
    lone = nhanes[~((nhanes["SDMVSTRA"] == 89) & (nhanes["SDMVPSU"] == 2))].reset_index()
    design = nhanes_design(lone, option)
    y = lone["HI_CHOL"].to_numpy(float)
    case = f"lonely_{option}"
    check_mean(case, mean(design, y), golden)
    domain = ((lone["race"] == 4) & (lone["agecat"] == "(59,Inf]")).to_numpy()
    check_mean(f"{case}_domain", mean(design, y, domain), golden)
    x, names = nhanes_model(lone, ["race", "female", "age"])
    check_glm(case, logistic(design, y, x, names=names), golden)


def test_lonely_psu_fail_names_the_stage_and_the_stratum_value(nhanes, golden):
    assert golden[("lonely_fail", "error", "")] == 1  # R refuses too
    lone = nhanes[~((nhanes["SDMVSTRA"] == 89) & (nhanes["SDMVPSU"] == 2))].reset_index()
    with pytest.raises(SurveyError, match=r"stage 1: stratum 89 has only one PSU"):
        mean(nhanes_design(lone), lone["HI_CHOL"].to_numpy(float))


def test_the_lonely_psu_options_differ_where_r_says_they_do(golden):
    """So the parametrised test above cannot pass by all options doing the same."""
    se = {o: golden[(f"lonely_{o}", "mean_se", "")] for o in ("remove", "adjust", "average")}
    assert len({round(v, 12) for v in se.values()}) == 3


@pytest.fixture(scope="module")
def clus2(reference):
    df = pd.read_csv(reference / API / "apiclus2.csv")
    design = SurveyDesign(
        None,
        clusters=[df["dnum"].to_numpy(), df["snum"].to_numpy()],
        fpc=[df["fpc1"].to_numpy(), df["fpc2"].to_numpy()],
    )
    return df, design


def test_two_stages_with_fpc_at_both_in_a_domain(clus2, golden):
    df, design = clus2
    domain = (df["stype"] == "H").to_numpy()
    check_mean("clus2_domain", mean(design, df["api00"].to_numpy(float), domain), golden)
    yes = (df["sch.wide"] == "Yes").to_numpy(float)
    check_props("clus2_domain", design, yes, domain, golden)
    assert design.degrees_of_freedom(domain) == golden[("clus2_domain", "df", "")]


def test_a_covariate_with_missing_values_leaves_its_rows_out_as_r(clus2, golden):
    df, design = clus2
    enroll = df["enroll"].to_numpy(float)
    assert np.isnan(enroll).any()
    check_mean("clus2_na", mean(design, enroll), golden)
    x = np.column_stack([np.ones(len(df)), df["ell"], df["meals"], enroll])
    yes = (df["sch.wide"] == "Yes").to_numpy(float)
    fit = logistic(design, yes, x, names=["(Intercept)", "ell", "meals", "enroll"])
    check_glm("clus2_na", fit, golden)


def test_fpc_for_fewer_stages_than_psus_is_refused(clus2):
    df, _design = clus2
    with pytest.raises(SurveyError, match="fpc is given for 1 stage.*2 stages"):
        SurveyDesign(
            df["pw"].to_numpy(),
            clusters=[df["dnum"].to_numpy(), df["snum"].to_numpy()],
            fpc=[df["fpc1"].to_numpy()],
        )


def test_a_fit_stopped_before_convergence_says_so(nhanes):
    design = nhanes_design(nhanes)
    x, names = nhanes_model(nhanes, ["race", "female", "age"])
    y = nhanes["HI_CHOL"].to_numpy(float)
    assert logistic(design, y, x, names=names).problem == ""
    assert logistic(design, y, x, names=names, max_iter=2).problem == "not converged"
    never = np.where(np.isnan(y), np.nan, 0.0)  # no cases at all: fitted probabilities reach 0
    assert logistic(design, never, x, names=names).problem in ("separation", "not converged")
