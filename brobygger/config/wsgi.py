"""WSGI entry point (gunicorn brobygger.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brobygger.config.settings")
application = get_wsgi_application()
