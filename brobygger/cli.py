"""The `brobygger` command: `setup` and `serve`, and each app's command group (each app's
``cli.py``), registered here, the only place that knows them all.

Example:

    brobygger serve --port 8000
    brobygger directory export directory.json
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from brobygger.accounts.cli import users_app
from brobygger.activities.cli import activities_app
from brobygger.core.backup_cli import backup, restore
from brobygger.core.cli import daily, django_setup
from brobygger.core.startup import configuration_errors_exit
from brobygger.directory.cli import directory_app, vejviser
from brobygger.lib.cli import fail
from brobygger.network.cli import network_app
from brobygger.referrals.cli import referrals_app
from brobygger.survey.cli import survey_app


class _Brobygger(typer.Typer):
    """The command: a configuration error, from any subcommand, is one line and exit 2."""

    def __call__(self, *args, **kwargs):
        with configuration_errors_exit():
            return super().__call__(*args, **kwargs)


app = _Brobygger(
    help="Brobygger: community for everyone — insight, directory and referrals.",
    no_args_is_help=True,
)
app.add_typer(directory_app, name="directory")
app.add_typer(survey_app, name="survey")
app.add_typer(referrals_app, name="referrals")
app.add_typer(users_app, name="users")
app.add_typer(activities_app, name="activities")
app.add_typer(network_app, name="network")
app.command("vejviser")(vejviser)
app.command("daily")(daily)
app.command("backup")(backup)
app.command("restore")(restore)


def _readable_by_all(root: Path) -> None:
    """Static files are public: readable by the web server's user, whatever the umask."""
    root.chmod(0o755)
    for path in root.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


@app.command()
def setup() -> None:
    """Create the database (migrate), collect the static files (DEBUG off), and load the seed
    data when the directory is empty.

    Example: brobygger setup
    """
    django_setup()
    from django.conf import settings
    from django.core.management import call_command

    var_dir = Path(settings.VAR_DIR)
    var_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    var_dir.chmod(0o700)  # the database and the uploads are personal data: owner only
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    if settings.STATIC_ROOT:  # production: nginx serves the collected files (deploy/)
        call_command("collectstatic", interactive=False, verbosity=0)
        _readable_by_all(Path(settings.STATIC_ROOT))
    from brobygger.directory.services import seed_load

    created = seed_load()
    if created:
        typer.echo(f"Loaded {created} initiatives from the 2015 mapping.")
    from django.db import connection

    from brobygger.core.demo import demo_mode

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


_LEVELS = {"ERROR": 40, "WARNING": 30}
# The background worker, as `serve` starts it and deploy/brobygger-worker.service runs it:
# manage.py's commands through the package (the env file, one-line configuration errors).
WORKER_ARGS = ["-m", "brobygger.config", "brobygger_worker"]


def _report_problems(*, fail_level: str) -> int:
    """Print every problem of the deployment checks on stderr, one a line; how many are at
    ``fail_level`` or above."""
    from brobygger.core.checks import deployment_problems, describe

    problems = deployment_problems()
    for problem in problems:
        typer.echo(describe(problem), err=True)
    return sum(problem.level >= _LEVELS[fail_level] for problem in problems)


@app.command()
def check(
    fail_level: str = typer.Option(
        "WARNING", help="WARNING (default): fail on warnings too; ERROR: only on errors."
    ),
) -> None:
    """Check the configuration for production: Django's `check --deploy` and our own checks
    (e-mail and SMS gateways, BROKER_PHONE, SITE_URL over https, a strong SECRET_KEY,
    PostgreSQL, AXES_PROXY_COUNT behind the proxy). Each problem is one line on stderr, with
    what to do; the exit code is 1 when there is one at FAIL_LEVEL or above.

    Example: BROBYGGER_ENV_FILE=/etc/brobygger/env brobygger check
    """
    level = fail_level.upper()
    if level not in _LEVELS:
        fail(f"--fail-level: {fail_level!r} is not WARNING or ERROR")
    django_setup()
    failing = _report_problems(fail_level=level)
    if failing:
        typer.echo(f"{failing} problem(s): not ready for production.", err=True)
        raise typer.Exit(code=1)
    typer.echo("No problems found: the configuration is ready for production.")


@app.command()
def serve(
    port: int = typer.Option(8000, envvar="PORT", help="Port on 127.0.0.1."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    workers: int = typer.Option(2, help="gunicorn worker processes."),
) -> None:
    """Set up (migrate, seed when empty) and serve the web application with gunicorn.

    The background worker (analyses, the synthetic insight) runs beside it: it first cleans up
    after a worker that died, is started again when it dies, and stops when gunicorn stops.

    With DEBUG off it first runs the deployment checks (those of `brobygger check`) and does not
    start when one is an error, e.g. messages that would be printed into the log
    (ALLOW_CONSOLE_MESSAGES).

    Example: brobygger serve --port 8000
    """
    django_setup()
    from django.conf import settings

    if not settings.DEBUG:
        errors = _report_problems(fail_level="ERROR")
        if errors:
            fail(f"{errors} deployment check(s) failed (above); Brobygger was not started.")
    setup()

    from brobygger.insights.supervisor import Supervisor, run_beside

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "brobygger.config.settings"}
    worker = Supervisor(
        [sys.executable, *WORKER_ARGS, "--settings", env["DJANGO_SETTINGS_MODULE"]], env=env
    )
    from brobygger.accounts.demo import demo_logins_lines  # empty outside demo mode

    for line in demo_logins_lines():
        typer.echo(line)
    typer.echo(f"Brobygger is running at http://{host}:{port}/ (Ctrl-C stops it)")
    sys.stdout.flush()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    web = [str(gunicorn), "brobygger.config.wsgi", "--bind", f"{host}:{port}",
           "--workers", str(workers), "--access-logfile", "-",
           # no control socket: by default every gunicorn of the user would share one in $HOME
           # (gunicorn >= 25.1); a deploy unit that wants gunicornc names its own path
           "--no-control-socket",
           # the access log writes [redacted] for tokens in old links' paths (core.access_log)
           "--logger-class", "brobygger.core.access_log.RedactingLogger"]  # fmt: skip
    raise typer.Exit(code=run_beside(web, worker, env=env))


if __name__ == "__main__":
    app()
