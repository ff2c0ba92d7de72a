"""WSGI entry point (gunicorn brobygger.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.umask(0o077)  # uploads and results are personal data: owner-only files
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
application = get_wsgi_application()
