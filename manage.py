#!/usr/bin/env python
"""Django's command-line utility (the `brobygger` CLI wraps the common tasks)."""

import os
import sys

if __name__ == "__main__":
    os.umask(0o077)  # the worker writes uploads and results: owner-only files
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
