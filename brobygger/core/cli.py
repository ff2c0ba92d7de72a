"""The Django ground of every ``brobygger`` command that touches the database, and
``brobygger daily`` (registered in ``brobygger.cli``)."""

from __future__ import annotations

import os

import typer

from brobygger.lib.cli import fail


def django_setup() -> None:
    """Configure Django (``brobygger.config.settings``) before a command imports a model."""
    os.umask(0o077)  # files we write (database, uploads, results, exports) are owner-only
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
    import django

    django.setup()


def daily(
    only: list[str] = typer.Option(
        None, "--only", help="Run only this step, or an app's steps (repeatable)."
    ),
    list_steps: bool = typer.Option(False, "--list", help="List the steps and exit."),
) -> None:
    """Run every daily step once: the directory's stale reminders; referrals' reminders, ended
    consents and anonymisation; activities' deletion of participants' data, unconfirmed
    accounts, reminders, "meet again", held dates and series; the network's visit reminders.

    Each step runs on its own and is logged; one that fails does not stop the others. The exit
    code is 1 when a step failed (the output names it; the log has its traceback), 2 for an
    unknown step. The worker runs this by itself once a day at DAILY_AT (default 06:15), so
    no cron is needed; running it by hand as well is safe (nothing is sent twice).

    Example: brobygger daily --only referrals --only network.reminders
    """
    django_setup()
    from brobygger.core.daily import UnknownStep, run_daily, step_names

    if list_steps:
        for name in step_names():
            typer.echo(name)
        return
    try:
        report = run_daily(only=only or None)
    except UnknownStep as error:
        fail(str(error))
    for result in report.results:
        if result.ok:
            counts = ", ".join(f"{key} {count}" for key, count in result.counts.items())
            typer.echo(f"ok      {result.name}" + (f": {counts}" if counts else ""))
        else:
            typer.echo(f"FAILED  {result.name} ({result.error}; the log has the traceback)")
    if report.failed:
        typer.echo(f"error: these daily steps failed: {', '.join(report.failed)}", err=True)
        raise typer.Exit(code=report.exit_code)
