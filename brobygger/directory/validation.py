"""What a link, e-mail address, phone number or postcode in the directory may look like.

Every way in (model validation, forms, the JSON API, the HSDS importer, the services layer)
uses these checks, and every way out (pages, print, HSDS) uses the ``safe_*`` functions, so a
value stored before the checks existed is never rendered as a live ``javascript:`` link.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator, URLValidator
from django.utils.translation import gettext_lazy as _

WEB_SCHEMES = ("http", "https")
URL_MAX_LENGTH = 500
PHONE_MAX_LENGTH = 30

validate_web_url = URLValidator(
    schemes=list(WEB_SCHEMES), message=_("Enter a web address starting with http:// or https://.")
)
validate_email = EmailValidator(message=_("Enter a valid e-mail address."))
PHONE_MESSAGE = _("Enter a phone number with digits, spaces, +, - and parentheses only.")
# Digits, spaces, +, - and parentheses ([0-9], not \d: Python's \d also matches other scripts'
# digits), at least three digits, at most PHONE_MAX_LENGTH characters.
_PHONE = re.compile(rf"\A\+?[0-9 ()\-]{{3,{PHONE_MAX_LENGTH - 1}}}\Z")


def validate_phone(value: str) -> None:
    if not _PHONE.match(value or "") or sum(c.isdigit() for c in value) < 3:
        raise ValidationError(PHONE_MESSAGE, code="invalid")


validate_postcode = RegexValidator(
    regex=r"\A[0-9]{4}\Z", message=_("A Danish postcode is four digits.")
)


def _valid(validator, value) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def is_web_url(value: str | None) -> bool:
    return bool(value) and len(value) <= URL_MAX_LENGTH and _valid(validate_web_url, value)


def is_email(value: str | None) -> bool:
    return bool(value) and _valid(validate_email, value)


def is_phone(value: str | None) -> bool:
    return bool(value) and _valid(validate_phone, value)


def is_postcode(value: str | None) -> bool:
    return bool(value) and _valid(validate_postcode, value)


def safe_url(value: str | None) -> str:
    """``value`` if it is an http(s) address, else "" (never a ``javascript:`` or ``data:``)."""
    return value if is_web_url(value) else ""


def safe_email(value: str | None) -> str:
    return value if is_email(value) else ""


def safe_phone(value: str | None) -> str:
    return value if is_phone(value) else ""


def problems(values: dict) -> dict[str, str]:
    """The field names among ``url``/``website``/``email``/``phone``/``postal_code`` in
    ``values`` whose non-empty value is not acceptable, each with the reason."""
    checks = {
        "url": (is_web_url, validate_web_url.message),
        "website": (is_web_url, validate_web_url.message),
        "email": (is_email, validate_email.message),
        "phone": (is_phone, PHONE_MESSAGE),
        "postal_code": (is_postcode, validate_postcode.message),
    }
    out = {}
    for name, (ok, message) in checks.items():
        value = values.get(name)
        if value not in (None, "") and not ok(str(value)):
            out[name] = str(message)
    return out
