"""``{% demo_logins as logins %}``: the demo users' logins for the login page (demo mode only;
an empty list everywhere else)."""

from __future__ import annotations

from django import template

from brobygger.accounts.demo import demo_logins as _demo_logins

register = template.Library()


@register.simple_tag
def demo_logins() -> list[tuple[str, str, str]]:
    return _demo_logins()
