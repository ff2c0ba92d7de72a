"""Settings for the test suite: production's settings, as a deployment would run them.

DEBUG stays off (the default), so the tests see the Content-Security-Policy, the sign-in
throttling and the absence of demo content that production has. Only what a test machine cannot
provide is changed: a fixed secret key and plain HTTP (no TLS in front of the test server).
"""

import os
import tempfile
from pathlib import Path

_TEST_ENVIRONMENT = {
    "SECRET_KEY": "test-only-secret-key-never-used-in-production",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
}
_added = [name for name in _TEST_ENVIRONMENT if name not in os.environ]
for _name in _added:
    os.environ[_name] = _TEST_ENVIRONMENT[_name]
try:
    from brobygger.config.settings import *  # noqa: F403
    from brobygger.config.settings import STORAGES
finally:  # subprocesses started by tests see the machine's environment, not ours
    for _name in _added:
        del os.environ[_name]

# Static files come from the apps (no collectstatic before a test run).
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
SMS_BACKEND = "brobygger.core.sms.MemoryBackend"

# SQLite: the test database is a real file (not Django's shared in-memory one, whose table
# locks fail at once instead of waiting), so the race tests (threads, each with its own
# connection) see SQLite as a deployment does: WAL, IMMEDIATE transactions, a busy timeout.
# One file per test process (pytest-xdist adds _gw0, _gw1, ...); Django deletes it afterwards.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"brobygger-test-{os.getpid()}.sqlite3")
    }
