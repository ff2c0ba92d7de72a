"""Reads of the collaboration model: each role's list, and the broker's suggested initiatives."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from brobygger.directory.models import Initiative, Language, ServiceAtLocation
from brobygger.directory.selectors import public_initiatives
from brobygger.lib.stemming import stems
from brobygger.referrals.models import AGE_BAND_RANGES, Arena, Case, Consent, Referral


def arenas_of(user) -> QuerySet[Arena]:
    return Arena.objects.filter(memberships__user=user).order_by("name")


def arena_referrals(arenas) -> QuerySet[Case]:
    """What staff may see of their arenas' referrals: when, from where, and the state."""
    return (
        Case.objects.filter(arena__in=arenas, is_demo=False)
        .select_related("arena")
        .only("id", "arena__name", "created_at", "state", "closed_reason", "pseudonym")
    )


def case_queue(state: str = "") -> QuerySet[Case]:
    cases = Case.objects.select_related("citizen", "arena").filter(
        citizen__anonymised_at=None, is_demo=False
    )
    if state:
        return cases.filter(state=state)
    return cases.exclude(state=Case.State.CLOSED)


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


def _age_overlap(band: str) -> Q:
    low, high = AGE_BAND_RANGES[band]
    return (Q(minimum_age__isnull=True) | Q(minimum_age__lte=high)) & (
        Q(maximum_age__isnull=True) | Q(maximum_age__gte=low)
    )


def suggestions(case: Case, *, limit: int = 8) -> list[Suggestion]:
    """Published initiatives open to the citizen's age, ranked by what they share with the
    citizen: the special target group (3), language other than Danish spoken there (3), the
    same postcode (2) or area (1), and each interest word found in the description (1)."""
    citizen = case.citizen
    candidates = public_initiatives()
    if citizen.age_band:
        candidates = candidates.filter(_age_overlap(citizen.age_band))
    rows = list(
        candidates.only("id", "name", "search_stems", "organization_id").prefetch_related(
            "special_groups"
        )[:2000]
    )
    ids = [r.pk for r in rows]
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
    interest_stems = set(stems(citizen.interests)) if citizen.interests else set()
    already = set(case.referrals.values_list("initiative_id", flat=True))
    ranked = []
    for initiative in rows:
        if initiative.pk in already:
            continue
        score, reasons = 0, []
        if citizen.special_group_id and any(
            g.pk == citizen.special_group_id for g in initiative.special_groups.all()
        ):
            score, reasons = score + 3, reasons + ["special_group"]
        if (
            citizen.language
            and citizen.language != "da"
            and citizen.language in languages.get(initiative.pk, ())
        ):
            score, reasons = score + 3, reasons + ["language"]
        places = postcodes.get(initiative.pk, set())
        if citizen.postcode and citizen.postcode in places:
            score, reasons = score + 2, reasons + ["postcode"]
        elif citizen.postcode and any(p[:2] == citizen.postcode[:2] for p in places if p):
            score, reasons = score + 1, reasons + ["area"]
        document = f" {initiative.search_stems} "
        hits = [s for s in interest_stems if f" {s}" in document]
        if hits:
            score, reasons = score + len(hits), reasons + ["interests"]
        ranked.append(Suggestion(initiative, score, reasons))
    ranked.sort(key=lambda s: (-s.score, s.initiative.name))
    return ranked[:limit]
