"""The roles of Brobygger as named django-rules predicates.

anonymous visitor · citizen (any signed-in person) · frontline staff (member of an arena) ·
community broker · organisation editor (member of an organisation) · analyst · administrator.

Broker, analyst and administrator are Django groups; staff and editors are memberships of an
arena or an organisation, so that what they may see is tied to *which* arena or organisation.
"""

from __future__ import annotations

import rules
from django.utils.translation import pgettext_lazy

GROUP_BROKER = "broker"
GROUP_ANALYST = "analyst"
GROUP_ADMINISTRATOR = "administrator"
GROUP_VOLUNTEER = "volunteer"  # helps at one or more initiatives (følgeven, pop-up visits)
ROLE_GROUPS = (GROUP_BROKER, GROUP_ANALYST, GROUP_ADMINISTRATOR, GROUP_VOLUNTEER)

# Every role a person can be given (``brobygger users add --role``): the groups above, plus
# staff (a member of an arena), editor (a member of an organisation) and citizen (no more than
# a signed-in user).
ROLE_STAFF = "staff"
ROLE_EDITOR = "editor"
ROLE_CITIZEN = "citizen"
ROLES = (
    GROUP_ADMINISTRATOR,
    GROUP_BROKER,
    GROUP_ANALYST,
    ROLE_STAFF,
    ROLE_EDITOR,
    ROLE_CITIZEN,
    GROUP_VOLUNTEER,
)
ROLE_LABELS = {
    GROUP_ADMINISTRATOR: pgettext_lazy("role", "Administrator"),
    GROUP_BROKER: pgettext_lazy("role", "Community broker"),
    GROUP_ANALYST: pgettext_lazy("role", "Analyst"),
    ROLE_STAFF: pgettext_lazy("role", "Frontline staff"),
    ROLE_EDITOR: pgettext_lazy("role", "Organisation editor"),
    ROLE_CITIZEN: pgettext_lazy("role", "Citizen"),
    GROUP_VOLUNTEER: pgettext_lazy("role", "Volunteer"),
}


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
