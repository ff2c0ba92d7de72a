"""Generate a large, realistic-looking directory for benchmarks (not for tests or demos)."""

from __future__ import annotations

import random

from django.db import transaction

from brobygger.directory import search, services
from brobygger.directory.models import (
    Initiative,
    Language,
    Location,
    Organization,
    Schedule,
    ServiceAtLocation,
    TaxonomyTerm,
)
from brobygger.lib.stemming import stem_document

WORDS = [
    "fællesskab",
    "café",
    "mødested",
    "strikning",
    "gåtur",
    "madklub",
    "sang",
    "kor",
    "læsning",
    "samtale",
    "have",
    "byhave",
    "motion",
    "cykling",
    "brætspil",
    "skak",
    "fodbold",
    "musik",
    "kunst",
    "maling",
    "værksted",
    "frivillig",
    "besøgsven",
    "netværk",
    "sorg",
    "samvær",
    "kaffe",
    "aftensmad",
    "morgenmad",
    "dans",
    "yoga",
    "natur",
    "fiskeri",
    "ture",
    "udflugt",
    "foredrag",
    "sprogcafé",
    "lektiehjælp",
    "rådgivning",
    "mentor",
    "selvhjælp",
    "telefon",
    "chat",
]
TOWNS = [
    ("8000", "Aarhus C"),
    ("8200", "Aarhus N"),
    ("8210", "Aarhus V"),
    ("8220", "Brabrand"),
    ("8230", "Åbyhøj"),
    ("8240", "Risskov"),
    ("8260", "Viby J"),
    ("8270", "Højbjerg"),
    ("8310", "Tranbjerg J"),
    ("8380", "Trige"),
    ("8381", "Tilst"),
    ("8520", "Lystrup"),
]
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@transaction.atomic
def populate(n: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    services.taxonomies_ensure()
    terms = {t.code: t for t in TaxonomyTerm.objects.all()}
    groups = ["young_16_29", "adults_30_64", "elderly", "all"]
    types = [
        "meeting_place",
        "online_phone",
        "mentor_selfhelp_counselling",
        "visiting_safety_call",
        "social_activity",
    ]
    specials = ["ethnic_minorities", "mental_illness", "men", "women", "bereaved", "students"]
    orgs = Organization.objects.bulk_create(
        [Organization(name=f"Forening {i}") for i in range(max(1, n // 10))]
    )
    initiatives, sals, locations, schedules, languages = [], [], [], [], []
    group_links, special_links = [], []
    Through = Initiative.target_groups.through
    SpecialThrough = Initiative.special_groups.through
    for i in range(n):
        words = rng.sample(WORDS, 6)
        name = f"{words[0].capitalize()} og {words[1]} {i}"
        description = (
            f"Vi mødes om {words[2]}, {words[3]} og {words[4]}. Alle er velkomne til {words[5]}."
        )
        group = rng.choice(groups)
        band = {
            "young_16_29": (16, 29),
            "adults_30_64": (30, 64),
            "elderly": (60, None),
            "all": (None, None),
        }[group]
        kind = rng.choice(types)
        postcode, town = rng.choice(TOWNS)
        document = " ".join(
            [name, description, terms[group].name_da, terms[kind].name_da, town, postcode]
        )
        initiative = Initiative(
            organization=rng.choice(orgs),
            name=name,
            description=description,
            status="published" if rng.random() > 0.05 else "draft",
            initiative_type=terms[kind],
            minimum_age=band[0],
            maximum_age=band[1],
            search_document=document,
            search_stems=stem_document(document),
        )
        initiatives.append(initiative)
        location = Location(postal_code=postcode, city=town, address_1=f"Gade {i}")
        locations.append(location)
        sals.append(ServiceAtLocation(initiative=initiative, location=location))
        group_links.append(Through(initiative=initiative, taxonomyterm=terms[group]))
        if rng.random() < 0.2:
            special_links.append(
                SpecialThrough(initiative=initiative, taxonomyterm=terms[rng.choice(specials)])
            )
        if rng.random() < 0.6:
            opens = rng.choice([9, 10, 13, 17, 19])
            schedules.append(
                Schedule(
                    initiative=initiative,
                    freq="WEEKLY",
                    interval=1,
                    byday=",".join(sorted(rng.sample(DAYS, rng.randint(1, 3)), key=DAYS.index)),
                    opens_at=f"{opens:02d}:00",
                    closes_at=f"{opens + 2:02d}:00",
                )
            )
        languages.append(Language(initiative=initiative, code="da"))
        if rng.random() < 0.15:
            languages.append(Language(initiative=initiative, code=rng.choice(["en", "ar", "tr"])))
    Initiative.objects.bulk_create(initiatives, batch_size=2000)
    Location.objects.bulk_create(locations, batch_size=2000)
    ServiceAtLocation.objects.bulk_create(sals, batch_size=2000)
    Through.objects.bulk_create(group_links, batch_size=2000)
    SpecialThrough.objects.bulk_create(special_links, batch_size=2000)
    Schedule.objects.bulk_create(schedules, batch_size=2000)
    Language.objects.bulk_create(languages, batch_size=2000)
    search.vectors_refresh(Initiative.objects.all())
    return n
