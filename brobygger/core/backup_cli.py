"""`brobygger backup` and `brobygger restore`: a few lines each over ``core.backup``.

Example:

    brobygger backup --out /var/backups/brobygger/$(date +%F).tar
    brobygger restore /var/backups/brobygger/2026-12-07.tar
"""

from __future__ import annotations

from pathlib import Path

import typer

from brobygger.core.cli import django_setup
from brobygger.lib.cli import fail


def backup(
    out: Path = typer.Option(..., "--out", help="The archive to write (a .tar file)."),
) -> None:
    """Write one archive: the database, the insights results and a manifest with checksums.

    The site can keep running: SQLite is copied with its online backup API, PostgreSQL with
    pg_dump in one snapshot. The archive holds personal data: keep it as safe as the database.

    Example: brobygger backup --out /var/backups/brobygger/2026-12-07.tar
    """
    django_setup()
    from brobygger.core.backup import BackupError, backup_create

    try:
        manifest = backup_create(out)
    except BackupError as error:
        fail(str(error))
    rows = sum(manifest.counts.values())
    typer.echo(
        f"Wrote {out}: {manifest.engine} database ({len(manifest.counts)} tables, {rows} rows), "
        f"{len(manifest.checksums) - 1} insights files, version {manifest.app_version}."
    )


def restore(
    archive: Path = typer.Argument(..., help="An archive written by `brobygger backup`."),
    force: bool = typer.Option(
        False, "--force", help="Replace the content of a database that is not empty."
    ),
) -> None:
    """Restore an archive of `brobygger backup` into the configured database (DATABASE_URL).

    Checks the checksums first, and refuses a backup made by newer code (migrations this code
    does not know) and a database that is not empty (unless --force). Then run `brobygger setup`
    to apply the migrations this code has that the backup has not.

    Example: brobygger restore /var/backups/brobygger/2026-12-07.tar
    """
    django_setup()
    from brobygger.core.backup import BackupError, backup_restore

    try:
        manifest = backup_restore(archive, force=force)
    except BackupError as error:
        fail(str(error))
    rows = sum(manifest.counts.values())
    typer.echo(
        f"Restored {archive} (made {manifest.created} by version {manifest.app_version}): "
        f"{len(manifest.counts)} tables, {rows} rows. Next: brobygger setup"
    )
