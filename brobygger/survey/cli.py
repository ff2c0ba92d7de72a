"""`brobygger survey`: the statistics library from the command line (no Django).

Thin typer commands over the app's services; ``brobygger.cli`` adds the group to the
``brobygger`` command.
"""

from __future__ import annotations

from pathlib import Path

import typer

from brobygger.lib.cli import Progress, fail

survey_app = typer.Typer(help="Survey statistics: who is lonely, and where.", no_args_is_help=True)


@survey_app.command("analyse")
def survey_analyse(
    data: Path = typer.Argument(
        ..., help="Survey file: .csv, .parquet, .sas7bdat, .xpt, .sav, .dta"
    ),
    codebook: Path = typer.Option(..., "--codebook", help="The codebook (YAML) for this file."),
    out: Path = typer.Option(..., "--out", help="Folder for the CSV files and the report."),
    lang: str = typer.Option("da", "--lang", help="Report language: da or en."),
    formats: str = typer.Option(
        "csv,html,xlsx,pdf,svg",
        "--formats",
        help="What to write, comma separated: csv (the contract's CSV files), html, xlsx, pdf "
        "(the report), svg (its figure).",
    ),
) -> None:
    """Analyse a survey file: Tables 1-3, Bilag 1, risk groups, report.html/.xlsx/.pdf.

    Fits that did not converge or hit separation are named on stderr and marked in the
    files (the note column, a footnote in the report).

    Example: brobygger survey analyse data.csv --codebook codebook.yaml --out results/
    --formats csv
    """
    from brobygger.survey.analyse import STEPS, analyse, parse_formats
    from brobygger.survey.errors import SurveyError

    if lang not in ("da", "en"):
        fail(f"--lang {lang!r}: use da or en")
    try:
        chosen = parse_formats(formats)
    except SurveyError as exc:
        fail(f"{exc} (use csv, html, xlsx, pdf, svg)")
    with Progress(STEPS) as tick:
        try:
            result = analyse(data, codebook, out, language=lang, progress=tick, formats=chosen)
        except SurveyError as exc:
            tick.stop()
            fail(str(exc))
        except OSError as exc:
            tick.stop()
            fail(f"{exc.filename or out}: {exc.strerror}")
    for warning in result.tables.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"Wrote {len(result.files)} files to {out}")


@survey_app.command("synth")
def survey_synth(
    out: Path = typer.Option(..., "--out", help="Folder for data.csv and codebook.yaml."),
    n: int = typer.Option(5672, "--n", min=500, help="Number of respondents."),
    seed: int | None = typer.Option(
        None, "--seed", help="Random seed (default: the wave's year; 2013 is the shipped survey)."
    ),
    wave: str = typer.Option(
        "2013",
        "--wave",
        help="2013 (the published survey) or a later synthetic wave, 2017 or 2021, with an "
        "invented, modest change in severe loneliness in one or two age groups (for trends).",
    ),
) -> None:
    """Write a synthetic survey of Aarhus calibrated to the report's published tables.

    Example: brobygger survey synth --out synthetic/ && brobygger survey analyse
    synthetic/data.csv --codebook synthetic/codebook.yaml --out results/

    A second wave for `survey trend`: brobygger survey synth --wave 2017 --out wave2017/
    """
    from brobygger.survey.errors import SurveyError
    from brobygger.survey.synth import synthesize
    from brobygger.survey.synth.waves import wave_change

    try:
        change = wave_change(wave)
    except SurveyError as exc:
        fail(str(exc))
    seed = change.seed if seed is None else seed
    with Progress(1) as tick:
        synthetic = synthesize(n=n, seed=seed, wave=wave)
        tick("written")
    data_path, codebook_path = synthetic.write(out)
    typer.echo(
        f"Wrote {data_path} and {codebook_path} ({n} respondents, seed {seed}, "
        f"{synthetic.iterations} calibration rounds)"
    )
    if not synthetic.meets_criteria:
        typer.echo(
            "warning: no calibration round met every criterion (Table 1-3, stars, the seven "
            "risk groups); the closest was written",
            err=True,
        )


@survey_app.command("trend")
def survey_trend(
    wave: list[str] = typer.Option(
        ...,
        "--wave",
        help="A wave as LABEL=DATA:CODEBOOK (each wave through its own codebook); give two or "
        "more, the first is the one the others are compared with.",
    ),
    out: Path = typer.Option(..., "--out", help="Folder for trend.csv and the report."),
    standard: Path | None = typer.Option(
        None,
        "--standard",
        help="CSV with columns from, share: the standard population's share of each age group "
        "(default: the first wave's weighted age distribution among respondents with a score).",
    ),
    formats: str = typer.Option(
        "csv,html,xlsx,pdf,svg",
        "--formats",
        help="What to write, comma separated: csv (trend.csv and the standardisation), html, "
        "xlsx, pdf (the report section), svg (its line chart).",
    ),
    lang: str = typer.Option("da", "--lang", help="Report language: da or en."),
) -> None:
    """Has loneliness changed? Severe loneliness per wave and age group with its interval,
    the difference from the first wave (design-based, independent waves) and the
    age-standardised prevalence: trend.csv, trend_standardised.csv, trend_standard.csv and
    trend.html/.xlsx/.pdf/.svg.

    Example: brobygger survey trend --wave 2013=w13.csv:cb13.yaml --wave
    2017=w17.sav:cb17.yaml --out trend/ --formats csv,html
    """
    from brobygger.survey.analyse import parse_formats
    from brobygger.survey.errors import SurveyError
    from brobygger.survey.trend import parse_wave, run_trend

    if lang not in ("da", "en"):
        fail(f"--lang {lang!r}: use da or en")
    try:
        chosen = parse_formats(formats)
        specs = [parse_wave(text) for text in wave]
    except SurveyError as exc:
        fail(str(exc))
    with Progress(len(specs) + 2) as tick:
        try:
            result, files = run_trend(
                specs, out, standard=standard, formats=chosen, language=lang, progress=tick
            )
        except SurveyError as exc:
            tick.stop()
            fail(str(exc))
        except OSError as exc:
            tick.stop()
            fail(f"{exc.filename or out}: {exc.strerror}")
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"Wrote {len(files)} files to {out}")


@survey_app.command("demo")
def survey_demo(
    out: Path = typer.Option(..., "--out", help="Folder for the tables, reports and comparison."),
    lang: str = typer.Option("da", "--lang", help="Report language: da or en."),
    seed: int = typer.Option(2013, "--seed", help="Seed of the synthetic population."),
) -> None:
    """Analyse the shipped synthetic Aarhus survey (no file needed) and compare it with the
    report: everything `survey analyse` writes, plus comparison.csv.

    Example: brobygger survey demo --out demo/
    """
    from brobygger.survey.analyse import STEPS
    from brobygger.survey.demo import run_demo

    if lang not in ("da", "en"):
        fail(f"--lang {lang!r}: use da or en")
    with Progress(STEPS) as tick:
        result = run_demo(out, language=lang, seed=seed, progress=tick)
    for warning in result.tables.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"Wrote {len(result.files)} files to {out} (synthetic data, seed {seed})")
