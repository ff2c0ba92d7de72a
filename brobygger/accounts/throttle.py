"""Sign-in throttling around django-axes: the page a locked-out person sees
(``AXES_LOCKOUT_CALLABLE``). Whose address a request is (``AXES_CLIENT_IP_CALLABLE``) is
``core.ratelimit.client_ip``, shared with the anonymous forms' rate limits."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render


def _cooloff_minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    if hasattr(cooloff, "total_seconds"):
        return round(cooloff.total_seconds() / 60)
    return round(float(cooloff) * 60)


def locked_out(request, response=None, credentials=None):
    """Too many wrong passwords: a page saying to wait or ask the administrator (HTTP 429)."""
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": _cooloff_minutes()},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
