"""A request id for every request: in the response's ``X-Request-ID`` header and in every log
line written while the request is answered (core/logs.py), so one request's lines can be found
in gunicorn's access log and Django's log alike.

An incoming ``X-Request-ID`` (set by a proxy such as nginx's ``$request_id``) is kept when it is
a short token (HTTP token characters, at most 64); anything else is replaced by a new id.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
MAX_LENGTH = 64
_TOKEN = re.compile(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+")
_current: ContextVar[str | None] = ContextVar("brobygger_request_id", default=None)


def request_id_for(incoming: str | None) -> str:
    """``incoming`` when it is a safe token of at most ``MAX_LENGTH`` characters, else a new id."""
    if incoming and len(incoming) <= MAX_LENGTH and _TOKEN.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    """The id of the request being answered in this thread or task, if any."""
    return _current.get()


class RequestIdMiddleware:
    """Give each request its id (``request.request_id``) and send it back in ``X-Request-ID``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request.META.get(META_KEY))
        token = _current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.request_id
        return response
