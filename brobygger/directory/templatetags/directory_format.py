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
