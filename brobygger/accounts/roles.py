"""The roles of Brobygger as named django-rules predicates.

anonymous visitor · citizen (any signed-in person) · frontline staff (member of an arena) ·
community broker · organisation editor (member of an organisation) · analyst · administrator.

Broker, analyst and administrator are Django groups; staff and editors are memberships of an
arena or an organisation, so that what they may see is tied to *which* arena or organisation.
"""

from __future__ import annotations

import rules

GROUP_BROKER = "broker"
GROUP_ANALYST = "analyst"
GROUP_ADMINISTRATOR = "administrator"
GROUP_VOLUNTEER = "volunteer"  # helps at one or more initiatives (følgeven, pop-up visits)
ROLE_GROUPS = (GROUP_BROKER, GROUP_ANALYST, GROUP_ADMINISTRATOR, GROUP_VOLUNTEER)


@rules.predicate
def is_administrator(user) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.groups.filter(name=GROUP_ADMINISTRATOR).exists())
    )


is_broker = rules.is_group_member(GROUP_BROKER)
is_analyst = rules.is_group_member(GROUP_ANALYST)
is_volunteer = rules.is_group_member(GROUP_VOLUNTEER)
is_citizen = rules.is_authenticated


@rules.predicate
def is_frontline_staff(user) -> bool:
    return bool(user.is_authenticated and user.arena_memberships.exists())


@rules.predicate
def is_organisation_editor(user) -> bool:
    """Editor of at least one organisation."""
    return bool(user.is_authenticated and user.organisation_memberships.exists())
