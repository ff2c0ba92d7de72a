"""Django's management commands for an installed Brobygger, as ``manage.py`` runs them in a
checkout: ``python -m brobygger.config COMMAND`` (``brobygger serve`` starts the background
worker as ``python -m brobygger.config brobygger_worker``). Reads ``BROBYGGER_ENV_FILE`` (through
the settings) and reports a configuration error in one line, exit 2."""

import os
import sys

from django.core.management import execute_from_command_line

from brobygger.core.startup import configuration_errors_exit


def main(argv: list[str]) -> None:
    os.umask(0o077)  # the worker writes uploads and results: owner-only files
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
    with configuration_errors_exit():  # one line naming the variable, exit 2 (no traceback)
        execute_from_command_line(argv)


if __name__ == "__main__":
    main(sys.argv)
