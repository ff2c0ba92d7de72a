"""Which signed-in people get the stricter sign-in rules: a second factor
(``settings.OTP_REQUIRED_ROLES``) and a short idle timeout (the roles that see personal data).

Role names map to the predicates of ``roles.py`` and ``referrals/rules.py``. "administrator"
also covers anyone Django lets into /admin/ (``is_staff``), since the admin site shows every
record.
"""

from __future__ import annotations

import rules
from django.conf import settings

from brobygger.accounts import memberships, roles


@rules.predicate
def may_use_admin_site(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def _is_referral_contact(user) -> bool:
    """Registered by referrals (``accounts.memberships``); nobody is one without that app."""
    predicate = memberships.role_predicate("referral_contact")
    return bool(predicate is not None and predicate(user))


ROLE_PREDICATES = {
    "broker": roles.is_broker,
    "administrator": roles.is_administrator | may_use_admin_site,
    "referral_contact": _is_referral_contact,
    "analyst": roles.is_analyst,
    "staff": roles.is_frontline_staff,
    "editor": roles.is_organisation_editor,
}
# They see the citizens' names, phones, consent and scores.
PERSONAL_DATA_ROLES = ("broker", "referral_contact", "administrator")


def has_any_role(user, names) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return any(ROLE_PREDICATES[name](user) for name in names)


def needs_second_factor(user) -> bool:
    """Must this user pass a second factor before using the site?"""
    return has_any_role(user, settings.OTP_REQUIRED_ROLES)


def sees_personal_data(user) -> bool:
    """Does this user's role show them citizens' personal data (short idle timeout)?"""
    return has_any_role(user, PERSONAL_DATA_ROLES)
