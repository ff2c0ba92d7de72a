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
    # an interval: its bounds, which a spreadsheet writes as two numbers
    low: float | None = None
    high: float | None = None
    # what a spreadsheet writes in its note column, beside the number: † (an unreliable fit)
    mark: str = ""

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
    if row.get(f"{prefix}_problem"):  # never a plain number: marked (a note in spreadsheets)
        return Cell(text + fmt.UNRELIABLE, value, "0.00", mark=fmt.UNRELIABLE)
    if row.get("reference"):
        return Cell(text, 1, "0")
    return Cell(text, value, '0.00"*"' if text.endswith("*") else "0.00")


def _interval(low, high, digits: int, language: str, marked: bool = False) -> Cell:
    if low is None or high is None:
        return Cell("")
    text = f"{fmt.decimal(low, digits, language)}–{fmt.decimal(high, digits, language)}"
    mark = fmt.UNRELIABLE if marked else ""
    number_format = "0." + "0" * digits
    return Cell(text + mark, None, number_format, low=low, high=high, mark=mark)


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


@dataclass(frozen=True)
class _Context:
    """What every table of one report needs: words, labels and options in one language."""

    codebook: Codebook
    language: str
    w: dict[str, str]
    groups: dict[str, str]
    variables: dict[str, str]
    categories: dict[tuple[str, str], str]
    footnote: str

    @property
    def alpha(self) -> float:
        return self.codebook.options.alpha

    def category_label(self, row: dict) -> str:
        if row["variable"] == AGE:
            return self.w["age_row"]
        label = self.categories[(row["variable"], row["category"])]
        return f"{label} {self.w['ref']}" if row.get("reference") else label

    def blank_row(self, variable: str, width: int) -> list[Cell]:
        """A heading row naming a factor, with ``width`` empty cells after it."""
        return [_text(self.variables[variable])] + [_text("")] * width


def _context(codebook: Codebook, language: str) -> _Context:
    w = words(language)
    variables, categories = _labels(codebook, language)
    opts = codebook.options
    footnote = w["footnote"].format(
        alpha=fmt.decimal(opts.alpha, 2, language), min_cell_plus=opts.min_cell + 1
    )
    return _Context(
        codebook, language, w, group_labels(codebook, language), variables, categories, footnote
    )


def _table1(c: _Context, rows: list[dict]) -> TableView:
    w, lang = c.w, c.language
    table = TableView(
        w["table1"],
        ["", w["n"], w["not_lonely"], w["moderate"], w["severe"], w["ci"]],
        [],
        [],
        sheet=w["sheet_table1"],
    )
    for row in rows:
        table.rows.append(
            [
                _text(c.groups[row["group"]]),
                _count(row.get("n"), lang),
                _num(row.get("not_pct"), 1, lang),
                _num(row.get("moderate_pct"), 1, lang),
                _num(row.get("severe_pct"), 1, lang),
                _interval(
                    row.get("severe_pct_low"),
                    row.get("severe_pct_high"),
                    1,
                    lang,
                    bool(row.get("severe_problem")),
                ),
            ]
        )
        table.kinds.append("total" if row["group"] == ALL else "category")
    return table


def _table2(c: _Context, rows: list[dict]) -> TableView:
    w, lang = c.w, c.language
    table = TableView(
        w["table2"],
        ["", w["n"], w["moderate_pct"], w["or"], w["severe_pct"], w["or"]],
        [],
        [],
        c.footnote,
        sheet=w["sheet_table2"],
    )
    last_variable = None
    for row in rows:
        if row["variable"] != AGE and row["variable"] != last_variable:
            table.rows.append(c.blank_row(row["variable"], 5))
            table.kinds.append("variable")
        last_variable = row["variable"]
        table.rows.append(
            [
                _text(c.category_label(row)),
                _count(row.get("n"), lang),
                _pct(row, "moderate_pct", lang),
                _or(row, "moderate", c.alpha, lang),
                _pct(row, "severe_pct", lang),
                _or(row, "severe", c.alpha, lang),
            ]
        )
        table.kinds.append("category")
    return table


def _table3(c: _Context, rows: list[dict]) -> TableView:
    w, lang, codebook = c.w, c.language, c.codebook
    group_keys = [g.key for g in codebook.age.groups]
    table = TableView(
        w["table3"],
        [""] + [f"{c.groups[k]} {part}" for k in group_keys for part in (w["pct"], w["or"])],
        [],
        [],
        c.footnote,
        sheet=w["sheet_table3"],
    )
    by_key = {(r["group"], r["variable"], r["category"]): r for r in rows}
    row_keys = [(AGE, "")] + [(v.name, k.name) for v in codebook.covariates for k in v.categories]
    last_variable = None
    for variable, category in row_keys:
        cells = [by_key.get((g, variable, category)) for g in group_keys]
        if variable != AGE and not any(cells):
            continue
        if variable != AGE and variable != last_variable:
            table.rows.append(c.blank_row(variable, 2 * len(group_keys)))
            table.kinds.append("variable")
        last_variable = variable
        reference = any(cell and cell.get("reference") for cell in cells)
        key = {"variable": variable, "category": category, "reference": reference}
        line = [_text(c.category_label(key))]
        for cell in cells:
            if cell is None:
                line += [_text(""), _text("")]
            else:
                percent = _pct(cell, "severe_pct", lang) if variable != AGE else _text("")
                line += [percent, _or(cell, "severe", c.alpha, lang)]
        table.rows.append(line)
        table.kinds.append("category")
    return table


def _bilag1(c: _Context, rows: list[dict]) -> TableView:
    w, lang, codebook = c.w, c.language, c.codebook
    all_keys = [ALL] + [g.key for g in codebook.age.groups]
    table = TableView(
        w["bilag1"],
        [""] + [f"{c.groups[k]} {part}" for k in all_keys for part in (w["n"], w["pct"])],
        [],
        [],
        sheet=w["sheet_bilag1"],
    )
    by_key = {(r["group"], r["variable"], r["category"]): r for r in rows}
    for cov in codebook.covariates:
        table.rows.append(c.blank_row(cov.name, 2 * len(all_keys)))
        table.kinds.append("variable")
        for k in cov.categories:
            line = [_text(k.label.get(lang))]
            for g in all_keys:
                r = by_key.get((g, cov.name, k.name), {})
                line += [_count(r.get("n"), lang), _num(r.get("pct"), 1, lang)]
            table.rows.append(line)
            table.kinds.append("category")
    return table


def _risk(c: _Context, rows: list[dict]) -> TableView:
    w, lang = c.w, c.language
    table = TableView(
        w["risk"],
        [w["variable"], w["category"], w["severe_pct"], w["or"], w["interval"], w["people"]],
        [],
        [],
        sheet=w["sheet_risk"],
    )
    for r in rows:
        people = r.get("people")
        table.rows.append(
            [
                _text(c.variables[r["variable"]]),
                _text(c.categories[(r["variable"], r["category"])]),
                _num(r["severe_pct"], 1, lang),
                _or({**r, "severe_p": None}, "severe", c.alpha, lang),
                _interval(
                    r["severe_or_low"],
                    r["severe_or_high"],
                    2,
                    lang,
                    bool(r.get("severe_problem")),
                ),
                _count(round(people), lang) if people is not None else _text(""),
            ]
        )
        table.kinds.append("category")
    return table


def headcount(codebook: Codebook, whole: dict, language: str) -> str:
    """About how many severely and moderately lonely people the whole population's shares
    stand for; empty without the codebook's ``population``."""
    population = codebook.population
    if not population or whole.get("severe_pct") is None:
        return ""
    return words(language)["headcount"].format(
        severe=fmt.count(round(whole["severe_pct"] / 100 * population), language),
        moderate=fmt.count(round(whole["moderate_pct"] / 100 * population), language),
        population=fmt.count(population, language),
    )


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
    """The whole report's content: Tables 1-3, Bilag 1, the risk groups and the methods."""
    c = _context(codebook, language)
    t1, t2 = _table1(c, tables.table1), _table2(c, tables.table2)
    t3, b1 = _table3(c, tables.table3), _bilag1(c, tables.bilag1)
    risk = _risk(c, tables.risk_groups)
    for table, rows in (
        (t1, tables.table1),
        (t2, tables.table2),
        (t3, tables.table3),
        (risk, tables.risk_groups),
    ):
        _with_mark(table, rows, c.w["unreliable"])
    return ReportView(
        language=language,
        title=c.w["title"],
        survey=codebook.survey,
        synthetic_note=synthetic_note,
        counts=c.w["counts"].format(
            n=fmt.count(n_total, language), scored=fmt.count(n_scored, language)
        ),
        headcount=headcount(codebook, tables.table1[0], language),
        tables=[t1, t2, t3, b1],
        risk=risk,
        methods=methods_paragraphs(codebook, language, options_used),
    )
