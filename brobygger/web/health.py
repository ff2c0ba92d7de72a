"""``GET /healthz``: is the site able to work? For a monitor or a load balancer, without a
sign-in, and without personal data: whether the database answers, the background worker's last
heartbeat, and the last daily run (its day, when it finished, the names of the steps that
failed).

200 when all is well (a failed daily step is reported, not an outage); 503 when the database
does not answer or the worker has been silent for longer than HEALTH_WORKER_STALE_MINUTES
(default 15). Never cached; GET and HEAD only. It touches neither the session nor the cache
(the rate limits live in the database cache, which must not turn a monitor's look into a 429 or
an error of its own), and no form, so CSRF and sign-in throttling do not apply.
"""

from __future__ import annotations

import logging
from contextlib import suppress

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from brobygger.core.daily_schedule import health

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        state = health()
    except DatabaseError as exc:
        logger.warning("healthz: the database does not answer (%s)", type(exc).__name__)
        with suppress(DatabaseError):
            connection.close()  # the next request connects again
        return JsonResponse({"database": "unavailable", "worker": None, "daily": None},
                            status=503)  # fmt: skip
    body = {"database": "ok", **state}
    return JsonResponse(body, status=503 if state["worker"]["stale"] else 200)
