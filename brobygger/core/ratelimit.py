"""A per-address rate limit for anonymous forms and endpoints, shared by every worker process.

Counts live in Django's cache (the database cache in ``settings.CACHES``, so gunicorn's workers
share them). A fixed window per (scope, address): simple, and enough to stop a script filling a
form thousands of times while a person, or an office filling in for a group, is never stopped.

An IPv4 address is counted on its own; an IPv6 address is counted under its /64 network, the
least a home connection or a server is given, so a client cannot make itself 2^64 fresh
addresses. Sign-in throttling (django-axes) keeps the full address: ``client_ip``.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


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


def client_address(request) -> str:
    """The address a request came from, seen through the trusted proxies as sign-in
    throttling sees it (``AXES_PROXY_COUNT``)."""
    return client_ip(request) or "unknown"


def limit_address(address: str) -> str:
    """What the limiter counts an address under: an IPv4 address itself (also when written
    IPv4-mapped, ``::ffff:192.0.2.1``), an IPv6 address its /64 network."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address  # "unknown": counted together
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def _key(scope: str, address: str) -> str:
    # The address itself is personal data: only a hash of it is kept, and only for the window.
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def allow(request, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for this request's address in ``scope``; False once ``limit`` is passed
    within ``window_seconds`` (the window starts at the first hit)."""
    key = _key(scope, limit_address(client_address(request)))
    if cache.add(key, 1, timeout=window_seconds):
        return True
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, timeout=window_seconds)
        return True
    return hits <= limit
