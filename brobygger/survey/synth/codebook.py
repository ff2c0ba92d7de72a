"""The codebook of the synthetic survey (codebook-format.md), labels from the published data."""

from __future__ import annotations

from brobygger.survey.published import BANDS, published

POPULATION = 265_000  # residents 16+: 5.3 % severe is "good 14,000 people" in the report
ITEMS = ("ils1", "ils2", "ils3")
WEIGHT, AGE_COLUMN, MISSING = "vaegt", "alder", 9


def codebook_dict(population: int = POPULATION, wave=None) -> dict:
    """The codebook; ``wave`` (a waves.WaveChange) names a later, invented wave."""
    pub = published()
    survey = "Syntetisk befolkning kalibreret til 'Hvordan har du det? 2013', Aarhus " + (
        "(syntetiske data)"
        if wave is None or not wave.severe_shift
        else f"; syntetisk runde {wave.label} med en opfundet ændring (syntetiske data)"
    )
    return {
        "survey": survey,
        "population": population,
        "design": {"weight": WEIGHT, "lonely_psu": "fail"},
        "loneliness": {
            "items": list(ITEMS),
            "codes": {1: 1, 2: 2, 3: 3},
            "missing": [MISSING],
            "min_items": 3,
            "severe": [7, 9],
            "moderate": [5, 6],
        },
        "age": {
            "column": AGE_COLUMN,
            "in_model": "continuous",
            "groups": [
                {"from": lo, "to": hi, "label": {"da": g["label_da"], "en": g["label_en"]}}
                for g, (lo, hi) in zip(pub["age_groups"], BANDS.values(), strict=True)
            ],
        },
        "covariates": [
            {
                "name": v["key"],
                "column": v["key"],
                "label": {"da": v["label_da"], "en": v["label_en"]},
                "missing": [MISSING],
                "categories": [
                    {
                        "code": k + 1,
                        "name": c["key"],
                        "label": {"da": c["label_da"], "en": c["label_en"]},
                        **({"reference": True} if c["reference"] else {}),
                    }
                    for k, c in enumerate(v["categories"])
                ],
            }
            for v in pub["variables"]
        ],
        "options": {"min_cell": 50, "risk_or": 2.0, "alpha": 0.05, "level": 0.95},
    }
