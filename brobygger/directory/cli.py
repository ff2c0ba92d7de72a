"""`brobygger directory` (HSDS 3.0 in and out, stale reminders, the search index) and
`brobygger vejviser` (the pocket guide as PDF).

Thin typer commands over the app's services; ``brobygger.cli`` adds the group to the
``brobygger`` command.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from brobygger.core.cli import django_setup
from brobygger.lib.cli import fail

directory_app = typer.Typer(
    help="The directory of initiatives (HSDS 3.0 in and out).", no_args_is_help=True
)


def _require_setup() -> None:
    """Stop with one line, exit 2, when the database was never set up (no directory tables),
    instead of a traceback from the first query."""
    from django.db import DatabaseError, connection

    from brobygger.directory.models import Initiative

    settings = connection.settings_dict
    name = str(settings.get("NAME") or "")
    if connection.vendor == "sqlite":
        in_memory = name == ":memory:" or name.startswith("file:")
        ready = in_memory or Path(name).is_file()  # do not create an empty database file
        where = name
    else:
        ready = True
        where = f"database {name!r}"
    if ready:
        try:
            ready = Initiative._meta.db_table in connection.introspection.table_names()
        except DatabaseError:
            ready = False
    if not ready:
        fail(f"{where} has not been set up: run `brobygger setup` first")


@directory_app.command("export")
def directory_export(
    file: Path = typer.Argument(..., help="Where to write the HSDS 3.0 JSON (a list of services)."),
    tabular: bool = typer.Option(
        False, "--tabular", help="The tabular form instead: one list of rows per table."
    ),
) -> None:
    """Write every non-draft initiative as fully nested HSDS 3.0 services (or, with
    --tabular, as HSDS's tabular form, {"services.csv": [...], ...}).

    Example: brobygger directory export directory.json
    """
    django_setup()
    _require_setup()
    from brobygger.directory.hsds.importer import hsds_export
    from brobygger.directory.hsds.tabular import tabular_export

    data = tabular_export() if tabular else hsds_export()
    file.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    count = len(data["services.csv"]) if tabular else len(data)
    typer.echo(f"Wrote {count} services to {file}")


@directory_app.command("import")
def directory_import(
    file: Path = typer.Argument(..., help="HSDS 3.0 JSON: a service, organisation, list, page…"),
) -> None:
    """Import HSDS 3.0 JSON, all or nothing; an error names the JSON path at fault.

    Example: brobygger directory import services.json
    """
    django_setup()
    _require_setup()
    from brobygger.directory.hsds.importer import HSDSImportError, hsds_import_file

    try:
        report = hsds_import_file(file)
    except HSDSImportError as exc:
        fail(str(exc))
    summary = ", ".join(f"{n} {k}" for k, n in sorted(report.counts.items())) or "nothing"
    typer.echo(f"Imported from {file}: {summary}")


@directory_app.command("remind-stale")
def directory_remind_stale() -> None:
    """E-mail editors of initiatives not reviewed for 12 months (run daily).

    Example: brobygger directory remind-stale
    """
    django_setup()
    from brobygger.directory.services import stale_reminders_send

    typer.echo(f"Sent {stale_reminders_send()} reminders.")


@directory_app.command("reindex")
def directory_reindex() -> None:
    """Re-stem every initiative's search text, after an upgrade changed the stemmer or the
    compound word list (brobygger/lib/danish_compound_words.txt). Synonyms need no re-index.

    Example: brobygger directory reindex
    """
    django_setup()
    from brobygger.directory.models import Initiative
    from brobygger.directory.search import reindex_stems

    changed = reindex_stems(Initiative)
    typer.echo(f"Re-indexed {changed} of {Initiative.objects.count()} initiatives.")


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
    django_setup()
    from django.conf import settings

    from brobygger.core.languages import citizen_language_codes
    from brobygger.directory import pdf, printing

    if lang not in citizen_language_codes():
        fail(f"--lang: {lang!r} is not one of {', '.join(citizen_language_codes())}")
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
        fail(str(exc))
    for initiative in selection.left_out:
        typer.echo(f"warning: left out, not confirmed for a year: {initiative.name}", err=True)
    if not selection.entries:
        fail(
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
