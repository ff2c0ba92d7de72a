"""Reads of the collaboration model: each role's list, and the broker's suggested initiatives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from brobygger.core.tokens import token_digest
from brobygger.directory.models import Initiative, Language, ServiceAtLocation
from brobygger.directory.selectors import SearchParams, initiative_search, public_initiatives
from brobygger.lib.stemming import stems
from brobygger.referrals import matching
from brobygger.referrals.models import Arena, Case, Consent, Referral


def case_by_withdrawal_code(code: str) -> Case | None:
    """The case a receipt's withdrawal code belongs to (none once consent has ended)."""
    if not code:
        return None
    return Case.with_demo.filter(withdrawal_codes__digest=token_digest(code)).first()


def working_cases() -> QuerySet[Case]:
    """The cases people work on: the real ones, and in demo mode also the demo working day
    (``referrals.demo.WORKING_DAY``, labelled "Demo" wherever it is listed). The dashboard's
    demo year is anonymised, so no list shows it."""
    return Case.with_demo.all()


def arenas_of(user) -> QuerySet[Arena]:
    return Arena.objects.filter(memberships__user=user).order_by("name")


def arena_referrals(arenas) -> QuerySet[Case]:
    """What staff may see of their arenas' referrals: when, from where, and the state."""
    return (
        working_cases()
        .filter(arena__in=arenas)
        .select_related("arena")
        .only("id", "arena__name", "created_at", "state", "closed_reason", "pseudonym", "is_demo")
    )


OWNERS = ("all", "mine", "unassigned")


def _owned(cases: QuerySet[Case], owner: str, user) -> QuerySet[Case]:
    """``mine``: the user's cases; ``unassigned``: nobody's; anything else: all."""
    if owner == "mine":
        return cases.filter(assigned_to=user)
    if owner == "unassigned":
        return cases.filter(assigned_to__isnull=True)
    return cases


def case_queue(state: str = "", *, owner: str = "all", user=None) -> QuerySet[Case]:
    """The broker's list (page and API): open cases, or those in ``state``. A list shows the
    case's reference, dates, arena, state and broker, never the citizen's details (those are on
    the case, whose every view is written to the access log), so the citizen is not loaded."""
    cases = (
        working_cases().select_related("arena", "assigned_to").filter(citizen__anonymised_at=None)
    )
    cases = _owned(cases, owner, user)
    if state:
        return cases.filter(state=state)
    return cases.exclude(state=Case.State.CLOSED)


def brokers():
    """Who a case can be assigned to: the active community brokers, by name."""
    from brobygger.referrals.services.notifications import brokers as active_brokers

    return active_brokers().order_by("first_name", "last_name", "username")


@dataclass(frozen=True)
class DueItem:
    """One thing the broker should do: ``kind`` is first_contact (a new case nobody has
    reached), first_visit (a referral whose first visit is not confirmed) or follow_up (the
    three-month follow-up of a first visit)."""

    kind: str
    case: Case
    due_on: dt.date
    referral: Referral | None = None

    def overdue(self, today: dt.date) -> bool:
        return self.due_on < today


def first_contact_days() -> int:
    return int(getattr(settings, "REFERRALS_FIRST_CONTACT_DAYS", 3))


def due_work(*, today: dt.date, owner: str = "all", user=None) -> list[DueItem]:
    """What is due ``today`` or overdue, oldest first, on open real cases:

    - first contact: a new case not contacted ``REFERRALS_FIRST_CONTACT_DAYS`` after it came in;
    - first visit: a referral whose first visit is not confirmed
      ``REFERRALS_FIRST_VISIT_REMIND_DAYS`` after it was sent (the contact's reminder date);
    - follow-up: ``REFERRALS_FOLLOW_UP_DAYS`` after the first visit, taking part not confirmed.
    """
    cases = _owned(
        working_cases().filter(citizen__anonymised_at=None).exclude(state=Case.State.CLOSED),
        owner,
        user,
    )
    items: list[DueItem] = []
    contact_days = first_contact_days()
    for case in cases.filter(
        contacted_at__isnull=True,
        created_at__date__lte=today - dt.timedelta(days=contact_days),
    ).select_related("assigned_to"):
        due = timezone.localdate(case.created_at) + dt.timedelta(days=contact_days)
        items.append(DueItem("first_contact", case, due))
    referrals = Referral.objects.filter(case__in=cases, cancelled_at__isnull=True).select_related(
        "case__assigned_to", "initiative"
    )
    visit_days = settings.REFERRALS_FIRST_VISIT_REMIND_DAYS
    for referral in referrals.filter(
        first_visit_at__isnull=True,
        created_at__date__lte=today - dt.timedelta(days=visit_days),
    ):
        due = timezone.localdate(referral.created_at) + dt.timedelta(days=visit_days)
        items.append(DueItem("first_visit", referral.case, due, referral))
    follow_days = settings.REFERRALS_FOLLOW_UP_DAYS
    for referral in referrals.filter(
        participating_at__isnull=True,
        first_visit_at__date__lte=today - dt.timedelta(days=follow_days),
    ):
        due = timezone.localdate(referral.first_visit_at) + dt.timedelta(days=follow_days)
        items.append(DueItem("follow_up", referral.case, due, referral))
    items.sort(key=lambda item: (item.due_on, item.kind, item.case.pseudonym))
    return items


def unreachable(initiative_ids) -> set:
    """Of these initiatives, those whose referrals reach nobody: no active contact person named,
    and (when none is named) no active editor of the organisation. Mirrors
    ``contacts_of_initiative``."""
    ids = list(initiative_ids)
    reached = Initiative.objects.filter(pk__in=ids).filter(
        Q(referral_contact__is_active=True)
        | Q(
            referral_contact__isnull=True,
            organization__memberships__user__is_active=True,
        )
    )
    return set(ids) - set(reached.values_list("pk", flat=True))


def initiative_phone(initiative: Initiative) -> str:
    """A phone number to call the initiative on (its own, else its organisation's)."""
    from brobygger.directory.models import Phone

    phone = (
        Phone.objects.filter(
            Q(initiative=initiative) | Q(organization_id=initiative.organization_id)
        )
        .order_by("organization_id")
        .values_list("number", flat=True)
        .first()
    )
    return phone or ""


def initiatives_found(text: str, *, limit: int = 20) -> list[Initiative]:
    """The directory's own search (every word, any Danish word form), for the case page."""
    if not text.strip():
        return []
    return list(initiative_search(SearchParams(text=text))[:limit])


def initiatives_contacted_by(user) -> QuerySet[Initiative]:
    """Initiatives whose referrals reach this user now: named as contact, or an editor of the
    organisation of an initiative that names nobody."""
    return Initiative.objects.filter(
        Q(referral_contact=user)
        | Q(
            referral_contact__isnull=True,
            organization__memberships__user=user,
        )
    ).distinct()


def contacts_of_initiative(initiative: Initiative):
    """Who receives the initiative's referrals now (recorded on each referral when sent)."""
    users = get_user_model().objects.filter(is_active=True)
    if initiative.referral_contact_id:
        return users.filter(pk=initiative.referral_contact_id)
    return users.filter(organisation_memberships__organization_id=initiative.organization_id)


def referral_contacts(referral: Referral):
    """Who may see and confirm a referral: those it was sent to who are still contacts of its
    initiative. Naming a new contact later takes the old one off and adds nobody."""
    return referral.recipients.filter(
        pk__in=contacts_of_initiative(referral.initiative).values("pk")
    )


def _consent_holds() -> Exists:
    return Exists(
        Consent.objects.filter(
            citizen_id=OuterRef("case__citizen_id"),
            purpose=Consent.Purpose.REFERRAL,
            withdrawn_at__isnull=True,
            valid_until__gte=timezone.localdate(),
        )
    )


def referrals_for_contact(user) -> QuerySet[Referral]:
    """The referrals sent to this user while they were the initiative's contact, as long as they
    still are, the referral is open and the citizen's consent holds (an expired consent hides
    the citizen at once, before the daily job ends the case)."""
    return (
        Referral.objects.filter(
            recipients=user,
            initiative__in=initiatives_contacted_by(user),
            cancelled_at__isnull=True,
            case__is_demo=False,
        )
        .filter(_consent_holds())
        .select_related("initiative", "case__citizen")
        .order_by("participating_at", "first_visit_at", "-created_at")
    )


@dataclass
class Suggestion:
    initiative: Initiative
    score: int
    reasons: list[str] = field(default_factory=list)


def person_of(case: Case) -> matching.Person:
    citizen = case.citizen
    return matching.Person(
        age_band=citizen.age_band,
        groups=frozenset([citizen.special_group.code]) if citizen.special_group_id else frozenset(),
        language=citizen.language,
        postcode=citizen.postcode,
        interest_stems=frozenset(stems(citizen.interests)) if citizen.interests else frozenset(),
    )


def _offers(initiatives: list[Initiative]) -> list[matching.Offer]:
    ids = [i.pk for i in initiatives]
    languages: dict = {}
    for initiative_id, code in Language.objects.filter(initiative_id__in=ids).values_list(
        "initiative_id", "code"
    ):
        languages.setdefault(initiative_id, set()).add(code)
    postcodes: dict = {}
    for initiative_id, postcode in ServiceAtLocation.objects.filter(
        initiative_id__in=ids
    ).values_list("initiative_id", "location__postal_code"):
        postcodes.setdefault(initiative_id, set()).add(postcode)
    return [
        matching.Offer(
            key=i.pk,
            name=i.name,
            minimum_age=i.minimum_age,
            maximum_age=i.maximum_age,
            special_groups=frozenset(g.code for g in i.special_groups.all()),
            languages=frozenset(languages.get(i.pk, ())),
            postcodes=frozenset(postcodes.get(i.pk, ())),
            stems=i.search_stems,
        )
        for i in initiatives
    ]


def suggestions(case: Case, *, limit: int = 8) -> list[Suggestion]:
    """Published initiatives that fit the citizen, best first (the rules: ``matching``). An
    initiative for a special group or one sex is suggested only when the citizen belongs to it;
    initiatives the case was already referred to are left out."""
    candidates = public_initiatives().exclude(pk__in=case.referrals.values("initiative_id"))
    rows = list(
        candidates.only(
            "id", "name", "search_stems", "organization_id", "minimum_age", "maximum_age"
        ).prefetch_related("special_groups")[:2000]
    )
    by_pk = {i.pk: i for i in rows}
    fits = matching.rank(person_of(case), _offers(rows), limit=limit)
    return [Suggestion(by_pk[f.offer.key], f.score, f.reasons) for f in fits]
