"""The synthetic survey as files: respondents as a survey file (raw codes, the three T-ILS
items consistent with the class, age, weight) and its codebook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .acceptance import Verdict
from .codebook import AGE_COLUMN, ITEMS, MISSING, WEIGHT
from .outcome import MODERATE, SEVERE
from .population import Respondents


@dataclass
class Synthetic:
    data: pd.DataFrame
    codebook: dict
    iterations: int
    max_log_gap: float
    verdict: Verdict | None = None  # the kept draw as the calibration judged it

    @property
    def meets_criteria(self) -> bool:
        return self.verdict is not None and self.verdict.meets

    def write(self, out_dir: Path) -> tuple[Path, Path]:
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        data_path, codebook_path = out_dir / "data.csv", out_dir / "codebook.yaml"
        _write_csv(self.data, data_path)
        codebook_path.write_text(
            yaml.safe_dump(self.codebook, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        return data_path, codebook_path


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    """The frame as CSV through pyarrow (five times faster than pandas at 300,000 rows);
    floats are written in their shortest exact form, as pandas does."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    options = pa_csv.WriteOptions(quoting_style="none", quoting_header="none")
    pa_csv.write_csv(pa.Table.from_pandas(frame, preserve_index=False), path, options)


def raw_frame(rng, people: Respondents, band: np.ndarray) -> pd.DataFrame:
    """Respondents as a survey file: raw codes, three T-ILS items, age, weight."""
    n = people.n
    score = np.where(
        band == SEVERE,
        rng.choice([7, 8, 9], n, p=[0.55, 0.3, 0.15]),
        np.where(
            band == MODERATE,
            rng.choice([5, 6], n, p=[0.6, 0.4]),
            rng.choice([3, 4], n, p=[0.55, 0.45]),
        ),
    )
    items = np.ones((n, 3), dtype=np.int64)
    for _ in range(6):  # add the points above 3 one at a time to random items below 3
        need = score - items.sum(axis=1)
        pick = rng.integers(0, 3, n)
        can = (need > 0) & (items[np.arange(n), pick] < 3)
        items[np.arange(n)[can], pick[can]] += 1
    for j in range(3):  # whatever is left goes to the first item with room
        need = score - items.sum(axis=1)
        room = (need > 0) & (items[:, j] < 3)
        items[:, j] += np.minimum(need, 3 - items[:, j]) * room
    frame = pd.DataFrame(
        {"id": np.arange(1, n + 1), WEIGHT: people.weights, AGE_COLUMN: people.age.astype(int)}
    )
    for j, item in enumerate(ITEMS):
        frame[item] = items[:, j]
    for var, codes in people.codes.items():
        frame[var] = np.where(codes >= 0, codes + 1, MISSING)
    return frame
