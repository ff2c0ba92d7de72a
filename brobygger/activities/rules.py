"""Who may do what with activities (django-rules), asserted role by role in
``tests/activities/test_permissions.py``.

- anyone: see published activities, sign up, cancel their own sign-up by its private link;
- any signed-in person: create an activity (a citizen's waits for approval);
- the host (the person who made it, or an editor of its organisation): change or cancel it,
  see who is coming, mark who came; nobody else sees the participants;
- the community broker: pair people who asked for company with a volunteer (seeing only those
  sign-ups), sign a case's citizen up;
- brokers and administrators: approve or refuse citizens' activities;
- volunteers: say when they are free to go with someone.
"""

from __future__ import annotations

import rules

from brobygger.accounts.roles import is_administrator, is_analyst, is_broker, is_volunteer


@rules.predicate
def is_host(user, activity) -> bool:
    if activity is None or not user.is_authenticated:
        return False
    if activity.host_id == user.pk:
        return True
    return bool(
        activity.organization_id
        and user.organisation_memberships.filter(organization_id=activity.organization_id).exists()
    )


@rules.predicate
def is_published(user, activity) -> bool:
    return activity is not None and activity.state in ("published", "held")


PERMISSIONS = {
    "activities.view_activity": is_published | is_host | is_broker | is_administrator,
    "activities.create_activity": rules.is_authenticated,
    "activities.change_activity": is_host,  # object: Activity
    "activities.view_participants": is_host,  # object: Activity
    "activities.moderate_activity": is_broker | is_administrator,
    "activities.pair_companion": is_broker,
    "activities.sign_up_case": is_broker,
    "activities.set_availability": is_volunteer,
    "activities.view_statistics": is_broker | is_administrator | is_analyst,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
