"""Writes to the directory. Every change to an initiative goes through here, so every change is
re-indexed for search and kept in the history (who, when, what)."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.directory import notifications, search, validation
from brobygger.directory.models import (
    Initiative,
    InitiativeRevision,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    ServiceAtLocation,
    Suggestion,
    Taxonomy,
    TaxonomyTerm,
)
from brobygger.directory.schedules import WEEKDAY_CODES
from brobygger.directory.taxonomy import ALL_TAXONOMIES, TAXONOMY_URI

SEED_FILE = Path(__file__).parent / "seed" / "initiatives_2015.csv"

# Fields whose changes are kept in the history; many-to-many fields are recorded by term code.
TRACKED_FIELDS = (
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "minimum_age",
    "maximum_age",
    "staffing",
    "first_visit",
    "may_bring_companion",
    "application_process",
    "eligibility_description",
    "fees_description",
    "last_reviewed",
    "source_note",
    "referral_contact",
    "access",
    "service_area",
    "service_postcodes",
)


class DirectoryError(ValueError):
    """A directory operation that cannot be done; the message names the field at fault."""


def check_values(values: dict) -> None:
    """Refuse a link, e-mail, phone or postcode that is not one (the first named)."""
    for name, message in validation.problems(values).items():
        raise DirectoryError(f"{name}: {message}")


# --- taxonomies ------------------------------------------------------------------------------


# Our taxonomies' and terms' ids are the same on every install: uuid5 of this namespace and
# their codes ("taxonomy:target_group", "term:target_group:elderly").
TAXONOMY_ID_NAMESPACE = uuid.UUID("0b6f4c1e-3d2a-5e8f-9a47-b7c2d1e0f3a5")


def taxonomy_stable_id(code: str) -> uuid.UUID:
    return uuid.uuid5(TAXONOMY_ID_NAMESPACE, f"taxonomy:{code}")


def term_stable_id(taxonomy_code: str, code: str) -> uuid.UUID:
    return uuid.uuid5(TAXONOMY_ID_NAMESPACE, f"term:{taxonomy_code}:{code}")


def taxonomies_ensure() -> None:
    """Create our taxonomies and their terms; idempotent, updates names in place. A new
    install gives them stable ids (``taxonomy_stable_id``, ``term_stable_id``); an install
    that made them before keeps the ids it published."""
    for spec in ALL_TAXONOMIES:
        taxonomy, _created = Taxonomy.objects.update_or_create(
            code=spec.code,
            create_defaults={
                "id": taxonomy_stable_id(spec.code),
                "name": spec.name,
                "description": spec.description,
                "uri": f"{TAXONOMY_URI}/{spec.code}",
                "version": "1",
            },
            defaults={
                "name": spec.name,
                "description": spec.description,
                "uri": f"{TAXONOMY_URI}/{spec.code}",
                "version": "1",
            },
        )
        for position, term in enumerate(spec.terms):
            values = {
                "name_da": term.name_da,
                "name_en": term.name_en,
                "position": position,
                "band_min_age": term.band_min_age,
                "band_max_age": term.band_max_age,
            }
            TaxonomyTerm.objects.update_or_create(
                taxonomy=taxonomy,
                code=term.code,
                create_defaults={"id": term_stable_id(spec.code, term.code), **values},
                defaults=values,
            )


def terms_by_code(taxonomy_code: str) -> dict[str, TaxonomyTerm]:
    return {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy__code=taxonomy_code)}


def _terms(taxonomy_code: str, codes: Iterable[str], field: str) -> list[TaxonomyTerm]:
    known = terms_by_code(taxonomy_code)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise DirectoryError(f"{field}: unknown code(s) {', '.join(unknown)}")
    return [known[c] for c in codes]


# --- search index ----------------------------------------------------------------------------


def initiative_reindex(initiative: Initiative) -> None:
    """Rebuild the initiative's search columns (see ``search.py``)."""
    search.index(initiative)


# --- history ---------------------------------------------------------------------------------


def _value(v):
    if v is None or isinstance(v, str | int | bool):
        return v
    return str(v)


def initiative_snapshot(initiative: Initiative) -> dict:
    snap = {f: _value(getattr(initiative, f)) for f in TRACKED_FIELDS}
    snap["organization"] = initiative.organization.name
    snap["initiative_type"] = (
        initiative.initiative_type.code if initiative.initiative_type else None
    )
    snap["target_groups"] = sorted(t.code for t in initiative.target_groups.all())
    snap["special_groups"] = sorted(t.code for t in initiative.special_groups.all())
    snap.update(_details_snapshot(initiative))
    return snap


# --- details an editor keeps current: place, phone, languages, a weekly schedule -------------

DETAIL_KEYS = (
    "phone",
    "languages",
    "address_1",
    "postal_code",
    "city",
    "weekdays",
    "opens_at",
    "closes_at",
)


def _details_snapshot(initiative: Initiative) -> dict:
    phone = initiative.phones.order_by("number").first()
    sal = initiative.service_at_locations.select_related("location").first()
    place = ""
    if sal:
        loc = sal.location
        place = ", ".join(p for p in (loc.address_1, f"{loc.postal_code} {loc.city}".strip()) if p)
    when = "; ".join(
        (f"{s.byday} {s.opens_at or ''}-{s.closes_at or ''}" + _every(s.interval)).strip()
        for s in initiative.schedules.filter(freq=Schedule.Freq.WEEKLY).order_by(
            "byday", "opens_at", "id"
        )
    )
    return {
        "phone": phone.number if phone else "",
        "languages": sorted(c for c in initiative.languages.values_list("code", flat=True) if c),
        "place": place,
        "schedule": when,
    }


def _every(interval) -> str:
    return f" every {interval} weeks" if interval and interval > 1 else ""


def _apply_details(initiative: Initiative, details: dict) -> None:
    unknown = set(details) - set(DETAIL_KEYS)
    if unknown:
        raise DirectoryError(f"{', '.join(sorted(unknown))}: not an editable detail")
    check_values({k: (details.get(k) or "").strip() for k in ("phone", "postal_code")})
    if "phone" in details:
        number = (details["phone"] or "").strip()
        phone = initiative.phones.order_by("number").first()
        if number and phone:
            phone.number = number
            phone.save(update_fields=["number"])
        elif number:
            Phone.objects.create(initiative=initiative, number=number, type="voice")
        elif phone:
            phone.delete()
    if "languages" in details:
        wanted = set(details["languages"] or [])
        initiative.languages.exclude(code__in=wanted).delete()
        have = set(initiative.languages.values_list("code", flat=True))
        for code in sorted(wanted - have):
            Language.objects.create(initiative=initiative, code=code)
    if {"address_1", "postal_code", "city"} & set(details):
        values = {k: (details.get(k) or "").strip() for k in ("address_1", "postal_code", "city")}
        sal = initiative.service_at_locations.select_related("location").first()
        if sal:
            for key, value in values.items():
                setattr(sal.location, key, value)
            sal.location.save()
        elif any(values.values()):
            location = Location.objects.create(organization=initiative.organization, **values)
            ServiceAtLocation.objects.create(initiative=initiative, location=location)
    if "weekdays" in details:
        days = [d for d in ("MO", "TU", "WE", "TH", "FR", "SA", "SU") if d in details["weekdays"]]
        schedule = initiative.schedules.filter(freq=Schedule.Freq.WEEKLY).first()
        if days:
            schedule = schedule or Schedule(initiative=initiative, freq=Schedule.Freq.WEEKLY)
            schedule.interval = 1
            schedule.byday = ",".join(days)
            schedule.opens_at = details.get("opens_at")
            schedule.closes_at = details.get("closes_at")
            schedule.save()
        elif schedule:
            schedule.delete()


def _record(initiative, user, action, before: dict | None) -> InitiativeRevision | None:
    after = initiative_snapshot(initiative)
    if before is None:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "", [])}
    else:
        changes = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
        if not changes:
            return None
    return InitiativeRevision.objects.create(
        initiative=initiative,
        user=user if (user is not None and user.is_authenticated) else None,
        action=action,
        changes=changes,
    )


# --- initiatives -----------------------------------------------------------------------------


def _apply(initiative, fields: dict, target_groups, special_groups, initiative_type) -> None:
    unknown = [name for name in fields if name not in TRACKED_FIELDS]
    if unknown:
        raise DirectoryError(f"{unknown[0]}: not an editable field")
    check_values({k: fields[k] for k in ("url", "email") if k in fields})
    for name, value in fields.items():
        setattr(initiative, name, value)
    if initiative_type is not None:
        initiative.initiative_type = (
            _terms(Taxonomy.INITIATIVE_TYPE, [initiative_type], "initiative_type")[0]
            if isinstance(initiative_type, str)
            else initiative_type
        )
    lo, hi = initiative.minimum_age, initiative.maximum_age
    if lo is not None and hi is not None and lo > hi:
        raise DirectoryError("maximum_age: must not be below minimum_age")
    initiative.updated_at = timezone.now()
    initiative.save()
    if target_groups is not None:
        initiative.target_groups.set(_codes_to_terms(Taxonomy.TARGET_GROUP, target_groups))
    if special_groups is not None:
        initiative.special_groups.set(_codes_to_terms(Taxonomy.SPECIAL_GROUP, special_groups))


def _codes_to_terms(taxonomy_code, items) -> list[TaxonomyTerm]:
    items = list(items)
    codes = [i for i in items if isinstance(i, str)]
    terms = [i for i in items if not isinstance(i, str)]
    return terms + _terms(taxonomy_code, codes, taxonomy_code)


@transaction.atomic
def initiative_create(
    *,
    organization: Organization,
    user=None,
    fields: dict,
    initiative_type=None,
    target_groups=(),
    special_groups=(),
    details: dict | None = None,
    is_example: bool = False,
    pk: uuid.UUID | None = None,
) -> Initiative:
    """A new initiative; ``details`` as in ``initiative_update``; ``is_example`` only for the
    made-up initiatives of demo mode (``directory/demo.py``); ``pk`` a given id (the seed's
    ids are the same on every install), else a new one."""
    initiative = Initiative(organization=organization, is_example=is_example)
    if pk is not None:
        initiative.pk = pk
    _apply(initiative, fields, target_groups, special_groups, initiative_type)
    if details:
        _apply_details(initiative, details)
    initiative_reindex(initiative)
    _record(initiative, user, "created", None)
    return initiative


@transaction.atomic
def initiative_update(
    *,
    initiative: Initiative,
    user,
    fields: dict,
    initiative_type=None,
    target_groups=None,
    special_groups=None,
    details: dict | None = None,
    schedules: Iterable[dict] | None = None,
) -> Initiative:
    """Change an initiative; an editor saving it also confirms it is current (last_reviewed).
    ``schedules``: rows replacing the weekly schedules (see ``schedules_replace``).

    A new referral contact is kept in the history and the community brokers are told.
    """
    checked = _schedule_rows(schedules) if schedules is not None else None
    before = initiative_snapshot(initiative)
    old_contact = initiative.referral_contact
    fields = dict(fields)
    fields.setdefault("last_reviewed", timezone.localdate())
    _apply(initiative, fields, target_groups, special_groups, initiative_type)
    if details:
        _apply_details(initiative, details)
    if checked is not None:
        _replace_schedules(initiative, checked)
    initiative.stale_reminder_sent_at = None
    Initiative.objects.filter(pk=initiative.pk).update(stale_reminder_sent_at=None)
    initiative_reindex(initiative)
    _record(initiative, user, "updated", before)
    if initiative.referral_contact_id != (old_contact.pk if old_contact else None):
        new_contact = initiative.referral_contact
        transaction.on_commit(
            lambda: notifications.referral_contact_changed(
                initiative=initiative, user=user, old=old_contact, new=new_contact
            )
        )
    return initiative


@transaction.atomic
def initiative_confirm_current(*, initiative: Initiative, user) -> Initiative:
    """The organisation confirms that the description is still right."""
    return initiative_update(initiative=initiative, user=user, fields={})


def initiatives_confirm(*, initiatives: Iterable[Initiative], user) -> int:
    """Confirm several initiatives as current (the stale list's bulk action). Returns how many."""
    count = 0
    for initiative in initiatives:
        initiative_confirm_current(initiative=initiative, user=user)
        count += 1
    return count


def _schedule_rows(rows: Iterable[dict]) -> list[tuple]:
    """Check rows of ``byday`` (one weekday code), ``opens_at``, ``closes_at``, ``interval`` (1
    every week, 2 every other week); a row at fault is named by its number."""
    checked = []
    for number, row in enumerate(rows, start=1):
        day, opens, closes = row.get("byday"), row.get("opens_at"), row.get("closes_at")
        interval = row.get("interval") or 1
        if day not in WEEKDAY_CODES:
            raise DirectoryError(_("Row %(n)s: choose a weekday.") % {"n": number})
        if not (opens and closes and opens < closes):
            raise DirectoryError(
                _("Row %(n)s: the end time must be after the start time.") % {"n": number}
            )
        if interval not in (1, 2):
            raise DirectoryError(_("Row %(n)s: every week or every other week.") % {"n": number})
        checked.append((day, opens, closes, interval))
    return checked


def _replace_schedules(initiative: Initiative, checked: list[tuple]) -> None:
    initiative.schedules.filter(freq=Schedule.Freq.WEEKLY).delete()
    for day, opens, closes, interval in checked:
        Schedule.objects.create(
            initiative=initiative,
            freq=Schedule.Freq.WEEKLY,
            interval=interval,
            byday=day,
            opens_at=opens,
            closes_at=closes,
        )


@transaction.atomic
def schedules_replace(*, initiative: Initiative, user, rows: Iterable[dict]) -> Initiative:
    """Replace the initiative's weekly schedules by ``rows``, stored as HSDS keeps them
    (WEEKLY + BYDAY + INTERVAL), and keep the change in the history."""
    checked = _schedule_rows(rows)
    before = initiative_snapshot(initiative)
    _replace_schedules(initiative, checked)
    _record(initiative, user, "updated", before)
    return initiative


@transaction.atomic
def initiative_draft_create(*, organization: Organization, user, name: str) -> Initiative:
    """A new initiative of one of the editor's organisations, as a draft to complete and
    publish from its edit page (editors publish their own organisation's entries)."""
    name = " ".join((name or "").split())
    if not name:
        raise DirectoryError(_("name: give the initiative a name."))
    return initiative_create(
        organization=organization,
        user=user,
        fields={"name": name[:300], "status": Initiative.Status.DRAFT},
    )


# --- import (HSDS files; see hsds/importer.py) ----------------------------------------------

IMPORT_CHILDREN = (
    "phones",
    "schedules",
    "languages",
    "cost_options",
    "contacts",
    "service_at_locations",
)


def initiative_import_save(
    *, pk, organization: Organization, fields: dict, last_modified=None
) -> Initiative:
    """Create or update the initiative with this id from an imported file, checked like an
    edit. ``last_modified`` is when the file says the record changed (kept as given); without
    it, now. The caller records the import with ``initiative_import_done`` once it is all in."""
    unknown = [name for name in fields if name not in TRACKED_FIELDS]
    if unknown:
        raise DirectoryError(f"{unknown[0]}: not an editable field")
    check_values({k: fields[k] for k in ("url", "email") if k in fields})
    initiative, _created = Initiative.objects.update_or_create(
        pk=pk,
        defaults={
            **fields,
            "organization": organization,
            "updated_at": last_modified or timezone.now(),
        },
    )
    return initiative


def initiative_children_keep_only(*, initiative: Initiative, kind: str, ids) -> int:
    """Delete the initiative's ``kind`` (phones, schedules, …) not among ``ids``: a file's list
    replaces ours. For service_at_locations only the link goes; the place stays."""
    if kind not in IMPORT_CHILDREN:
        raise DirectoryError(f"{kind}: not a list an import replaces")
    deleted, _detail = getattr(initiative, kind).exclude(pk__in=list(ids)).delete()
    return deleted


def initiative_terms_clear(*, initiative: Initiative) -> None:
    """Forget the initiative's classification before a file's attributes set it anew."""
    Initiative.objects.filter(pk=initiative.pk).update(initiative_type=None)
    initiative.initiative_type = None
    initiative.target_groups.clear()
    initiative.special_groups.clear()
    initiative.hsds_attributes.all().delete()


def initiative_import_done(*, initiative: Initiative, before: dict | None) -> None:
    """Re-index an imported initiative and keep the import in its history (action "import";
    ``before`` is its snapshot before the file touched it, None when the file created it)."""
    initiative.refresh_from_db()
    initiative_reindex(initiative)
    _record(initiative, None, "import", before)


# --- seed ------------------------------------------------------------------------------------


def seed_stable_id(kind: str, name: str) -> uuid.UUID:
    """The id of a seeded organisation or initiative, the same on every install (its name is
    unique in the seed file), so that its HSDS ids (and its attributes') stay put."""
    return uuid.uuid5(TAXONOMY_ID_NAMESPACE, f"seed:{kind}:{name}")


@transaction.atomic
def seed_load(*, path: Path = SEED_FILE) -> int:
    """Load the 2015 mapping when the directory is empty. Returns how many were created."""
    taxonomies_ensure()
    if Initiative.objects.exists():
        return 0
    created = 0
    with open(path, encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                organization, _new = Organization.objects.get_or_create(
                    name=row["organization"],
                    defaults={"id": seed_stable_id("organization", row["organization"])},
                )
                initiative_create(
                    pk=seed_stable_id("initiative", row["name"]),
                    organization=organization,
                    fields={
                        "name": row["name"],
                        "status": Initiative.Status.PUBLISHED,
                        "minimum_age": int(row["minimum_age"]) if row["minimum_age"] else None,
                        "maximum_age": int(row["maximum_age"]) if row["maximum_age"] else None,
                        "last_reviewed": None,
                        "source_note": row["source_note"],
                        "service_area": row["service_area"],
                        "service_postcodes": row["service_postcodes"],
                        "access": row["access"],
                    },
                    initiative_type=row["initiative_type"],
                    target_groups=row["target_groups"].split(";"),
                    special_groups=[c for c in row["special_groups"].split(";") if c],
                )
            except (DirectoryError, KeyError, ValueError) as exc:
                raise DirectoryError(f"{path}, row {row_number}: {exc}") from exc
            created += 1
    return created


# --- suggestions and moderation -------------------------------------------------------------


def suggestion_create(**fields) -> Suggestion:
    return Suggestion.objects.create(**fields)


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, user) -> Initiative:
    """Accept a suggestion: it becomes a draft initiative for the organisation to complete."""
    if suggestion.state != Suggestion.State.PENDING:
        raise DirectoryError(_("This suggestion has already been decided."))
    organization, _created = Organization.objects.get_or_create(
        name=suggestion.organization_name or suggestion.name
    )
    initiative = initiative_create(
        organization=organization,
        user=user,
        fields={
            "name": suggestion.name,
            "description": suggestion.description,
            "url": suggestion.url,
            "status": Initiative.Status.DRAFT,
        },
        initiative_type=suggestion.initiative_type,
        target_groups=[suggestion.target_group] if suggestion.target_group else [],
    )
    suggestion.state = Suggestion.State.ACCEPTED
    suggestion.decided_at = timezone.now()
    suggestion.decided_by = user
    suggestion.initiative = initiative
    suggestion.submitter_email = ""  # only needed while the suggestion waited
    suggestion.save()
    return initiative


def suggestion_reject(*, suggestion: Suggestion, user) -> None:
    if suggestion.state != Suggestion.State.PENDING:
        raise DirectoryError(_("This suggestion has already been decided."))
    suggestion.state = Suggestion.State.REJECTED
    suggestion.decided_at = timezone.now()
    suggestion.decided_by = user
    suggestion.submitter_email = ""  # only needed while the suggestion waited
    suggestion.save()


# --- staleness (the e-mails are in notifications.py) ------------------------------------------

stale_reminders_send = notifications.stale_reminders_send


def stale_reminders_send_for(*, initiatives: Iterable[Initiative]) -> tuple[int, int]:
    """E-mail the editors of each chosen initiative (the stale list's bulk action), whether or
    not reminded before; links start with ``SITE_URL``, never the request's Host. Returns
    (e-mails sent, initiatives with no editor to write to)."""
    sent = without = 0
    for initiative in initiatives:
        if notifications.stale_reminder_send(initiative):
            sent += 1
        else:
            without += 1
    return sent, without
