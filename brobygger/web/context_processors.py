"""What the page chrome needs to know: the visitor's roles (menus only, never access) and
whether this is the demo (the banner on every page)."""

from brobygger.accounts import roles as role_rules
from brobygger.core.demo import demo_mode
from brobygger.referrals import rules as referral_rules


def roles_context(user) -> dict:
    return {
        "is_administrator": role_rules.is_administrator(user),
        "is_organisation_editor": role_rules.is_organisation_editor(user),
        "is_frontline_staff": role_rules.is_frontline_staff(user),
        "is_broker": role_rules.is_broker(user),
        "is_analyst": role_rules.is_analyst(user),
        "is_volunteer": role_rules.is_volunteer(user),
        "is_referral_contact": referral_rules.is_referral_contact(user),
    }


def roles(request) -> dict:
    """``roles`` for the menu and ``demo_mode`` for the banner (registered once in settings)."""
    user = getattr(request, "user", None)
    chrome = {"demo_mode": demo_mode()}
    if user is None or not user.is_authenticated:
        return {"roles": {}, **chrome}
    return {"roles": roles_context(user), **chrome}
