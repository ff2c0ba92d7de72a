"""The demo: the synthetic Aarhus survey at the default seed, analysed, with the published and
the reproduced numbers side by side (comparison.csv and a section of the report)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from brobygger.survey.analyse import Analysis, analyse, write_reports
from brobygger.survey.i18n import translate
from brobygger.survey.output import write_csv
from brobygger.survey.published import BANDS, published
from brobygger.survey.report.model import Cell, TableView
from brobygger.survey.report.numbers import decimal
from brobygger.survey.synth import DEFAULT_SEED, synthesize
from brobygger.survey.tables import Tables

COMPARISON_COLUMNS = [
    "table",
    "group",
    "variable",
    "category",
    "measure",
    "published",
    "reproduced",
]
GROUP_KEYS = {key: f"{lo}-{'' if hi is None else hi}" for key, (lo, hi) in BANDS.items()}
# English msgids; the Danish is in survey/locale/da/LC_MESSAGES/survey.po.
SYNTHETIC_NOTE = (
    "Synthetic data: an artificial population calibrated to the report's published "
    "tables. No real respondents."
)
SYNTHETIC_METHOD = [
    (
        "Synthetic data",
        "Each age group has the report's number of respondents, and each factor has Bilag "
        "1's count in each category, assigned at random and independently within the age "
        "group. Districts with many disadvantaged residents are over-represented in the "
        "sample and the weights correct for it; the weights are then raked to Bilag 1's "
        "weighted shares in each age group. Loneliness is drawn from logistic models whose "
        "parameters are fitted so that the analysis of these very data gives back Table 1, "
        "Table 2's odds ratios and the seven risk groups, and Table 3 as closely as its "
        "small cells allow. The odds ratios are aimed a little towards the report's "
        "significance (at most 15 % in Table 2 and 30 % in Table 3), and of the last fitting "
        "rounds one that meets every criterion (Tables 1-3, the stars and the seven risk "
        "groups) is kept.",
    ),
    (
        "Limits",
        "The factors are independent within an age group, so the confounding between them "
        "and the interactions of real data are absent. The numbers are reconstructed from "
        "rounded published tables and can show and test the analysis, not make new "
        "findings.",
    ),
]
COMPARISON_TITLE = "Published and reproduced"
COMPARISON_HEADER = ["Table", "Group", "Factor", "Category", "Measure", "Published", "Reproduced"]


def synthetic_note(language: str) -> str:
    """The note at the top of a report made from synthetic data."""
    return translate(language, SYNTHETIC_NOTE)


def synthetic_method(language: str) -> list[tuple[str, str]]:
    """The methods paragraphs on how the synthetic data were made, and their limits."""
    return [(translate(language, t), translate(language, text)) for t, text in SYNTHETIC_METHOD]


def comparison_rows(tables: Tables) -> list[dict]:
    """Every published number of Tables 1-3 and Bilag 1 beside the reproduced one."""
    pub = published()
    t1 = {r["group"]: r for r in tables.table1}
    t2 = {(r["variable"], r["category"]): r for r in tables.table2}
    t3 = {(r["group"], r["variable"], r["category"]): r for r in tables.table3}
    b1 = {(r["group"], r["variable"], r["category"]): r for r in tables.bilag1}
    rows: list[dict] = []

    def add(table, group, variable, category, measure, published_value, reproduced):
        if published_value is not None:
            rows.append(
                {
                    "table": table,
                    "group": group,
                    "variable": variable,
                    "category": category,
                    "measure": measure,
                    "published": published_value,
                    "reproduced": reproduced,
                }
            )

    for outcome, column in (
        ("not_lonely", "not_pct"),
        ("moderate", "moderate_pct"),
        ("severe", "severe_pct"),
    ):
        for key, value in pub["table1"][outcome].items():
            group = "all" if key == "total" else GROUP_KEYS[key]
            add("table1", group, "", "", column, value, t1[group].get(column))
    age = t2[("age", "")]
    for outcome in ("moderate", "severe"):
        add(
            "table2",
            "all",
            "age",
            "",
            f"{outcome}_or",
            pub["age_or"][outcome],
            age.get(f"{outcome}_or"),
        )
    for v in pub["variables"]:
        for c in v["categories"]:
            ours = t2.get((v["key"], c["key"]), {})
            for measure in ("moderate_pct", "moderate_or", "severe_pct", "severe_or"):
                add(
                    "table2",
                    "all",
                    v["key"],
                    c["key"],
                    measure,
                    c["table2"][measure],
                    ours.get(measure),
                )
            for key, cell in c["table3"].items():
                if cell.get("status") == "reported":
                    ours3 = t3.get((GROUP_KEYS[key], v["key"], c["key"]), {})
                    add(
                        "table3",
                        GROUP_KEYS[key],
                        v["key"],
                        c["key"],
                        "severe_pct",
                        cell["pct"],
                        ours3.get("severe_pct"),
                    )
                    add(
                        "table3",
                        GROUP_KEYS[key],
                        v["key"],
                        c["key"],
                        "severe_or",
                        cell["or"],
                        ours3.get("severe_or"),
                    )
            for key, cell in c["bilag1"].items():
                group = "all" if key == "total" else GROUP_KEYS[key]
                add(
                    "bilag1",
                    group,
                    v["key"],
                    c["key"],
                    "pct",
                    cell["pct"],
                    b1.get((group, v["key"], c["key"]), {}).get("pct"),
                )
    return rows


def comparison_view(rows: list[dict], language: str) -> TableView:
    title = translate(language, COMPARISON_TITLE)
    header = [translate(language, h) for h in COMPARISON_HEADER]
    view = TableView(title, header, [], [], sheet=title[:31])
    for r in rows:
        digits = 2 if r["measure"].endswith("_or") else 1
        reproduced = r["reproduced"]
        view.rows.append(
            [
                Cell(r["table"]),
                Cell(r["group"]),
                Cell(r["variable"]),
                Cell(r["category"]),
                Cell(r["measure"]),
                Cell(decimal(r["published"], digits, language), r["published"]),
                Cell(
                    decimal(reproduced, digits, language) if reproduced is not None else "─",
                    reproduced,
                ),
            ]
        )
        view.kinds.append("category")
    return view


def run_demo(
    out_dir: Path, *, language: str = "da", seed: int = DEFAULT_SEED, progress=None
) -> Analysis:
    """Generate the synthetic survey, analyse it, and add the comparison with the report."""
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="brobygger-demo-") as work:
        data_path, codebook_path = synthesize(seed=seed).write(Path(work))
        result = analyse(
            data_path, codebook_path, out_dir, language=language, reports=False, progress=progress
        )
        rows = comparison_rows(result.tables)
        comparison = comparison_view(rows, language)
        result.files += write_reports(
            result.codebook,
            result.data,
            result.tables,
            out_dir,
            language=language,
            data_path=data_path,
            synthetic_note=synthetic_note(language),
            extra_sections=[(comparison.title, comparison)],
            extra_methods=synthetic_method(language),
            progress=progress,
        )
    write_csv(out_dir / "comparison.csv", COMPARISON_COLUMNS, rows)
    result.files.append(out_dir / "comparison.csv")
    return result
