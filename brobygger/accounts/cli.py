"""`brobygger users`: users and their roles, API tokens and the second factor, from the
command line.

Thin typer commands over ``accounts.services``, ``accounts.selectors`` and ``accounts.tokens``;
``brobygger.cli`` adds this group to the ``brobygger`` command.
"""

from __future__ import annotations

import typer

from brobygger.core.cli import django_setup
from brobygger.lib.cli import fail

users_app = typer.Typer(
    help="Users: add and list users and roles, API tokens (make, list, revoke), two-step sign-in.",
    no_args_is_help=True,
)


def _user(username: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        fail(f"username: no user called {username!r}")
    return user


ROLE_HELP = "administrator, broker, analyst, staff (needs --arena), editor (needs --organisation),"
ROLE_HELP += " citizen or volunteer."


@users_app.command("add")
def users_add(
    username: str = typer.Argument(..., help="The user name they sign in with."),
    email: str = typer.Option(None, help="Their e-mail address (needed for a new user)."),
    role: str = typer.Option(..., help=ROLE_HELP),
    arena: str = typer.Option(None, help="staff: the arena they work at (its exact name)."),
    organisation: str = typer.Option(
        None, help="editor: the organisation they edit (its exact name)."
    ),
) -> None:
    """Add a user with a role, or give an existing user one more role (adding it twice is fine).

    A new user gets no password: they get an e-mail with a one-time link (on SITE_URL, working
    INVITATION_DAYS days) to choose one. The link is printed too, for when mail does not work.

    Example: brobygger users add kirsten --email k@aarhus.dk --role staff --arena "Jobcenter Aarhus"
    """
    django_setup()

    from brobygger.accounts.services import (
        UserAddError,
        user_add,
        user_added_record,
        user_welcome_send,
    )

    try:
        added = user_add(
            username=username,
            email=email,
            role=role,
            arena=arena,
            organisation=organisation,
        )
    except UserAddError as error:
        fail(str(error))
    where = arena if role == "staff" else organisation if role == "editor" else None
    user_added_record(added=added, role=role, where=where)  # in the administration's history
    role_text = f"{role} ({where})" if where else role
    if added.created:
        typer.echo(f"Added {username} <{added.user.email}> as {role_text}.")
    elif added.role_added:
        typer.echo(f"{username} already existed; added the role {role_text}.")
    else:
        typer.echo(f"{username} already has the role {role_text}; nothing changed.")
    if added.link:
        typer.echo(f"One-time link to choose a password: {added.link}")
        if user_welcome_send(user=added.user, link=added.link):
            typer.echo(f"E-mailed the link to {added.user.email}.")
        else:  # the reason is in the log; the printed link remains
            typer.echo(f"warning: the e-mail to {added.user.email} failed; "
                       "give them the link above.", err=True)  # fmt: skip


@users_app.command("list")
def users_list() -> None:
    """List every user: user name, name, e-mail, roles, last login, active, two-step sign-in.

    Example: brobygger users list
    """
    django_setup()
    from django.utils import timezone

    from brobygger.accounts.selectors import users_overview

    header = ("USERNAME", "NAME", "E-MAIL", "ROLES", "LAST LOGIN", "ACTIVE", "2FA")
    rows = [
        (
            row.username,
            row.name or "-",
            row.email or "-",
            (", ".join(row.roles) or "citizen") + (" (demo)" if row.is_demo else ""),
            timezone.localtime(row.last_login).strftime("%Y-%m-%d %H:%M")
            if row.last_login
            else "never",
            "yes" if row.is_active else "no",
            "yes" if row.has_second_factor else "no",
        )
        for row in users_overview()
    ]
    if not rows:
        typer.echo("No users yet. Add one with `brobygger users add`.")
        return
    widths = [max(len(line[i]) for line in (header, *rows)) for i in range(len(header))]
    for line in (header, *rows):
        cells = (cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        typer.echo("  ".join(cells).rstrip())


@users_app.command("token")
def users_token(
    username: str = typer.Argument(..., help="The user the token acts as."),
    name: str = typer.Option("api", help="What the token is for."),
    days: int = typer.Option(None, help="Days until it stops working (default API_TOKEN_DAYS)."),
) -> None:
    """Create an API bearer token for a user; it is printed once and stored only hashed.

    Example: brobygger users token kirsten --name "jobcenter integration" --days 30
    """
    django_setup()
    from brobygger.accounts.tokens import token_create

    user = _user(username)
    if days is not None and days < 1:
        fail("--days: a token must be valid for at least one day")
    typer.echo(token_create(user=user, name=name, days=days))


@users_app.command("tokens")
def users_tokens(username: str = typer.Argument(..., help="Whose tokens to list.")) -> None:
    """List a user's API tokens: id, name, created, expires, last used, and whether revoked.

    Example: brobygger users tokens kirsten
    """
    django_setup()
    from django.utils import timezone

    from brobygger.accounts.selectors import tokens_of

    now = timezone.now()

    def day(moment) -> str:
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "never"

    tokens = list(tokens_of(_user(username)))
    if not tokens:
        typer.echo(f"{username} has no API tokens.")
    for token in tokens:
        if token.revoked_at:
            state = f"revoked {day(token.revoked_at)}"
        else:
            state = "expired" if token.expires_at <= now else "active"
        typer.echo(
            f"{token.pk}\t{token.name}\tcreated {day(token.created_at)}"
            f"\texpires {day(token.expires_at)}\tlast used {day(token.last_used_at)}\t{state}"
        )


@users_app.command("revoke-token")
def users_revoke_token(
    username: str = typer.Argument(..., help="Whose token."),
    name_or_id: str = typer.Argument(..., help="The token's name or id (see `users tokens`)."),
) -> None:
    """Revoke a user's API token at once (every unrevoked token of that name, or that id).

    Example: brobygger users revoke-token kirsten "jobcenter integration"
    """
    django_setup()
    from brobygger.accounts.tokens import TokenNotFound, token_revoke_by_name

    user = _user(username)
    try:
        count = token_revoke_by_name(user=user, name_or_id=name_or_id)
    except TokenNotFound:
        fail(f"name_or_id: {username} has no unrevoked token {name_or_id!r}")
    typer.echo(f"Revoked {count} token(s) of {username}.")


@users_app.command("reset-second-factor")
def users_reset_second_factor(
    username: str = typer.Argument(..., help="Who lost their authenticator."),
) -> None:
    """Remove a user's authenticator devices (a lost phone); they set up a new one next time.

    Example: brobygger users reset-second-factor kirsten
    """
    django_setup()
    from brobygger.accounts.services import user_second_factor_reset

    count = user_second_factor_reset(user=_user(username))  # kept in the history
    typer.echo(f"Removed {count} device(s) of {username}.")
