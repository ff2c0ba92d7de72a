"""WSGI entry point (gunicorn brobygger.config.wsgi).

A configuration error is one line on stderr; the worker then exits with gunicorn's "worker
failed to boot" code (3), so gunicorn stops instead of starting new workers that fail alike.
"""

import os

from django.core.wsgi import get_wsgi_application

from brobygger.core.startup import configuration_errors_exit

WORKER_BOOT_ERROR = 3  # gunicorn.arbiter.Arbiter.WORKER_BOOT_ERROR: the server halts

os.umask(0o077)  # uploads and results are personal data: owner-only files
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
with configuration_errors_exit(WORKER_BOOT_ERROR):
    application = get_wsgi_application()
