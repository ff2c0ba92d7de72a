"""What goes on paper: the pocket guide "Vejviser til nye fællesskaber" for one audience, and a
personal list a staff member prints for the citizen in front of them. Both are built from live,
published data; the guide leaves out what nobody has confirmed for a year and says so.

The PDF itself is made by ``directory.pdf``; this module only chooses and words the entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from brobygger.directory.models import Initiative, Taxonomy
from brobygger.directory.selectors import public_initiatives, stale_cutoff, terms

GUIDE_LIMIT = 12
SUMMARY_CHARS = 150
WEEKDAYS = {
    "MO": gettext_lazy("Mondays"),
    "TU": gettext_lazy("Tuesdays"),
    "WE": gettext_lazy("Wednesdays"),
    "TH": gettext_lazy("Thursdays"),
    "FR": gettext_lazy("Fridays"),
    "SA": gettext_lazy("Saturdays"),
    "SU": gettext_lazy("Sundays"),
}


class PrintError(ValueError):
    """Printing cannot go ahead; the message names the option at fault."""


@dataclass
class Entry:
    """One initiative as printed: short, plain, and how to take the first step."""

    name: str
    summary: str
    who: str
    where: str
    when: str
    first_step: list[str]
    may_bring_companion: bool | None
    url: str
    postcode: str = ""


@dataclass
class GuideSelection:
    audience: str
    audience_label: str
    entries: list[Entry]
    left_out: list[Initiative] = field(default_factory=list)  # not reviewed for a year
    more_than_fit: int = 0  # candidates beyond the limit
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (id, name), reviewed


def audiences() -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in terms(Taxonomy.TARGET_GROUP) if t.code != "all"]


def _summary(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[:SUMMARY_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + " …"


def _who(initiative: Initiative) -> str:
    groups = ", ".join(t.name for t in initiative.target_groups.all())
    special = ", ".join(t.name for t in initiative.special_groups.all())
    lo, hi = initiative.minimum_age, initiative.maximum_age
    ages = ""
    if lo is not None and hi is not None:
        ages = _("%(lo)s-%(hi)s years") % {"lo": lo, "hi": hi}
    elif lo is not None:
        ages = _("from %(lo)s years") % {"lo": lo}
    elif hi is not None:
        ages = _("up to %(hi)s years") % {"hi": hi}
    parts = [p for p in (groups, ages, special) if p]
    return " · ".join(parts)


def _when(initiative: Initiative) -> str:
    out = []
    for schedule in initiative.schedules.all():
        if schedule.description:
            out.append(schedule.description)
            continue
        days = ", ".join(str(WEEKDAYS.get(d, d)) for d in schedule.byday.split(",") if d)
        hours = ""
        if schedule.opens_at and schedule.closes_at:
            hours = f"{schedule.opens_at:%H.%M}-{schedule.closes_at:%H.%M}"
        text = " ".join(p for p in (days, hours) if p)
        if text:
            out.append(capfirst(text))
    return "; ".join(out)


def _location(initiative: Initiative):
    sal = next(iter(initiative.service_at_locations.all()), None)
    return sal.location if sal else None


def entry_for(initiative: Initiative, site_url: str | None = None) -> Entry:
    location = _location(initiative)
    where = ""
    postcode = ""
    if location is not None:
        postcode = location.postal_code
        town = f"{location.postal_code} {location.city}".strip()
        where = ", ".join(p for p in (location.name, location.address_1, town) if p)
    phones = [p.safe_number for p in initiative.phones.all() if p.safe_number]
    steps = []
    if phones:
        steps.append(_("Call %(phone)s") % {"phone": phones[0]})
    if initiative.safe_email:
        steps.append(_("Write to %(email)s") % {"email": initiative.safe_email})
    if initiative.safe_url:
        steps.append(initiative.safe_url)
    if initiative.application_process:
        steps.insert(0, _summary(initiative.application_process))
    base = (site_url or settings.SITE_URL).rstrip("/")
    return Entry(
        name=initiative.name,
        summary=_summary(initiative.description or initiative.first_visit),
        who=_who(initiative),
        where=where,
        when=_when(initiative),
        first_step=steps,
        may_bring_companion=initiative.may_bring_companion,
        url=base + reverse("directory:detail", args=[initiative.pk]),
        postcode=postcode,
    )


def _with_print_data(qs):
    return qs.select_related("organization").prefetch_related(
        "target_groups",
        "special_groups",
        "schedules",
        "phones",
        "service_at_locations__location",
    )


def _distance(postcode: str, other: str) -> tuple[int, int]:
    """Nearness by postcode alone (no geocoding): the same postcode, then the same first three
    digits, then numeric distance; unknown places last."""
    if not other:
        return (3, 0)
    if other == postcode:
        return (0, 0)
    if other[:3] == postcode[:3]:
        return (1, abs(int(other) - int(postcode)) if other.isdigit() else 0)
    return (2, abs(int(other) - int(postcode)) if other.isdigit() and postcode.isdigit() else 9999)


def pocket_guide_select(
    *,
    audience: str,
    postcode: str = "",
    chosen: Sequence[str] = (),
    limit: int = GUIDE_LIMIT,
    today: dt.date | None = None,
    site_url: str | None = None,
) -> GuideSelection:
    """The initiatives of the pocket guide for ``audience`` (a target-group code): published,
    aimed at that group or at all ages, reviewed within DIRECTORY_STALE_AFTER_DAYS, at most
    ``limit``: the ones ``chosen`` (initiative ids) or else nearest ``postcode`` first, then by
    name. The stale ones are returned apart, for a warning."""
    labels = dict(audiences())
    if audience not in labels:
        raise PrintError(f"audience: {audience!r} is not one of {', '.join(sorted(labels))}")
    if postcode and not (postcode.isdigit() and len(postcode) == 4):
        raise PrintError(f"postcode: {postcode!r} is not a Danish postcode (four digits)")
    if not 1 <= limit <= GUIDE_LIMIT:
        raise PrintError(f"limit: between 1 and {GUIDE_LIMIT}")
    audience_qs = public_initiatives().filter(target_groups__code__in=[audience, "all"])
    qs = public_initiatives().filter(pk__in=list(chosen)) if chosen else audience_qs.distinct()
    cutoff = stale_cutoff(today or timezone.localdate())

    def reviewed(initiative) -> bool:
        return bool(initiative.last_reviewed and initiative.last_reviewed >= cutoff)

    picked = list(_with_print_data(qs).order_by("name"))
    fresh = [i for i in picked if reviewed(i)]
    left_out = [i for i in picked if not reviewed(i)]
    everyone = audience_qs.distinct().order_by("name").only("id", "name", "last_reviewed")
    candidates = [(str(i.pk), i.name) for i in everyone if reviewed(i)]
    entries = [entry_for(i, site_url) for i in fresh]
    if postcode:
        entries.sort(key=lambda e: (_distance(postcode, e.postcode), e.name))
    return GuideSelection(
        audience=audience,
        audience_label=labels[audience],
        entries=entries[:limit],
        left_out=left_out,
        more_than_fit=max(0, len(entries) - limit),
        candidates=candidates,
    )


def personal_list_entries(ids: Iterable[str], site_url: str | None = None) -> list[Entry]:
    """The published initiatives a staff member ticked, in the order of the search."""
    wanted = [str(i) for i in ids]
    found = {str(i.pk): i for i in _with_print_data(public_initiatives().filter(pk__in=wanted))}
    return [entry_for(found[i], site_url) for i in wanted if i in found]
