"""How every entry point (the ``brobygger`` command, ``manage.py``, wsgi) reports a
configuration error: one line on stderr that names the variable and what to do, exit code 2,
no traceback. Settings raise ``ImproperlyConfigured`` with such a message (config/env.py,
config/envfile.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured

EXIT_CODE = 2


def one_line(error: ImproperlyConfigured) -> str:
    """The error as the one line we print: ``configuration error: <message>``."""
    message = " ".join(str(error).split()) or type(error).__name__
    return f"configuration error: {message}"


@contextmanager
def configuration_errors_exit(code: int = EXIT_CODE) -> Iterator[None]:
    """Turn an ``ImproperlyConfigured`` raised inside into one line on stderr and ``code``."""
    try:
        yield
    except ImproperlyConfigured as error:
        sys.stderr.write(one_line(error) + "\n")
        sys.stderr.flush()
        raise SystemExit(code) from None
