"""Sign-in throttling around django-axes: whose address a request is, and the page a
locked-out person sees (``AXES_CLIENT_IP_CALLABLE`` and ``AXES_LOCKOUT_CALLABLE``)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.shortcuts import render


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind ``AXES_IPWARE_PROXY_COUNT`` trusted
    proxies, the entry that many places from the right of X-Forwarded-For (each proxy appends
    the address it saw; whatever the client wrote itself stands further left). None when
    there is no address (a request made in code, such as the test client's ``force_login``).
    """
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    proxies = settings.AXES_IPWARE_PROXY_COUNT or 0
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        return remote  # not through all the proxies: trust only the connection
    return _address(forwarded[-proxies]) or remote


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
