"""What every endpoint of the public, read-only HSDS API answers the same way.

- Any site may read it: every answer (also a 400 or 404) carries
  ``Access-Control-Allow-Origin: *``; it needs no cookie, and sends none.
- It is read-only: a POST, PUT, PATCH or DELETE answers 405 with ``Allow: GET`` (the CSRF
  check does not apply: nothing is written, nobody is signed in through it).
- A bad query parameter answers 400 with ``{"error": "<parameter>: <what is wrong>"}``.
"""

from __future__ import annotations

import functools

from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from brobygger.directory.hsds.query import BadRequest

READ_METHODS = ("GET", "HEAD")


def json_response(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _open_to_all(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def read_only(view):
    """Wrap an HSDS endpoint: GET and HEAD only, open to every origin, 400 on BadRequest."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Max-Age"] = "86400"
            return _open_to_all(response)
        if request.method not in READ_METHODS:
            response = json_response(
                {"error": f"{request.method} is not allowed: this API is read-only"}, 405
            )
            response["Allow"] = "GET"
            return _open_to_all(response)
        try:
            response = view(request, *args, **kwargs)
        except BadRequest as exc:
            response = json_response({"error": str(exc), "parameter": exc.parameter}, 400)
        except Http404:
            response = json_response({"error": "not found"}, 404)
        return _open_to_all(response)

    return wrapped
