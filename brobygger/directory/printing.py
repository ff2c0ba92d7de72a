"""What goes on paper: the pocket guide "Vejviser til nye fællesskaber" for one audience, and a
personal list a staff member prints for the citizen in front of them. Both are built from live,
published data; the guide leaves out what nobody has confirmed for a year and says so.

The PDF itself is made by ``directory.pdf``; this module only chooses and words the entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from brobygger.directory import display, service_areas
from brobygger.directory.models import Initiative, Taxonomy
from brobygger.directory.schedules import describe_all
from brobygger.directory.selectors import public_initiatives, stale_cutoff, terms

GUIDE_LIMIT = 12
SUMMARY_CHARS = 150


# The target and special groups a print names, by term code, in the print's language. The terms'
# names live in the database in Danish and English (directory.taxonomy); these msgids carry the
# citizen languages. A Danish print keeps the term's Danish name as an editor wrote it; a term
# added later with no label here prints its English name.
GROUP_LABELS = {
    "young_16_29": gettext_lazy("Young people (16-29)"),
    "adults_30_64": gettext_lazy("Adults (30-64)"),
    "elderly": gettext_lazy("Older people (60+)"),
    "all": gettext_lazy("All ages"),
    "ethnic_minorities": gettext_lazy("Ethnic minorities"),
    "mental_illness": gettext_lazy("People with mental illness"),
    "men": gettext_lazy("Men"),
    "women": gettext_lazy("Women"),
    "bereaved": gettext_lazy("Bereaved"),
    "students": gettext_lazy("Students"),
    "relatives": gettext_lazy("Relatives and carers"),
    "disability": gettext_lazy("People with disabilities"),
}


def group_label(term) -> str:
    """A target or special group's name in the active language (see ``GROUP_LABELS``)."""
    if (get_language() or "da").startswith("da"):
        return term.name_da
    label = GROUP_LABELS.get(term.code)
    return str(label) if label is not None else term.name_en


class PrintError(ValueError):
    """Printing cannot go ahead; the message names the option at fault."""


@dataclass
class Entry:
    """One initiative as printed: short, plain, and how to take the first step.

    ``url`` is where its QR code and link point: built from the base URL the caller passes (the
    request's host on the web, ``SITE_URL`` in the CLI)."""

    name: str
    summary: str
    who: str
    where: str
    when: str
    first_step: list[str]
    may_bring_companion: bool | None
    url: str
    postcode: str = ""
    phone: str = ""
    is_example: bool = False
    confirmed: bool = True  # confirmed within DIRECTORY_STALE_AFTER_DAYS
    last_reviewed: dt.date | None = None
    own_steps: tuple[str, ...] = ()  # the first steps in the initiative's own (Danish) words


@dataclass
class GuideSelection:
    audience: str
    audience_label: str
    entries: list[Entry]
    left_out: list[Initiative] = field(default_factory=list)  # not reviewed for a year
    more_than_fit: int = 0  # candidates beyond the limit
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    include_unconfirmed: bool = False


def audiences() -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in terms(Taxonomy.TARGET_GROUP) if t.code != "all"]


def _summary(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[:SUMMARY_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + " …"


def _who(initiative: Initiative) -> str:
    groups = ", ".join(group_label(t) for t in initiative.target_groups.all())
    special = ", ".join(group_label(t) for t in initiative.special_groups.all())
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
    return "; ".join(capfirst(text) for text in describe_all(initiative.schedules.all()))


def _location(initiative: Initiative):
    sal = next(iter(initiative.service_at_locations.all()), None)
    return sal.location if sal else None


def _where(initiative: Initiative, location, postcode: str = "") -> str:
    """The address, or how to get there without one ("Ring og aftal"), then where it serves
    ("For hele Aarhus Kommune"; for a guide for ``postcode``, why it serves that postcode)."""
    here = display.address(location, with_name=True) or service_areas.access_label(initiative)
    why = service_areas.reach(initiative, postcode) if postcode else None
    if why is service_areas.Reach.LOCATED:
        area = ""  # the address says it
    elif why is not None:
        area = service_areas.reach_label(initiative, postcode)
    else:
        area = service_areas.area_label(initiative)
    return " · ".join(p for p in (here, area) if p)


def entry_for(
    initiative: Initiative,
    base_url: str = "",
    *,
    today: dt.date | None = None,
    postcode: str = "",
) -> Entry:
    """``base_url`` (e.g. ``https://brobygger.aarhus.dk``) starts the entry's link and QR code;
    without it the link is a path on this site. ``postcode``: the guide is for that postcode."""
    location = _location(initiative)
    phones = [p.safe_number for p in initiative.phones.all() if p.safe_number]
    steps = []
    if initiative.safe_email:
        steps.append(_("Write to %(email)s") % {"email": initiative.safe_email})
    if initiative.safe_url:
        steps.append(initiative.safe_url)
    own = initiative.application_process or initiative.first_visit
    if own:
        steps.insert(0, _summary(own))
    cutoff = stale_cutoff(today or timezone.localdate())
    return Entry(
        name=initiative.name,
        summary=_summary(initiative.description or initiative.first_visit),
        who=_who(initiative),
        where=_where(initiative, location, postcode),
        when=_when(initiative),
        first_step=steps,
        may_bring_companion=initiative.may_bring_companion,
        url=(base_url or "").rstrip("/") + reverse("directory:detail", args=[initiative.pk]),
        postcode=location.postal_code if location is not None else "",
        phone=phones[0] if phones else "",
        is_example=initiative.is_example,
        confirmed=bool(initiative.last_reviewed and initiative.last_reviewed >= cutoff),
        last_reviewed=initiative.last_reviewed,
        own_steps=(steps[0],) if own else (),
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
    base_url: str,
    postcode: str = "",
    chosen: Sequence[str] = (),
    limit: int = GUIDE_LIMIT,
    today: dt.date | None = None,
    include_unconfirmed: bool = False,
) -> GuideSelection:
    """The initiatives of the pocket guide for ``audience`` (a target-group code): published,
    aimed at that group or at all ages, at most ``limit``: the ones ``chosen`` (initiative ids)
    or else nearest ``postcode`` first, then by name.

    Only those confirmed within DIRECTORY_STALE_AFTER_DAYS, unless ``include_unconfirmed``
    (their cards then say since when they are unconfirmed); the unconfirmed ones left out are
    returned apart, for a warning. ``base_url`` starts the cards' links and QR codes."""
    labels = {t.code: group_label(t) for t in terms(Taxonomy.TARGET_GROUP) if t.code != "all"}
    if audience not in labels:
        raise PrintError(f"audience: {audience!r} is not one of {', '.join(sorted(labels))}")
    if postcode and not (postcode.isdigit() and len(postcode) == 4):
        raise PrintError(f"postcode: {postcode!r} is not a Danish postcode (four digits)")
    if not 1 <= limit <= GUIDE_LIMIT:
        raise PrintError(f"limit: between 1 and {GUIDE_LIMIT}")
    audience_qs = public_initiatives().filter(target_groups__code__in=[audience, "all"])
    qs = public_initiatives().filter(pk__in=list(chosen)) if chosen else audience_qs.distinct()
    cutoff = stale_cutoff(today or timezone.localdate())

    def printable(initiative) -> bool:
        fresh = bool(initiative.last_reviewed and initiative.last_reviewed >= cutoff)
        return fresh or include_unconfirmed

    picked = list(_with_print_data(qs).order_by("name"))
    printed = [i for i in picked if printable(i)]
    left_out = [i for i in picked if not printable(i)]
    everyone = audience_qs.distinct().order_by("name").only("id", "name", "last_reviewed")
    candidates = [(str(i.pk), i.name) for i in everyone if printable(i)]
    if postcode:
        # The same rule as the search (service_areas): those that serve the postcode, located
        # there first, then nearest, then by name. Initiatives staff chose are all printed.
        if not chosen:
            printed = [i for i in printed if service_areas.serves(i, postcode)]

        def order(i):
            why = service_areas.reach(i, postcode)
            place = _location(i)
            near = _distance(postcode, place.postal_code if place is not None else "")
            return (len(service_areas.Reach) if why is None else int(why), near, i.name)

        printed.sort(key=order)
    entries = [entry_for(i, base_url, today=today, postcode=postcode) for i in printed]
    return GuideSelection(
        audience=audience,
        audience_label=labels[audience],
        entries=entries[:limit],
        left_out=left_out,
        more_than_fit=max(0, len(entries) - limit),
        candidates=candidates,
        include_unconfirmed=include_unconfirmed,
    )


def personal_list_entries(ids: Iterable[str], *, base_url: str) -> list[Entry]:
    """The published initiatives a staff member ticked, in the order they were ticked."""
    wanted = [str(i) for i in ids]
    found = {str(i.pk): i for i in _with_print_data(public_initiatives().filter(pk__in=wanted))}
    return [entry_for(found[i], base_url) for i in wanted if i in found]
