"""Page pieces shared by several templates: ``{% load layout %}``.

- ``{% talk_to_someone %}``: "Would you rather talk to someone?" with the community broker's
  phone (``settings.BROKER_PHONE``, left out when empty) and a link to the contact form.
- ``{% broker_phone as phone %}``: the community broker's phone, "" when none is set (a page
  then says nothing about calling).
- ``{{ form|filled_filters:"q" }}``: how many of a search form's fields (other than the named
  ones) the visitor has filled in, for the summary of the folded filters.
"""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def broker_phone() -> str:
    """The community broker's phone line, "" when ``settings.BROKER_PHONE`` is empty."""
    return (getattr(settings, "BROKER_PHONE", "") or "").strip()


@register.inclusion_tag("web/_talk_to_someone.html")
def talk_to_someone(heading_level: int = 2) -> dict:
    phone = broker_phone()
    return {
        "broker_name": getattr(settings, "BROKER_NAME", ""),
        "broker_phone": phone,
        "broker_phone_uri": "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+"),
        "heading_level": heading_level if heading_level in (2, 3) else 2,
    }


@register.filter
def filled_filters(form, ignore: str = "") -> int:
    """The number of ``form``'s bound fields with a value, ``ignore`` (comma-separated) aside."""
    skipped = {name.strip() for name in ignore.split(",") if name.strip()}
    if not getattr(form, "is_bound", False):
        return 0
    count = 0
    for field in form:
        if field.name in skipped:
            continue
        value = field.value()
        if value not in (None, "", False, [], ()):
            count += 1
    return count
