"""Template filters for the directory's Danish formats (one implementation each, shared with
the prints): ``{{ schedule|schedule_text }}``, ``{{ location|address }}``,
``{{ code|language_name }}``."""

from __future__ import annotations

from django import template

from brobygger.directory import display, schedules

register = template.Library()


@register.filter
def schedule_text(schedule) -> str:
    return schedules.describe(schedule)


@register.filter
def address(location) -> str:
    return display.address(location)


@register.filter
def language_name(code) -> str:
    return display.language_name(code)


@register.simple_tag
def where_served(initiative, postcode="") -> str:
    """For a postcode search, why the initiative serves it ("Holder til i 8000", "For hele
    Aarhus Kommune"); otherwise its service area in words ("" when it has none)."""
    from brobygger.directory import service_areas

    postcode = str(postcode or "").strip()
    if service_areas.is_postcode(postcode):
        return service_areas.reach_label(initiative, postcode)
    return service_areas.area_label(initiative)


@register.filter
def access_text(initiative) -> str:
    """How to get there ("Ring og aftal", "Foregår i dit hjem"), for an entry with no address."""
    from brobygger.directory import service_areas

    return service_areas.access_label(initiative)


@register.filter
def has_address(initiative) -> bool:
    return any(display.address(sal.location) for sal in initiative.service_at_locations.all())
