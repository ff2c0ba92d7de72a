"""Brobygger's own classification of initiatives: the taxonomies and their terms.

Target groups and the five types are those of the 2015 mapping of initiatives in Aarhus; the age
bands follow the report's age groups. Special target groups are groups an initiative is aimed at.
"""

from __future__ import annotations

from dataclasses import dataclass

TAXONOMY_URI = "https://brobygger.aarhus.dk/taxonomy"


@dataclass(frozen=True)
class TermSpec:
    code: str
    name_da: str
    name_en: str
    band_min_age: int | None = None
    band_max_age: int | None = None


@dataclass(frozen=True)
class TaxonomySpec:
    code: str
    name: str
    description: str
    terms: tuple[TermSpec, ...]


TARGET_GROUPS = TaxonomySpec(
    code="target_group",
    name="Brobygger target group",
    description="The age group an initiative is aimed at (the 2015 mapping's rows).",
    terms=(
        TermSpec("young_16_29", "Unge (16-29 år)", "Young people (16-29)", 16, 29),
        TermSpec("adults_30_64", "Voksne (30-64 år)", "Adults (30-64)", 30, 64),
        TermSpec("elderly", "Ældre (60+ år)", "Older people (60+)", 60, None),
        TermSpec("all", "Alle aldre", "All ages", None, None),
    ),
)

INITIATIVE_TYPES = TaxonomySpec(
    code="initiative_type",
    name="Brobygger initiative type",
    description="The five types of initiative of the 2015 mapping (its columns).",
    terms=(
        TermSpec("meeting_place", "Mødesteder, væresteder og caféer", "Meeting places and cafés"),
        TermSpec(
            "online_phone",
            "Online fællesskab, rådgivning og telefonlinjer",
            "Online community, advice and phone lines",
        ),
        TermSpec(
            "mentor_selfhelp_counselling",
            "Mentorer, selvhjælpsgrupper og rådgivning",
            "Mentors, self-help groups and counselling",
        ),
        TermSpec(
            "visiting_safety_call", "Besøgstjenester og tryghedsopkald", "Visits and check-in calls"
        ),
        TermSpec("social_activity", "Sociale aktiviteter", "Social activities"),
    ),
)

SPECIAL_GROUPS = TaxonomySpec(
    code="special_group",
    name="Brobygger special target group",
    description="Groups an initiative is especially aimed at.",
    terms=(
        TermSpec("ethnic_minorities", "Etniske minoriteter", "Ethnic minorities"),
        TermSpec("mental_illness", "Mennesker med psykisk sygdom", "People with mental illness"),
        TermSpec("men", "Mænd", "Men"),
        TermSpec("women", "Kvinder", "Women"),
        TermSpec("bereaved", "I sorg", "Bereaved"),
        TermSpec("students", "Studerende", "Students"),
        TermSpec("relatives", "Pårørende", "Relatives and carers"),
        TermSpec("disability", "Mennesker med handicap", "People with disabilities"),
    ),
)

ALL_TAXONOMIES = (TARGET_GROUPS, INITIATIVE_TYPES, SPECIAL_GROUPS)
