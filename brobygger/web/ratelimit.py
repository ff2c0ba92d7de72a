"""A per-address rate limit for anonymous forms and endpoints, shared by every worker process.

Counts live in Django's cache (the database cache in ``settings.CACHES``, so gunicorn's workers
share them). A fixed window per (scope, address): simple, and enough to stop a script filling a
form thousands of times while a person, or an office filling in for a group, is never stopped.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def client_address(request) -> str:
    """The address a request came from, seen through the trusted proxies as sign-in
    throttling sees it (``AXES_PROXY_COUNT``)."""
    from brobygger.accounts.throttle import client_ip

    return client_ip(request) or "unknown"


def _key(scope: str, address: str) -> str:
    # The address itself is personal data: only a hash of it is kept, and only for the window.
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def allow(request, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one hit for this request's address in ``scope``; False once ``limit`` is passed
    within ``window_seconds`` (the window starts at the first hit)."""
    key = _key(scope, client_address(request))
    if cache.add(key, 1, timeout=window_seconds):
        return True
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, timeout=window_seconds)
        return True
    return hits <= limit
