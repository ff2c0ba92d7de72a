"""`brobygger referrals`: the collaboration model's daily reminders and anonymisation, and
the dashboard's demo referrals.

Thin typer commands over the app's services; ``brobygger.cli`` adds the group to the
``brobygger`` command.
"""

from __future__ import annotations

import typer

from brobygger.core.cli import django_setup
from brobygger.lib.cli import fail

referrals_app = typer.Typer(
    help="The collaboration model: reminders, anonymisation, demo data.", no_args_is_help=True
)


@referrals_app.command("remind")
def referrals_remind() -> None:
    """E-mail contact persons whose first visit or three-month follow-up is due (run daily).

    Example: brobygger referrals remind
    """
    django_setup()
    from brobygger.referrals.services import reminders_send

    typer.echo(f"Sent {reminders_send()} reminders.")


@referrals_app.command("anonymise")
def referrals_anonymise() -> None:
    """End the cases whose consent has run out, and blank the personal data of cases closed
    longer than REFERRALS_ANONYMISE_AFTER_DAYS (run daily).

    Example: brobygger referrals anonymise
    """
    django_setup()
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
    django_setup()
    from brobygger.referrals.demo import DemoModeOff, demo_clear, demo_create

    if clear:
        typer.echo(f"Deleted {demo_clear()} demo referrals.")
    else:
        try:
            typer.echo(f"Created {demo_create(seed=seed)} demo referrals.")
        except DemoModeOff as error:
            fail(str(error))
