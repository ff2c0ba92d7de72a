"""Example initiatives for demo mode: made up, marked "(eksempel)" everywhere, complete enough
that the whole loop works on a fresh demo system (refer -> contact confirms -> dashboard).

Called by ``web.demo_seed`` after ``accounts.demo`` (whose editor becomes the examples' contact
person and their organisations' editor). Idempotent. The real, seeded initiatives are never
touched: nothing invented is added to them.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from brobygger.core.demo import demo_mode
from brobygger.directory import services
from brobygger.directory.models import Initiative, Organization, OrganizationMembership

MARK = " (eksempel)"

# name, organisation, (street, postcode, town), type, target groups, ages, description,
# first visit, two weekly schedules (weekday, from, to, every n weeks).
EXAMPLES = (
    {
        "name": "Fællesspisning i Solsikkehuset" + MARK,
        "organization": "Foreningen Solsikkehuset" + MARK,
        "address": ("Eksempelvej 12", "8000", "Aarhus C"),
        "type": "social_activity",
        "groups": ["adults_30_64", "elderly"],
        "ages": (30, None),
        "description": "Vi laver mad sammen og spiser ved lange borde. Alle hjælper lidt til.",
        "first_visit": "Kom kvart i fem. En af de faste tager imod dig ved døren.",
        "schedules": [("TU", "17:00", "19:30", 1), ("TH", "17:00", "19:30", 2)],
    },
    {
        "name": "Gåklubben Ved Åen" + MARK,
        "organization": "Gåklubben Ved Åen" + MARK,
        "address": ("Eksempelstien 3", "8210", "Aarhus V"),
        "type": "social_activity",
        "groups": ["all"],
        "ages": (16, None),
        "description": "Vi går en tur på en times tid i roligt tempo og får en kop kaffe bagefter.",
        "first_visit": "Mød op ved bænken ved indgangen. Gode sko er nok.",
        "schedules": [("MO", "10:00", "11:30", 1), ("SA", "10:00", "11:30", 2)],
    },
    {
        "name": "Cafe Kaffekoppen" + MARK,
        "organization": "Kaffekoppens Venner" + MARK,
        "address": ("Eksempelgade 7", "8200", "Aarhus N"),
        "type": "meeting_place",
        "groups": ["young_16_29", "adults_30_64"],
        "ages": (18, 64),
        "description": "Et roligt værested med kaffe, brætspil og avisen. Ingen tilmelding.",
        "first_visit": "Sig hej ved disken, så viser en frivillig dig rundt.",
        "schedules": [("WE", "13:00", "16:00", 1), ("FR", "13:00", "16:00", 1)],
    },
    {
        "name": "Besøgsven i Eksempelby" + MARK,
        "organization": "Besøgsvennerne i Eksempelby" + MARK,
        "address": ("Eksempelallé 20", "8240", "Risskov"),
        "type": "visiting_safety_call",
        "groups": ["elderly"],
        "ages": (65, None),
        "description": "En frivillig besøgsven kommer forbi en gang om ugen til snak og kaffe.",
        "first_visit": "Koordinatoren ringer dig op og kommer selv med til det første besøg.",
        "schedules": [("TU", "10:00", "12:00", 1), ("TH", "14:00", "16:00", 2)],
    },
    {
        "name": "Strikkecafé Maskefanget" + MARK,
        "organization": "Strikkecafé Maskefanget" + MARK,
        "address": ("Eksempelpladsen 1", "8220", "Brabrand"),
        "type": "meeting_place",
        "groups": ["adults_30_64", "elderly"],
        "ages": (30, None),
        "description": "Vi strikker, hækler og snakker. Garn og pinde kan lånes.",
        "first_visit": "Kig ind, når det passer dig. Tag gerne en ven med.",
        "schedules": [("MO", "14:00", "16:00", 2), ("WE", "18:00", "20:00", 1)],
    },
)


def _demo_editor():
    try:
        from brobygger.accounts.demo import DEMO_USERNAMES
    except ImportError:
        return None
    username = DEMO_USERNAMES.get("editor")
    return get_user_model().objects.filter(username=username).first() if username else None


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


@transaction.atomic
def examples_ensure(*, editor) -> int:
    """Create the example initiatives that are missing, with ``editor`` as their contact person
    and their organisations' editor; keep the existing ones confirmed. Returns how many were
    created."""
    services.taxonomies_ensure()
    created = 0
    for spec in EXAMPLES:
        organization, _new = Organization.objects.get_or_create(name=spec["organization"])
        OrganizationMembership.objects.get_or_create(organization=organization, user=editor)
        if Initiative.objects.filter(name=spec["name"], is_example=True).exists():
            continue
        street, postcode, town = spec["address"]
        initiative = services.initiative_create(
            organization=organization,
            user=None,
            fields={
                "name": spec["name"],
                "description": spec["description"],
                "first_visit": spec["first_visit"],
                "may_bring_companion": True,
                "minimum_age": spec["ages"][0],
                "maximum_age": spec["ages"][1],
                "status": Initiative.Status.PUBLISHED,
                "referral_contact": editor,
                "last_reviewed": timezone.localdate(),
                "source_note": "Eksempel til demo",
            },
            initiative_type=spec["type"],
            target_groups=spec["groups"],
            details={"address_1": street, "postal_code": postcode, "city": town},
            is_example=True,
        )
        services.schedules_replace(
            initiative=initiative,
            user=None,
            rows=[
                {"byday": d, "opens_at": _time(a), "closes_at": _time(b), "interval": n}
                for d, a, b, n in spec["schedules"]
            ],
        )
        created += 1
    # An example is always confirmed: the demo's pocket guide works without any flag.
    Initiative.objects.filter(is_example=True).update(last_reviewed=timezone.localdate())
    return created


def demo_seed() -> str | None:
    """Demo mode only: the example initiatives (None when not in demo mode or when the demo
    editor from ``accounts.demo`` is missing)."""
    if not demo_mode():
        return None
    editor = _demo_editor()
    if editor is None:
        return None
    created = examples_ensure(editor=editor)
    total = Initiative.objects.filter(is_example=True).count()
    return f"Example initiatives: {total} ({created} new), contact person {editor.get_username()}."
