"""`brobygger activities`: the daily run and the "what's on near you" print.

Thin typer commands over ``activities.daily`` and ``activities.printing``; ``brobygger.cli``
adds this group to the ``brobygger`` command.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from brobygger.core.cli import django_setup
from brobygger.lib.cli import fail

activities_app = typer.Typer(
    help="Activities: the daily reminders and clean-up, and the printed week.",
    no_args_is_help=True,
)


@activities_app.command("remind")
def activities_remind() -> None:
    """Run once a day: participants' data deleted after ACTIVITIES_RETENTION_DAYS (first),
    hosts' accounts whose address was never confirmed deleted when their link ran out,
    reminders for tomorrow, the "meet again" message after an activity, past dates marked held,
    and series made ahead. Each step runs even when another fails; safe to run twice: nothing
    is sent twice, and a message that failed is tried again on the next run.

    Exit code: 0 when every step ran, else the sum of the failed steps' numbers: 1 deletion,
    2 unconfirmed accounts, 4 reminders, 8 meet-again, 16 held, 32 series (the log says why).

    Example: brobygger activities remind
    """
    django_setup()
    from brobygger.activities.daily import daily_run

    report = daily_run()
    typer.echo(
        f"Sent {report.reminders} reminders and {report.meet_again} meet-again messages; "
        f"{report.held} dates held; {report.made} dates made; "
        f"{report.anonymised} sign-ups anonymised; "
        f"{report.unconfirmed_accounts_deleted} unconfirmed accounts deleted."
    )
    if report.failed:
        typer.echo(f"error: these steps failed (see the log): {', '.join(report.failed)}",
                   err=True)  # fmt: skip
        raise typer.Exit(code=report.exit_code)


@activities_app.command("print")
def activities_print(
    postcode: str = typer.Option(..., help="Four digits, e.g. 8000."),
    out: Path = typer.Option(..., "--out", help="The PDF file to write."),
    week: str = typer.Option("", help="A day in the week (YYYY-MM-DD); default this week."),
    lang: str = typer.Option("da", "--lang", help="da or en."),
) -> None:
    """Print "what's on near you": one week's activities for a postcode, on A4.

    Example: brobygger activities print --postcode 8000 --out uge.pdf
    """
    if not (len(postcode) == 4 and postcode.isdigit()):
        fail(f"--postcode: {postcode!r} is not four digits")
    try:
        start = dt.date.fromisoformat(week) if week else None
    except ValueError:
        fail(f"--week: {week!r} is not a date (YYYY-MM-DD)")
    django_setup()
    from django.conf import settings
    from django.utils import timezone

    from brobygger.activities.printing import nearby_pdf
    from brobygger.core.demo import demo_mode

    pdf = nearby_pdf(
        postcode=postcode,
        start=start or timezone.localdate(),
        base_url=settings.SITE_URL,
        language=lang,
        demo=demo_mode(),
    )
    out.write_bytes(pdf)
    typer.echo(f"Wrote {out}.")
