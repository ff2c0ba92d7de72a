"""The `brobygger` command. Thin typer commands over library functions.

Example:

    brobygger serve --port 8000
    brobygger directory export directory.json
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer

from brobygger.accounts.cli import users_app
from brobygger.activities.cli import activities_app

app = typer.Typer(
    help="Brobygger: community for everyone — insight, directory and referrals.",
    no_args_is_help=True,
)
directory_app = typer.Typer(
    help="The directory of initiatives (HSDS 3.0 in and out).", no_args_is_help=True
)
app.add_typer(directory_app, name="directory")
survey_app = typer.Typer(help="Survey statistics: who is lonely, and where.", no_args_is_help=True)
app.add_typer(survey_app, name="survey")
referrals_app = typer.Typer(
    help="The collaboration model: reminders, anonymisation, demo data.",
    no_args_is_help=True,
)
app.add_typer(referrals_app, name="referrals")
app.add_typer(users_app, name="users")
app.add_typer(activities_app, name="activities")
network_app = typer.Typer(
    help="The network: pop-up visit reminders and the idea catalogue.", no_args_is_help=True
)
app.add_typer(network_app, name="network")


def _django() -> None:
    os.umask(0o077)  # files we write (database, uploads, results, exports) are owner-only
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
    import django

    django.setup()


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


@app.command()
def setup() -> None:
    """Create the database (migrate) and load the seed data when the directory is empty.

    Example: brobygger setup
    """
    _django()
    from django.conf import settings
    from django.core.management import call_command

    var_dir = Path(settings.VAR_DIR)
    var_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    var_dir.chmod(0o700)  # the database and the uploads are personal data: owner only
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    from brobygger.directory.services import seed_load

    created = seed_load()
    if created:
        typer.echo(f"Loaded {created} initiatives from the 2015 mapping.")
    from django.db import connection

    from brobygger.web.demo import demo_mode

    if demo_mode():
        from brobygger.web.demo_seed import seed_demo_content

        for line in seed_demo_content():
            typer.echo(line)
    with connection.cursor() as cursor:  # fresh planner statistics for the search queries
        cursor.execute("ANALYZE")
    from brobygger.insights.services import demo_ready
    from brobygger.insights.tasks import prepare_demo

    for language in ("da", "en"):  # the public synthetic analysis, made by the worker
        if not demo_ready(language):  # missing, or made in an older report layout
            prepare_demo.enqueue(language)


@app.command()
def serve(
    port: int = typer.Option(8000, envvar="PORT", help="Port on 127.0.0.1."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    workers: int = typer.Option(2, help="gunicorn worker processes."),
) -> None:
    """Set up (migrate, seed when empty) and serve the web application with gunicorn.

    The background worker (analyses, the synthetic insight) runs beside it: it first cleans up
    after a worker that died, is started again when it dies, and stops when gunicorn stops.

    With DEBUG off it first runs the deployment checks (`manage.py check --deploy`) and does not
    start when one fails, e.g. messages that would be printed into the log (ALLOW_CONSOLE_MESSAGES).

    Example: brobygger serve --port 8000
    """
    _django()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    if not settings.DEBUG:
        try:
            call_command("check", deploy=True, fail_level="ERROR")
        except SystemCheckError as exc:
            _fail(f"the deployment checks failed; Brobygger was not started.\n{exc}")
    setup()

    from brobygger.insights.supervisor import Supervisor, run_beside

    if not settings.DEBUG:
        call_command("collectstatic", interactive=False, verbosity=0)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "brobygger.config.settings"}
    worker = Supervisor(
        [
            sys.executable,
            "-m",
            "django",
            "brobygger_worker",
            "--settings",
            env["DJANGO_SETTINGS_MODULE"],
        ],
        env=env,
    )
    from brobygger.accounts.demo import demo_logins_lines  # empty outside demo mode

    for line in demo_logins_lines():
        typer.echo(line)
    typer.echo(f"Brobygger is running at http://{host}:{port}/ (Ctrl-C stops it)")
    sys.stdout.flush()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    web = [str(gunicorn), "brobygger.config.wsgi", "--bind", f"{host}:{port}",
           "--workers", str(workers), "--access-logfile", "-"]  # fmt: skip
    raise typer.Exit(code=run_beside(web, worker, env=env))


@directory_app.command("export")
def directory_export(
    file: Path = typer.Argument(..., help="Where to write the HSDS 3.0 JSON (a list of services)."),
) -> None:
    """Write every non-draft initiative as fully nested HSDS 3.0 services.

    Example: brobygger directory export directory.json
    """
    _django()
    from brobygger.directory.hsds.importer import hsds_export

    data = hsds_export()
    file.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    typer.echo(f"Wrote {len(data)} services to {file}")


@directory_app.command("import")
def directory_import(
    file: Path = typer.Argument(..., help="HSDS 3.0 JSON: a service, organisation, list, page…"),
) -> None:
    """Import HSDS 3.0 JSON, all or nothing; an error names the JSON path at fault.

    Example: brobygger directory import services.json
    """
    _django()
    from brobygger.directory.hsds.importer import HSDSImportError, hsds_import_file

    try:
        report = hsds_import_file(file)
    except HSDSImportError as exc:
        _fail(str(exc))
    summary = ", ".join(f"{n} {k}" for k, n in sorted(report.counts.items())) or "nothing"
    typer.echo(f"Imported from {file}: {summary}")


@directory_app.command("remind-stale")
def directory_remind_stale() -> None:
    """E-mail editors of initiatives not reviewed for 12 months (run daily).

    Example: brobygger directory remind-stale
    """
    _django()
    from brobygger.directory.services import stale_reminders_send

    typer.echo(f"Sent {stale_reminders_send()} reminders.")


@directory_app.command("reindex")
def directory_reindex() -> None:
    """Re-stem every initiative's search text, after an upgrade changed the stemmer or the
    compound word list (brobygger/lib/danish_compound_words.txt). Synonyms need no re-index.

    Example: brobygger directory reindex
    """
    _django()
    from brobygger.directory.models import Initiative
    from brobygger.directory.search import reindex_stems

    changed = reindex_stems(Initiative)
    typer.echo(f"Re-indexed {changed} of {Initiative.objects.count()} initiatives.")


@app.command()
def vejviser(
    audience: str = typer.Option(..., help="young_16_29, adults_30_64 or elderly."),
    out: Path = typer.Option(..., "--out", help="The PDF file to write."),
    postcode: str = typer.Option("", help="Nearest first from this postcode."),
    lang: str = typer.Option(
        "da", "--lang", help="da, en, or (draft translations) ar, tr, so, uk."
    ),
    large_print: bool = typer.Option(False, "--large-print", help="A5 cards, larger type."),
    include_unconfirmed: bool = typer.Option(
        False,
        "--include-unconfirmed",
        help="Also print entries not confirmed for a year; their cards say since when.",
    ),
) -> None:
    """The pocket guide "Vejviser til nye fællesskaber" as PDF: up to 12 published initiatives
    for the audience confirmed within the last year (or all, with --include-unconfirmed), four
    A6 cards to an A4 sheet. Links and QR codes start with SITE_URL.

    Example: brobygger vejviser --audience adults_30_64 --include-unconfirmed --out vejviser.pdf
    """
    _django()
    from django.conf import settings

    from brobygger.directory import pdf, printing
    from brobygger.web.languages import citizen_language_codes

    if lang not in citizen_language_codes():
        _fail(f"--lang: {lang!r} is not one of {', '.join(citizen_language_codes())}")
    from django.utils.translation import override

    try:
        with override(lang):
            selection = printing.pocket_guide_select(
                audience=audience,
                postcode=postcode,
                include_unconfirmed=include_unconfirmed,
                base_url=settings.SITE_URL,
            )
    except printing.PrintError as exc:
        _fail(str(exc))
    for initiative in selection.left_out:
        typer.echo(f"warning: left out, not confirmed for a year: {initiative.name}", err=True)
    if not selection.entries:
        _fail(
            f"audience: no initiative for {audience} has been confirmed within the last year "
            f"({len(selection.left_out)} left out); ask the organisations to confirm them, or "
            "print them anyway with --include-unconfirmed (their cards say they are unconfirmed)"
        )
    html = pdf.pocket_guide_html(
        selection, base_url=settings.SITE_URL, language=lang, large_print=large_print
    )
    out.write_bytes(pdf.to_pdf(html))
    unconfirmed = sum(1 for entry in selection.entries if not entry.confirmed)
    note = f" ({unconfirmed} not confirmed for a year)" if unconfirmed else ""
    typer.echo(f"Wrote {out}: {len(selection.entries)} initiatives{note}.")


@referrals_app.command("remind")
def referrals_remind() -> None:
    """E-mail contact persons whose first visit or three-month follow-up is due (run daily).

    Example: brobygger referrals remind
    """
    _django()
    from brobygger.referrals.services import reminders_send

    typer.echo(f"Sent {reminders_send()} reminders.")


@referrals_app.command("anonymise")
def referrals_anonymise() -> None:
    """End the cases whose consent has run out, and blank the personal data of cases closed
    longer than REFERRALS_ANONYMISE_AFTER_DAYS (run daily).

    Example: brobygger referrals anonymise
    """
    _django()
    from brobygger.referrals.services import closed_cases_anonymise, expired_consents_end

    typer.echo(f"Ended {expired_consents_end()} cases whose consent had expired.")
    typer.echo(f"Anonymised {closed_cases_anonymise()} citizens.")


@referrals_app.command("demo")
def referrals_demo(
    clear: bool = typer.Option(False, "--clear", help="Only delete the demo referrals."),
    seed: int = typer.Option(2017, help="Random seed."),
) -> None:
    """Replace the evaluation dashboard's demo referrals (shown only in its labelled demo view).
    Demo mode only (DEBUG on, SQLite): refused on a production database.

    Example: DEBUG=1 brobygger referrals demo --seed 1
    """
    _django()
    from brobygger.referrals.demo import DemoModeOff, demo_clear, demo_create

    if clear:
        typer.echo(f"Deleted {demo_clear()} demo referrals.")
    else:
        try:
            typer.echo(f"Created {demo_create(seed=seed)} demo referrals.")
        except DemoModeOff as error:
            _fail(str(error))


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
        _fail(f"--lang {lang!r}: use da or en")
    try:
        chosen = parse_formats(formats)
    except SurveyError as exc:
        _fail(f"{exc} (use csv, html, xlsx, pdf, svg)")
    with _progress(STEPS) as tick:
        try:
            result = analyse(data, codebook, out, language=lang, progress=tick, formats=chosen)
        except SurveyError as exc:
            tick.stop()
            _fail(str(exc))
        except OSError as exc:
            tick.stop()
            _fail(f"{exc.filename or out}: {exc.strerror}")
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
        _fail(str(exc))
    seed = change.seed if seed is None else seed
    with _progress(1) as tick:
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
        _fail(f"--lang {lang!r}: use da or en")
    try:
        chosen = parse_formats(formats)
        specs = [parse_wave(text) for text in wave]
    except SurveyError as exc:
        _fail(str(exc))
    with _progress(len(specs) + 2) as tick:
        try:
            result, files = run_trend(
                specs, out, standard=standard, formats=chosen, language=lang, progress=tick
            )
        except SurveyError as exc:
            tick.stop()
            _fail(str(exc))
        except OSError as exc:
            tick.stop()
            _fail(f"{exc.filename or out}: {exc.strerror}")
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
        _fail(f"--lang {lang!r}: use da or en")
    with _progress(STEPS) as tick:
        result = run_demo(out, language=lang, seed=seed, progress=tick)
    for warning in result.tables.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"Wrote {len(result.files)} files to {out} (synthetic data, seed {seed})")


class _progress:
    """A rich progress bar on stderr (quiet when stderr is not a terminal)."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.total = total

    def __enter__(self):
        self.progress.start()
        self.task = self.progress.add_task("Analysing", total=self.total)
        return self

    def __call__(self, step: str) -> None:
        self.progress.update(self.task, advance=1, description=f"Analysing: {step}")

    def stop(self) -> None:
        self.progress.stop()

    def __exit__(self, *exc) -> None:
        self.progress.stop()


@network_app.command("remind")
def network_remind() -> None:
    """E-mail both sides of every pop-up visit that is tomorrow, once (run daily).

    Example: brobygger network remind
    """
    _django()
    from brobygger.network.services import reminders_send

    typer.echo(f"Reminded {reminders_send()} visits.")


@network_app.command("ideas-import")
def network_ideas_import(
    file: Path = typer.Argument(..., help="CSV: title, description, proposed_by, state, outcome."),
) -> None:
    """Seed the idea catalogue from a CSV file (UTF-8, header row). Columns: title (required),
    description, proposed_by (an organisation's name, else a person), state (idea, taken,
    trying, tried, set_aside) and outcome (required for tried and set_aside). Ideas already in
    the catalogue (same title) are skipped. One bad row and nothing is saved; every error names
    its row and field.

    Example: brobygger network ideas-import ideer.csv
    """
    _django()
    from brobygger.network.services import IdeaImportError, ideas_import

    try:
        created, skipped = ideas_import(file)
    except IdeaImportError as exc:
        _fail(str(exc))
    typer.echo(f"Imported {created} ideas from {file} ({skipped} already in the catalogue).")


if __name__ == "__main__":
    app()
