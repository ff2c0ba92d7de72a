"""Who may see and do what in the collaboration model (django-rules). Personal data is
special-category health data: each role sees the least it needs. Asserted role by role in
``tests/referrals/test_permissions.py``.

- frontline staff: refer from their own arenas, and see those referrals' states only;
- the community broker: the cases, their contact logs, matching and the right-of-access export;
- an initiative's contact person: only the referrals sent to them while they were that
  initiative's contact (and still are), with what they need;
- analysts and administrators: the evaluation's aggregates (and the pseudonymised export).
"""

from __future__ import annotations

import rules

from brobygger.accounts.roles import (
    is_administrator,
    is_analyst,
    is_broker,
    is_frontline_staff,
)


@rules.predicate
def is_member_of_arena(user, arena) -> bool:
    if arena is None or not user.is_authenticated:
        return False
    return user.arena_memberships.filter(arena_id=arena.pk).exists()


@rules.predicate
def is_member_of_cases_arena(user, case) -> bool:
    """Staff of the arena a case was referred from (the receipt: while consent holds)."""
    return bool(
        case is not None
        and not case.consent_ended
        and case.citizen.anonymised_at is None
        and is_member_of_arena(user, case.arena)
    )


@rules.predicate
def is_contact_for_referral(user, referral) -> bool:
    """A contact person the referral was sent to, who is still the initiative's contact."""
    from brobygger.referrals.selectors import referral_contacts

    return (
        referral is not None
        and user.is_authenticated
        and referral_contacts(referral).filter(pk=user.pk).exists()
    )


@rules.predicate
def is_referral_contact(user) -> bool:
    """Contact person of at least one initiative."""
    from brobygger.referrals.selectors import initiatives_contacted_by

    return bool(user.is_authenticated and initiatives_contacted_by(user).exists())


PERMISSIONS = {
    "referrals.use_guide": is_frontline_staff | is_broker,
    "referrals.refer_from_arena": is_member_of_arena,  # object: Arena
    "referrals.view_arena_referrals": is_member_of_arena,  # object: Arena (states only)
    "referrals.view_my_arenas": is_frontline_staff,
    "referrals.give_receipt": is_member_of_cases_arena,  # object: Case
    "referrals.self_refer": rules.always_allow,
    "referrals.view_cases": is_broker,
    "referrals.view_case": is_broker,  # object: Case
    "referrals.change_case": is_broker,  # object: Case
    "referrals.assign_case": is_broker,  # object: Case
    "referrals.export_citizen_data": is_broker,  # object: Citizen (right of access)
    "referrals.view_initiative_referrals": is_referral_contact,
    "referrals.confirm_referral": is_contact_for_referral | is_broker,  # object: Referral
    "referrals.view_evaluation": is_analyst | is_administrator | is_broker,
    "referrals.export_research_data": is_analyst | is_administrator,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
