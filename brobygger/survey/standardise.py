"""Direct age standardisation of a prevalence, as R's ``svystandardize``.

``svystandardize(design, by = ~agegroup, over = ~wave, population = shares)`` post-stratifies
each wave to the standard: the weights of age group *a* in wave *w* are multiplied by
``s_a N_w / N_aw`` (N the weighted totals), so the wave's mean becomes
``sum_a s_a p_aw / sum_a s_a`` over the age groups present in the wave. Its variance in R
comes from the post-stratified influence functions (``svyrecvar`` takes their residuals from
the cell means): for a respondent *i* in age group *a* this is
``s_a w_i (y_i - p_aw) / (N_aw S)``, S the shares of the groups present — the linearisation
of a domain-weighted sum of domain means with the shares held fixed (also when the default
standard was itself estimated from the first wave: R takes ``population`` as given). The
variance of that influence is added up over the design's PSUs and strata by
:meth:`SurveyDesign.variance_factored`, as every other estimator does.

Reference: Lumley T (2010), *Complex Surveys*, section 7.3 (post-stratification) and R
``survey``'s ``svystandardize``/``postStratify``/``svyrecvar`` (version 4.1).
"""

from __future__ import annotations

import numpy as np

from brobygger.survey.design import SurveyDesign
from brobygger.survey.errors import SurveyError
from brobygger.survey.estimators import Estimate, _rows


def standardised_mean(
    design: SurveyDesign,
    y: np.ndarray,
    group: np.ndarray,
    shares: np.ndarray,
    domain: np.ndarray | None = None,
) -> Estimate:
    """The directly standardised mean of ``y`` over the domain, with R's variance.

    Parameters
    ----------
    design : SurveyDesign
    y : array (n,)
        The outcome (a 0/1 indicator for a prevalence); rows with NaN leave the domain.
    group : array (n,) of int
        Each row's standardisation group (index into ``shares``); -1 leaves the domain.
    shares : array (k,)
        The standard population's share of each group (they need not sum to 1).
    domain : boolean array (n,), optional
        The respondents the mean is over (R: the subset passed to ``svystandardize``).
    """
    y = np.asarray(y, dtype=float)
    group = np.asarray(group)
    shares = np.asarray(shares, dtype=float)
    inside = group >= 0 if domain is None else np.asarray(domain, dtype=bool) & (group >= 0)
    rows = _rows(design, inside, y)
    if rows.size == 0:
        raise SurveyError("domain_empty")
    w, yr, g = design.weights[rows], y[rows], group[rows]
    k = len(shares)
    totals = np.bincount(g, weights=w, minlength=k)
    present = totals > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(present, np.bincount(g, weights=w * yr, minlength=k) / totals, 0.0)
    total_share = float(shares[present].sum())
    if total_share <= 0:
        raise SurveyError("standard_no_weight")
    estimate = float((shares * means)[present].sum() / total_share)
    influence = shares[g] * w * (yr - means[g]) / (totals[g] * total_share)
    variance = design.variance_factored(
        np.ones((1, 1)), np.zeros(rows.size, dtype=np.int64), influence, rows
    )
    return Estimate(estimate, float(variance[0, 0]), design.degrees_of_freedom(inside))


def weighted_distribution(
    weights: np.ndarray, group: np.ndarray, k: int, domain: np.ndarray
) -> np.ndarray:
    """Each group's weighted share of the domain (the default standard: R ``svytable``)."""
    inside = np.asarray(domain, dtype=bool) & (group >= 0)
    totals = np.bincount(group[inside], weights=weights[inside], minlength=k)
    if totals.sum() <= 0:
        raise SurveyError("no_age_group")
    return totals / totals.sum()
