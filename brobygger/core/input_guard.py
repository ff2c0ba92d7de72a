"""Refuse control characters in what browsers and API clients send, before any view sees it.

On POST, PUT and PATCH every form value (URL-encoded, or the non-file fields of a multipart
body) and every string of a JSON body (recursively, keys too) is checked. A value holding a C0
control character other than tab, LF and CR, DEL, or a C1 character (U+0080-U+009F) is answered
with 400 naming the field: ``{"detail": [{"type": "control_character", "loc": [...], "msg"}]}``
under ``/api/`` and ``/hsds/``, a small page otherwise. No text field of ours ever holds one, and
an escape sequence or a NEL in a name ends up in e-mail headers, iCalendar lines, CSV cells and
terminals. Line breaks are allowed here: only a form or an API schema knows whether its field is
one line (``core.forms.CleanTextMixin``, ``lib.text.SingleLine``), and refuses them there.

Under ``/api/`` and ``/hsds/`` the raw body is always tried as JSON, whatever its content type
says, because django-ninja parses it so (``json.loads(request.body)``: any content type, and
UTF-8, UTF-16 or UTF-32); a JSON body sent as ``application/x-www-form-urlencoded`` or
``multipart/form-data`` cannot slip past as a form. Where the body is a real form its fields are
checked too, also for a PUT, PATCH or DELETE. Elsewhere a body is read as its content type says.
A body that is not valid JSON is left to the view, which answers it as it always has.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from django.http import JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.http.request import RawPostDataException
from django.shortcuts import render

from brobygger.lib.text import ControlCharacterError, check_text

CHECKED_METHODS = frozenset({"POST", "PUT", "PATCH"})
# the API may read a body on DELETE too
JSON_CHECKED_METHODS = CHECKED_METHODS | {"DELETE"}
JSON_PREFIXES = ("/api/", "/hsds/")
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

Location = tuple[str | int, ...]


def _problem(value: str) -> ControlCharacterError | None:
    """The control character that no field allows (tab, CR and LF pass), or None."""
    try:
        check_text(value, multiline=True)  # CR and CR LF become LF before the check
    except ControlCharacterError as error:
        return error
    return None


def _walk_json(node, loc: Location) -> Iterator[tuple[Location, ControlCharacterError]]:
    if isinstance(node, str):
        if (error := _problem(node)) is not None:
            yield loc, error
    elif isinstance(node, dict):
        for key, value in node.items():
            if (error := _problem(key)) is not None:
                yield (*loc, key), error
            yield from _walk_json(value, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk_json(value, (*loc, index))


def _walk_form(data: QueryDict) -> Iterator[tuple[Location, ControlCharacterError]]:
    for key, values in data.lists():
        if (error := _problem(key)) is not None:
            yield ("form", key), error
        for value in values:
            if (error := _problem(value)) is not None:
                yield ("form", key), error
                break


def _is_json(request) -> bool:
    content_type = request.content_type or ""
    return content_type == "application/json" or content_type.endswith("+json")


def _json_problem(request) -> tuple[Location, ControlCharacterError] | None:
    try:
        body = request.body
    except RawPostDataException:  # read as a stream already: no one can read it as JSON now
        return None
    if not body:
        return None
    try:
        parsed = json.loads(body)  # bytes, as django-ninja reads it: UTF-8, -16 or -32
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None  # not JSON: the view answers as it always has
    return next(_walk_json(parsed, ("body",)), None)


def _form_data(request, content_type: str) -> QueryDict | None:
    """The form's fields (files left out); None when the body is not a form we can read."""
    try:
        if request.method == "POST":
            return request.POST
        if content_type == "application/x-www-form-urlencoded":
            return QueryDict(request.body, encoding=request.encoding)
        # Django parses a multipart body only on POST; a PUT or PATCH is read here
        parser = MultiPartParser(
            request.META, io.BytesIO(request.body), request.upload_handlers, request.encoding
        )
        return parser.parse()[0]
    except (MultiPartParserError, RawPostDataException):
        return None


def _form_problem(request, content_type: str) -> tuple[Location, ControlCharacterError] | None:
    data = _form_data(request, content_type)
    return None if data is None else next(_walk_form(data), None)


def first_problem(request) -> tuple[Location, ControlCharacterError] | None:
    """Where the request's body holds a control character no field allows, and which."""
    content_type = request.content_type or ""
    if request.path.startswith(JSON_PREFIXES):
        if request.method not in JSON_CHECKED_METHODS:
            return None
        # the body first (read whole, so the form parser can read it again afterwards)
        found = _json_problem(request)
        if found is None and content_type in FORM_TYPES:
            found = _form_problem(request, content_type)
        return found
    if request.method not in CHECKED_METHODS:
        return None
    if content_type in FORM_TYPES:
        return _form_problem(request, content_type)
    return _json_problem(request) if _is_json(request) else None


def refusal(request, loc: Location, error: ControlCharacterError):
    """The 400 answer: JSON for the APIs, a small page (in the request's language) otherwise."""
    if request.path.startswith(JSON_PREFIXES):
        return JsonResponse(
            {"detail": [{"type": "control_character", "loc": list(loc), "msg": str(error)}]},
            status=400,
        )
    return render(
        request,
        "core/control_character.html",
        {
            "field": ".".join(str(part) for part in loc[1:]),
            "character": f"U+{ord(error.character):04X}",
        },
        status=400,
    )


class InputGuardMiddleware:
    """Put it after ``CsrfViewMiddleware``: a forged request is refused as forged first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        found = first_problem(request)
        return None if found is None else refusal(request, *found)
