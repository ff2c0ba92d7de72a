"""Where an initiative serves, not only where it sits: one rule for search, prints and coverage.

An initiative serves a postcode when it is located there (a place of it has that postcode), or
when its service area covers it: the whole municipality (``data/municipality_postcodes.csv``),
the postcodes it lists, or anywhere (by phone or online). ``reach`` answers for one initiative
in Python (prints, coverage); ``serving`` is the same rule as a queryset filter (search), the
same on SQLite and PostgreSQL.

In HSDS an initiative's area travels as ``service_areas`` (``hsds_areas``/``from_hsds``).
"""

from __future__ import annotations

import csv
import enum
import re
import uuid
from functools import cache
from pathlib import Path

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from brobygger.directory.models import Initiative, ServiceAtLocation

MUNICIPALITY_NAME = "Aarhus Kommune"
MUNICIPALITY_URI = "https://api.dataforsyningen.dk/kommuner/0751"
POSTCODES_FILE = Path(__file__).parent / "data" / "municipality_postcodes.csv"
# The HSDS service area that stands for "anywhere, by phone or online".
ANYWHERE_EXTENT = "anywhere"
AREA_NAMESPACE = uuid.UUID("6a3e9f0c-2b41-4d7e-8c55-0f1d2e3a4b69")

Area = Initiative.ServiceArea
Access = Initiative.Access


class Reach(enum.IntEnum):
    """Why an initiative serves a postcode, in the order results show them."""

    LOCATED = 0
    POSTCODES = 1
    MUNICIPALITY = 2
    ANYWHERE = 3


@cache
def municipality_postcodes() -> frozenset[str]:
    with open(POSTCODES_FILE, encoding="utf-8", newline="") as handle:
        return frozenset(row["postcode"] for row in csv.DictReader(handle))


def is_postcode(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", text or ""))


def parse_postcodes(text: str) -> list[str]:
    """Postcodes from what an editor typed ("8000, 8200 8210"), sorted, each once; a ValueError
    names the first word that is not a four-digit postcode."""
    found = set()
    for word in re.split(r"[\s,;]+", text or ""):
        if not word:
            continue
        if not is_postcode(word):
            raise ValueError(_("“%(word)s” is not a postcode (four digits).") % {"word": word})
        found.add(word)
    return sorted(found)


def postcodes_text(postcodes) -> str:
    """How ``Initiative.service_postcodes`` stores them: sorted, separated by single spaces."""
    return " ".join(sorted(set(postcodes)))


def listed_postcodes(initiative: Initiative) -> list[str]:
    return (initiative.service_postcodes or "").split()


def located_postcodes(initiative: Initiative) -> set[str]:
    return {
        sal.location.postal_code
        for sal in initiative.service_at_locations.all()
        if sal.location.postal_code
    }


def reach(initiative: Initiative, postcode: str) -> Reach | None:
    """Why ``initiative`` serves ``postcode``, or None when it does not."""
    if postcode in located_postcodes(initiative):
        return Reach.LOCATED
    area = initiative.service_area
    if area == Area.ANYWHERE:
        return Reach.ANYWHERE
    if area == Area.MUNICIPALITY and postcode in municipality_postcodes():
        return Reach.MUNICIPALITY
    if area == Area.POSTCODES and postcode in listed_postcodes(initiative):
        return Reach.POSTCODES
    return None


def serves(initiative: Initiative, postcode: str) -> bool:
    return reach(initiative, postcode) is not None


def served_postcodes(initiative: Initiative) -> set[str]:
    """The postcodes ``initiative`` serves, for counting (anywhere: every municipal postcode)."""
    here = located_postcodes(initiative)
    area = initiative.service_area
    if area in (Area.ANYWHERE, Area.MUNICIPALITY):
        return here | municipality_postcodes()
    if area == Area.POSTCODES:
        return here | set(listed_postcodes(initiative))
    return here


def serving(qs: QuerySet, postcode: str) -> QuerySet:
    """``qs`` narrowed to the initiatives that serve ``postcode`` (``reach``), annotated with
    ``reach_rank`` (a ``Reach`` value): order by it to list those located there first, then
    those for the listed postcodes, the whole municipality, and anywhere."""
    located = ServiceAtLocation.objects.filter(
        initiative=OuterRef("pk"), location__postal_code=postcode
    )
    # Stored as "8000 8200 8210": a whole postcode matches with a space or an end either side.
    listed = Q(service_area=Area.POSTCODES) & (
        Q(service_postcodes=postcode)
        | Q(service_postcodes__startswith=postcode + " ")
        | Q(service_postcodes__endswith=" " + postcode)
        | Q(service_postcodes__contains=f" {postcode} ")
    )
    whens = [
        When(located_here=True, then=Value(int(Reach.LOCATED))),
        When(listed, then=Value(int(Reach.POSTCODES))),
    ]
    if postcode in municipality_postcodes():
        whens.append(When(service_area=Area.MUNICIPALITY, then=Value(int(Reach.MUNICIPALITY))))
    whens.append(When(service_area=Area.ANYWHERE, then=Value(int(Reach.ANYWHERE))))
    return (
        qs.annotate(located_here=Exists(located))
        .annotate(reach_rank=Case(*whens, default=None, output_field=IntegerField()))
        .filter(reach_rank__isnull=False)
    )


# --- what pages and prints say ------------------------------------------------------------------


def reach_label(initiative: Initiative, postcode: str) -> str:
    """ "Holder til i 8000", "For hele Aarhus Kommune", … ("" when it does not serve it)."""
    why = reach(initiative, postcode)
    if why is Reach.LOCATED:
        return _("Located in %(postcode)s") % {"postcode": postcode}
    if why is None:
        return ""
    return area_label(initiative)


def area_label(initiative: Initiative) -> str:
    """The initiative's service area in words ("" when it serves only where it is located)."""
    area = initiative.service_area
    if area == Area.ANYWHERE:
        return _("By phone or online")
    if area == Area.MUNICIPALITY:
        return _("For all of %(municipality)s") % {"municipality": MUNICIPALITY_NAME}
    if area == Area.POSTCODES:
        codes = listed_postcodes(initiative)
        if len(codes) == 1:
            return _("For postcode %(postcode)s") % {"postcode": codes[0]}
        if codes:
            return _("For postcodes %(postcodes)s") % {"postcodes": ", ".join(codes)}
    return ""


def access_label(initiative: Initiative) -> str:
    """How to get there, for an entry shown without an address ("" when none is stated)."""
    if initiative.access == Access.CALL:
        return _("Call to arrange")
    if initiative.access == Access.AT_HOME:
        return _("Takes place in your home")
    if initiative.access == Access.REMOTE:
        return _("By phone or online")
    return ""


# --- HSDS service_areas ---------------------------------------------------------------------------


def _area_id(initiative: Initiative, key: str) -> str:
    return str(uuid.uuid5(AREA_NAMESPACE, f"{initiative.pk}:{key}"))


def hsds_areas(initiative: Initiative) -> list[dict]:
    """The initiative's service area as HSDS ``service_areas`` (stable ids; [] for none)."""
    base = {"service_id": str(initiative.pk)}
    area = initiative.service_area
    if area == Area.MUNICIPALITY:
        return [
            base
            | {
                "id": _area_id(initiative, "municipality"),
                "name": MUNICIPALITY_NAME,
                "description": "municipality",
                "uri": MUNICIPALITY_URI,
            }
        ]
    if area == Area.ANYWHERE:
        return [
            base
            | {
                "id": _area_id(initiative, ANYWHERE_EXTENT),
                "name": "Anywhere, by phone or online",
                "extent": ANYWHERE_EXTENT,
                "extent_type": "text",
            }
        ]
    if area == Area.POSTCODES:
        return [
            base
            | {
                "id": _area_id(initiative, f"postcode:{code}"),
                "name": code,
                "description": "postcode",
            }
            for code in listed_postcodes(initiative)
        ]
    return []


def from_hsds(areas) -> tuple[str, str]:
    """(service_area, service_postcodes) that HSDS ``service_areas`` stand for; ("", "") for
    areas of another kind (kept as given, ``hsds_extra``, but not ours to interpret)."""
    areas = [a for a in (areas or []) if isinstance(a, dict)]
    if not areas:
        return ("", "")
    if any(a.get("extent") == ANYWHERE_EXTENT for a in areas):
        return (str(Area.ANYWHERE), "")
    if any(a.get("uri") == MUNICIPALITY_URI or a.get("name") == MUNICIPALITY_NAME for a in areas):
        return (str(Area.MUNICIPALITY), "")
    names = [str(a.get("name") or "").strip() for a in areas]
    if all(is_postcode(n) for n in names):
        return (str(Area.POSTCODES), postcodes_text(names))
    return ("", "")


def export_areas(initiative: Initiative, given) -> list[dict] | None:
    """What to export as ``service_areas``: the areas an import gave while they still say what
    our fields say (an edit wins), else ours; None to leave the key out."""
    ours = (initiative.service_area or "", initiative.service_postcodes or "")
    if given is not None and from_hsds(given) == ours:
        return given
    areas = hsds_areas(initiative)
    return areas or ([] if given == [] else None)
