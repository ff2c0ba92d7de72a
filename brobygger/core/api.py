"""What every router of the JSON API at /api/v1/ shares: the error bodies it answers with, as
pydantic schemas for the OpenAPI document, and text types whose JSON schema says which
characters they refuse.

Error bodies, so clients can rely on them:

- ``Message`` ``{"detail": "..."}``: 401, 403, 404, 409, 429 and the 400 of a request that
  is well formed but refused (a rule of the service, a body that is not JSON);
- ``ValidationErrorOut`` ``{"detail": [{"type", "loc", "msg"}]}``: the 400 of input that does
  not match the schema (``loc`` names the place: ``["body", "payload", "name"]``);
- ``BadRequest``: either of the two, for an operation that can answer both.

``config.api`` turns validation and authentication errors into these bodies; each operation
declares the ones it can answer in its ``response=``. Text fields of input schemas are
``lib.text.SingleLine`` or ``MultiLine`` with ``line()`` or ``lines()`` below.
"""

from __future__ import annotations

import rules
from ninja import Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

# The characters lib.text refuses, as JSON-schema patterns (so generated clients and fuzzers
# know them): a single line has no C0/C1 control character; several lines may hold tab and
# line breaks (CR LF is stored as LF).
SINGLE_LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f]*$"
MULTI_LINE_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"


def line(default=..., **field):
    """A one-line text field, annotated ``SingleLine``:
    ``name: SingleLine = line(..., max_length=200)``. lib.text refuses the control characters;
    the pattern tells the OpenAPI document so."""
    return Field(default, json_schema_extra={"pattern": SINGLE_LINE_PATTERN}, **field)


def lines(default=..., **field):
    """A free text that may have line breaks (annotate it ``MultiLine``)."""
    return Field(default, json_schema_extra={"pattern": MULTI_LINE_PATTERN}, **field)


def require(request, permission: str, obj=None) -> None:
    """An API operation's first line, as ``core.access.require`` is a view's: 403 ``Message``
    unless the caller has ``permission`` (a django-rules name) on ``obj``."""
    if not rules.has_perm(permission, request.user, obj):
        raise HttpError(403, "You may not do this.")


class Input(Schema):
    """A request body: a key the schema does not name is refused (400), not silently dropped,
    so a misspelt field is reported, and the document says so (additionalProperties: false)."""

    model_config = ConfigDict(extra="forbid")


class ValidationIssue(Schema):
    type: str = Field(..., description="What is wrong, e.g. missing, string_too_long")
    loc: list[str | int] = Field(..., description="Where: body/query/path, then the field path")
    msg: str


class ValidationErrorOut(Schema):
    """Input that does not match the schema (400)."""

    detail: list[ValidationIssue]


class Message(Schema):
    detail: str


BadRequest = ValidationErrorOut | Message


# A web address and an e-mail address as the API takes them: the common shapes, each a subset
# of what Django's URLValidator (http/https) and EmailValidator accept, so a value that fits
# the documented pattern is never refused by the server's own check after it.
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOST = rf"{_LABEL}(?:\.{_LABEL}){{0,2}}\.[A-Za-z]{{2,24}}"
WEB_URL_PATTERN = (
    rf"^https?://{_HOST}(?::[1-9][0-9]{{0,3}})?(?:[/?#][^\s\u0000-\u001f\u007f-\u009f]*)?$"
)
EMAIL_PATTERN = rf"^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@{_HOST}$"


def optional(pattern: str) -> str:
    """``pattern``, or the empty string (a field that may be left blank)."""
    return f"^(?:|{pattern[1:-1]})$"
