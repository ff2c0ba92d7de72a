"""The report's content as plain rows of text, shared by the HTML/PDF and XLSX writers."""

from __future__ import annotations

from dataclasses import dataclass, field

from brobygger.survey.codebook import Codebook
from brobygger.survey.report import numbers as fmt
from brobygger.survey.report.methods import methods_paragraphs
from brobygger.survey.report.text import words
from brobygger.survey.tables import AGE, ALL, Tables


@dataclass(frozen=True)
class Cell:
    """What a table cell shows (``text``) and, for spreadsheets, its number and format."""

    text: str
    value: float | int | None = None
    number_format: str | None = None

    def __str__(self) -> str:
        return self.text


def _text(text: str) -> Cell:
    return Cell(text)


def _num(value, digits: int, language: str) -> Cell:
    if value is None:
        return Cell("")
    return Cell(fmt.decimal(value, digits, language), value, "0." + "0" * digits)


def _count(value, language: str) -> Cell:
    return Cell(fmt.count(value, language), value, "#,##0") if value is not None else Cell("")


def _pct(row: dict, key: str, language: str) -> Cell:
    if row.get("suppressed"):
        return Cell(fmt.SUPPRESSED)
    return _num(row.get(key), 1, language)


def _or(row: dict, prefix: str, alpha: float, language: str) -> Cell:
    text = fmt.odds_ratio(row, prefix, alpha, language)
    value = row.get(f"{prefix}_or")
    if not text or text == fmt.SUPPRESSED:
        return Cell(text)
    if row.get(f"{prefix}_problem"):  # never a plain number: marked, and text in spreadsheets
        return Cell(text + fmt.UNRELIABLE)
    if row.get("reference"):
        return Cell(text, 1, "0")
    return Cell(text, value, '0.00"*"' if text.endswith("*") else "0.00")


def _interval(low, high, digits: int, language: str, marked: bool = False) -> Cell:
    if low is None or high is None:
        return Cell("")
    text = f"{fmt.decimal(low, digits, language)}–{fmt.decimal(high, digits, language)}"
    return Cell(text + (fmt.UNRELIABLE if marked else ""))


def _with_mark(table: TableView, rows: list[dict], note: str) -> None:
    """Add the footnote on unreliable fits to a table that shows one."""
    if any(r.get("note") for r in rows):
        table.footnote = f"{table.footnote} {note}".strip()


@dataclass
class TableView:
    title: str
    header: list[str]
    rows: list[list[Cell]]
    kinds: list[str]  # per row: "variable" (a heading row), "category", "total"
    footnote: str = ""
    sheet: str = ""


@dataclass
class ReportView:
    language: str
    title: str
    survey: str
    synthetic_note: str
    counts: str
    headcount: str
    tables: list[TableView]
    risk: TableView
    methods: list[tuple[str, str]]
    extra_sections: list[tuple[str, TableView]] = field(default_factory=list)


def group_labels(codebook: Codebook, language: str) -> dict[str, str]:
    w = words(language)
    labels = {ALL: w["whole"]}
    for g in codebook.age.groups:
        labels[g.key] = g.label.get(language)
    return labels


def _labels(codebook: Codebook, language: str):
    variables = {c.name: c.label.get(language) for c in codebook.covariates}
    categories = {
        (c.name, k.name): k.label.get(language) for c in codebook.covariates for k in c.categories
    }
    return variables, categories


def build_view(
    codebook: Codebook,
    tables: Tables,
    *,
    language: str,
    n_total: int,
    n_scored: int,
    options_used: dict,
    synthetic_note: str = "",
) -> ReportView:
    w = words(language)
    opts = codebook.options
    groups = group_labels(codebook, language)
    variables, categories = _labels(codebook, language)
    footnote = w["footnote"].format(
        alpha=fmt.decimal(opts.alpha, 2, language), min_cell_plus=opts.min_cell + 1
    )

    t1 = TableView(
        w["table1"],
        ["", w["n"], w["not_lonely"], w["moderate"], w["severe"], w["ci"]],
        [],
        [],
        sheet=w["sheet_table1"],
    )
    for row in tables.table1:
        t1.rows.append(
            [
                _text(groups[row["group"]]),
                _count(row.get("n"), language),
                _num(row.get("not_pct"), 1, language),
                _num(row.get("moderate_pct"), 1, language),
                _num(row.get("severe_pct"), 1, language),
                _interval(
                    row.get("severe_pct_low"),
                    row.get("severe_pct_high"),
                    1,
                    language,
                    bool(row.get("severe_problem")),
                ),
            ]
        )
        t1.kinds.append("total" if row["group"] == ALL else "category")

    def category_label(row):
        if row["variable"] == AGE:
            return w["age_row"]
        label = categories[(row["variable"], row["category"])]
        return f"{label} {w['ref']}" if row.get("reference") else label

    t2 = TableView(
        w["table2"],
        ["", w["n"], w["moderate_pct"], w["or"], w["severe_pct"], w["or"]],
        [],
        [],
        footnote,
        sheet=w["sheet_table2"],
    )
    last_variable = None
    for row in tables.table2:
        if row["variable"] != AGE and row["variable"] != last_variable:
            t2.rows.append([_text(variables[row["variable"]])] + [_text("")] * 5)
            t2.kinds.append("variable")
        last_variable = row["variable"]
        t2.rows.append(
            [
                _text(category_label(row)),
                _count(row.get("n"), language),
                _pct(row, "moderate_pct", language),
                _or(row, "moderate", opts.alpha, language),
                _pct(row, "severe_pct", language),
                _or(row, "severe", opts.alpha, language),
            ]
        )
        t2.kinds.append("category")

    group_keys = [g.key for g in codebook.age.groups]
    t3 = TableView(
        w["table3"],
        [""] + [f"{groups[k]} {part}" for k in group_keys for part in (w["pct"], w["or"])],
        [],
        [],
        footnote,
        sheet=w["sheet_table3"],
    )
    by_key = {(r["group"], r["variable"], r["category"]): r for r in tables.table3}
    row_keys = [(AGE, "")] + [(c.name, k.name) for c in codebook.covariates for k in c.categories]
    last_variable = None
    for variable, category in row_keys:
        cells = [by_key.get((g, variable, category)) for g in group_keys]
        if variable != AGE and not any(cells):
            continue
        if variable != AGE and variable != last_variable:
            t3.rows.append([_text(variables[variable])] + [_text("")] * (2 * len(group_keys)))
            t3.kinds.append("variable")
        last_variable = variable
        reference = any(c and c.get("reference") for c in cells)
        line = [
            _text(
                category_label({"variable": variable, "category": category, "reference": reference})
            )
        ]
        for cell in cells:
            if cell is None:
                line += [_text(""), _text("")]
            else:
                percent = _pct(cell, "severe_pct", language) if variable != AGE else _text("")
                line += [percent, _or(cell, "severe", opts.alpha, language)]
        t3.rows.append(line)
        t3.kinds.append("category")

    all_keys = [ALL] + group_keys
    b1 = TableView(
        w["bilag1"],
        [""] + [f"{groups[k]} {part}" for k in all_keys for part in (w["n"], w["pct"])],
        [],
        [],
        sheet=w["sheet_bilag1"],
    )
    b_key = {(r["group"], r["variable"], r["category"]): r for r in tables.bilag1}
    for cov in codebook.covariates:
        b1.rows.append([_text(variables[cov.name])] + [_text("")] * (2 * len(all_keys)))
        b1.kinds.append("variable")
        for k in cov.categories:
            line = [_text(k.label.get(language))]
            for g in all_keys:
                r = b_key.get((g, cov.name, k.name), {})
                line += [_count(r.get("n"), language), _num(r.get("pct"), 1, language)]
            b1.rows.append(line)
            b1.kinds.append("category")

    risk = TableView(
        w["risk"],
        [w["variable"], w["category"], w["severe_pct"], w["or"], w["interval"], w["people"]],
        [],
        [],
        sheet=w["sheet_risk"],
    )
    for r in tables.risk_groups:
        people = r.get("people")
        risk.rows.append(
            [
                _text(variables[r["variable"]]),
                _text(categories[(r["variable"], r["category"])]),
                _num(r["severe_pct"], 1, language),
                _or({**r, "severe_p": None}, "severe", opts.alpha, language),
                _interval(
                    r["severe_or_low"],
                    r["severe_or_high"],
                    2,
                    language,
                    bool(r.get("severe_problem")),
                ),
                _count(round(people), language) if people is not None else _text(""),
            ]
        )
        risk.kinds.append("category")

    _with_mark(t1, tables.table1, w["unreliable"])
    _with_mark(t2, tables.table2, w["unreliable"])
    _with_mark(t3, tables.table3, w["unreliable"])
    _with_mark(risk, tables.risk_groups, w["unreliable"])
    headcount = ""
    whole = tables.table1[0]
    if codebook.population and whole.get("severe_pct") is not None:
        headcount = w["headcount"].format(
            severe=fmt.count(round(whole["severe_pct"] / 100 * codebook.population), language),
            moderate=fmt.count(round(whole["moderate_pct"] / 100 * codebook.population), language),
            population=fmt.count(codebook.population, language),
        )
    return ReportView(
        language=language,
        title=w["title"],
        survey=codebook.survey,
        synthetic_note=synthetic_note,
        counts=w["counts"].format(
            n=fmt.count(n_total, language), scored=fmt.count(n_scored, language)
        ),
        headcount=headcount,
        tables=[t1, t2, t3, b1],
        risk=risk,
        methods=methods_paragraphs(codebook, language, options_used),
    )
