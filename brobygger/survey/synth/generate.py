"""synthesize(): the respondents, their calibrated loneliness, the survey file."""

from __future__ import annotations

import numpy as np

from .calibrate import calibrate
from .codebook import POPULATION, codebook_dict
from .population import draw_respondents
from .waves import DEFAULT_WAVE, wave_change
from .write import Synthetic, raw_frame

DEFAULT_SEED = 2013
DEFAULT_N = 5672
CALIBRATE_UP_TO = 20_000  # larger surveys start from the parameters fitted at published size
LARGE_ROUNDS = 8  # ... and refine Table 2 on themselves for at most this many rounds


def synthesize(
    n: int = DEFAULT_N,
    seed: int = DEFAULT_SEED,
    *,
    population: int = POPULATION,
    max_iterations: int = 100,
    wave: str = DEFAULT_WAVE,
) -> Synthetic:
    """A synthetic Aarhus survey of ``n`` respondents (the published 5,672 by default).

    Up to CALIBRATE_UP_TO respondents the model is fitted on the survey itself. A larger one
    (a national-scale benchmark input) starts from the parameters fitted on a published-size
    survey of the same seed and refines them for Table 2 on itself in a few rounds (large
    samples settle quickly); Table 3's group shifts are kept from the small fit.

    ``wave``: "2013" (the published survey) or a later synthetic wave with an invented change
    in severe loneliness (waves.py); pass the wave's year as ``seed`` for its own respondents.
    """
    change = wave_change(wave)
    shift = change.severe_shift or None
    rng = np.random.default_rng(seed)
    codebook = codebook_dict(population, wave=change)
    people = draw_respondents(n, rng, population)
    uniforms = rng.random(n)
    if n <= CALIBRATE_UP_TO:
        result = calibrate(people, uniforms, max_iterations, severe_shift=shift)
        iterations = result.iterations
    else:
        small_rng = np.random.default_rng(seed)
        small = draw_respondents(DEFAULT_N, small_rng, population)
        first = calibrate(small, small_rng.random(DEFAULT_N), max_iterations, severe_shift=shift)
        result = calibrate(
            people,
            uniforms,
            LARGE_ROUNDS,
            start=first.parameters,
            table3=False,
            severe_shift=shift,
        )
        iterations = first.iterations + result.iterations
    frame = raw_frame(rng, people, result.band)
    return Synthetic(frame, codebook, iterations, result.gap, result.verdict)
