"""A synthetic survey of Aarhus that reproduces what the report published.

The real microdata of "Hvordan har du det? 2013" are confidential; this package builds a
population of respondents whose analysis gives back the report's tables (published.py holds
them). One job per module: ``population`` (respondents, raked weights: ``raking``),
``targets`` (what is aimed at), ``outcome`` (the loneliness models and classes), ``fit`` (the
calibration's logistic fit), ``calibrate`` (the loop), ``acceptance`` (the draw kept),
``write`` (the survey file), ``codebook``. Method:

1. **Respondents and covariates.** Each age group gets the published number of respondents
   (Table 1). Within a group, every factor of Table 2 takes its categories in exactly the
   unweighted counts of Bilag 1 (the remainder is item non-response), assigned at random:
   factors are independent *within* an age group.
2. **Weights, built as a survey's are.** The sample over-represents the disadvantaged districts
   (1,001 of 5,672 respondents, 14.2 % weighted): a design weight corrects for it. The weights
   are then raked, per age group, to the weighted margins of Bilag 1 for every factor, and the
   age groups to their share of the population (solved from Bilag 1's whole-population column),
   and rounded to the six decimals the survey file holds.
3. **Loneliness.** Severe loneliness from a logistic model, then moderate among the rest from
   another, each with age-group intercepts, an age slope per group (Table 3) and the factors'
   log odds ratios: Table 3's for severe loneliness in each age group, Table 2's for moderate.
   One uniform number per respondent decides the class. The parameters are then *fitted* by
   fixed-point iteration on those same numbers: intercepts (exactly, by sorting the
   respondents' thresholds) until each group's weighted prevalences come closest to Table 1; a
   shift per category until the whole-population models give back Table 2's odds ratios; and a
   gentler shift per group and category towards Table 3 (in the second half of the rounds
   centred over the groups, so that it moves the groups relative to each other and leaves
   Table 2's level alone). The three T-ILS items are drawn consistent with the class.
4. **Significance.** The report's p-values are smaller than a design-based fit of the same n,
   prevalence and OR gives, so at one early round each target moves (by at most 15 % in Table 2
   and 30 % in Table 3) until its distance from 1, in the synthetic fit's own standard errors,
   agrees with the report's star; never across the risk-group rule.
5. **The draw kept.** Of the second half's rounds, a draw is good if it meets every criterion
   the survey promises, as the analysis of the written file will see it (acceptance.py): Table 1
   within 0.45 points, every Table 2 OR (age included) within a factor 1.2, exactly the report's
   seven risk groups, 90 % of the report's stars, 80 % of Table 3's reported cells within a
   factor 1.5. Of the good draws, the one with most Table 3 cells within 1.5 is kept. If none
   is good after the last round, the loop goes on (at most EXTRA_ROUNDS) until one is; if none
   is then, the best is kept and ``Synthetic.meets_criteria`` is false.
6. **The same on every machine.** Every decision of the loop is taken on quantities that do not
   depend on the BLAS library, its kernels or threads: sums over respondents are sequential
   (np.bincount, np.cumsum), fitted log odds ratios and aimed targets are rounded to 1e-6, the
   intercepts sit midway between two respondents, the age groups' shares are rounded; BLAS
   only steers the fit's Newton steps, which converge to machine precision.
7. **Later waves (invented).** For the trend across waves (issue 15), ``wave="2017"`` or
   ``"2021"`` (``survey synth --wave 2017``) draws a new wave from the same generator: new
   respondents (seed = the year unless one is given), the same age structure, weights and odds
   ratios, and Table 1's severe prevalence moved in one or two age groups — 2017: 16-29 +2.5
   percentage points and 75+ -1.5; 2021: 16-29 +3.5 and 30-44 +1.5 (taken from the not
   lonely; the whole population follows from the groups). The changes are invented for the
   demo and say nothing about a real later survey (waves.py). The default wave, 2013, is
   drawn exactly as before.

Limits: the factors are independent within an age group, so confounding between them (and the
interactions of real data) is absent; Table 3 is reproduced only as closely as group-level
noise allows (the 75+ group, with about twenty severe cases, sometimes separates); the ORs are
aimed at the report's stars, so the synthetic p-values say nothing new; odds ratios printed
within 8 % of the risk-group threshold (1.96, 2.00, 2.14) are aimed 8 % from it (1.85, 2.16) so
that the rule (OR >= 2) sorts them as the report did; the published figures are rounded, and so
are the targets. Above CALIBRATE_UP_TO respondents, Table 3 and the stars are not part of the
draw kept (a national-scale benchmark input: everything is significant there).
"""

from brobygger.survey.published import BANDS

from .calibrate import EXTRA_ROUNDS
from .codebook import ITEMS, POPULATION, codebook_dict
from .generate import CALIBRATE_UP_TO, DEFAULT_N, DEFAULT_SEED, LARGE_ROUNDS, synthesize
from .waves import WAVES
from .write import Synthetic

__all__ = [
    "BANDS",
    "CALIBRATE_UP_TO",
    "DEFAULT_N",
    "DEFAULT_SEED",
    "EXTRA_ROUNDS",
    "ITEMS",
    "LARGE_ROUNDS",
    "POPULATION",
    "Synthetic",
    "WAVES",
    "codebook_dict",
    "synthesize",
]
