"""`brobygger users`: API tokens and the second factor, from the command line.

Thin typer commands over ``accounts.tokens`` and ``accounts.services``; ``brobygger.cli`` adds
this group to the ``brobygger`` command.
"""

from __future__ import annotations

import typer

users_app = typer.Typer(
    help="Users: API tokens (make, list, revoke) and the two-step sign-in.",
    no_args_is_help=True,
)


def _setup() -> None:
    from brobygger.cli import _django

    _django()


def _fail(message: str):
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=2)


def _user(username: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        _fail(f"username: no user called {username!r}")
    return user


def create_token(username: str, name: str, days: int | None) -> None:
    """Make a token and print it (the only time it is shown); shared by the old alias."""
    _setup()
    from brobygger.accounts.tokens import token_create

    user = _user(username)
    if days is not None and days < 1:
        _fail("--days: a token must be valid for at least one day")
    typer.echo(token_create(user=user, name=name, days=days))


@users_app.command("token")
def users_token(
    username: str = typer.Argument(..., help="The user the token acts as."),
    name: str = typer.Option("api", help="What the token is for."),
    days: int = typer.Option(None, help="Days until it stops working (default API_TOKEN_DAYS)."),
) -> None:
    """Create an API bearer token for a user; it is printed once and stored only hashed.

    Example: brobygger users token kirsten --name "jobcenter integration" --days 30
    """
    create_token(username, name, days)


@users_app.command("tokens")
def users_tokens(username: str = typer.Argument(..., help="Whose tokens to list.")) -> None:
    """List a user's API tokens: id, name, created, expires, last used, and whether revoked.

    Example: brobygger users tokens kirsten
    """
    _setup()
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
    _setup()
    from brobygger.accounts.tokens import TokenNotFound, token_revoke_by_name

    user = _user(username)
    try:
        count = token_revoke_by_name(user=user, name_or_id=name_or_id)
    except TokenNotFound:
        _fail(f"name_or_id: {username} has no unrevoked token {name_or_id!r}")
    typer.echo(f"Revoked {count} token(s) of {username}.")


@users_app.command("reset-second-factor")
def users_reset_second_factor(
    username: str = typer.Argument(..., help="Who lost their authenticator."),
) -> None:
    """Remove a user's authenticator devices (a lost phone); they set up a new one next time.

    Example: brobygger users reset-second-factor kirsten
    """
    _setup()
    from brobygger.accounts.services import second_factor_reset

    count = second_factor_reset(user=_user(username))
    typer.echo(f"Removed {count} device(s) of {username}.")
