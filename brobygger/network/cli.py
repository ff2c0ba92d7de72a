"""`brobygger network`: pop-up visit reminders and the idea catalogue.

Thin typer commands over the app's services; ``brobygger.cli`` adds the group to the
``brobygger`` command.
"""

from __future__ import annotations

from pathlib import Path

import typer

from brobygger.core.cli import django_setup
from brobygger.lib.cli import fail

network_app = typer.Typer(
    help="The network: pop-up visit reminders and the idea catalogue.", no_args_is_help=True
)


@network_app.command("remind")
def network_remind() -> None:
    """E-mail both sides of every pop-up visit that is tomorrow, once (run daily).

    Example: brobygger network remind
    """
    django_setup()
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
    django_setup()
    from brobygger.network.services import IdeaImportError, ideas_import

    try:
        created, skipped = ideas_import(file)
    except IdeaImportError as exc:
        fail(str(exc))
    typer.echo(f"Imported {created} ideas from {file} ({skipped} already in the catalogue).")
