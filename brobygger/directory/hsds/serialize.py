"""Our directory as HSDS 3.0 objects (the read-only API and `directory export`)."""

from __future__ import annotations

import math
import uuid

from brobygger.directory import service_areas
from brobygger.directory.hsds.lossless import given, restore
from brobygger.directory.models import (
    Attribute,
    Initiative,
    Location,
    Organization,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from brobygger.directory.validation import safe_email, safe_phone, safe_url

ATTRIBUTE_NAMESPACE = uuid.UUID("6f1f7e0e-6a3b-4f55-9a3e-1b7c1b0b0b42")
HSDS_STATUS = {
    Initiative.Status.PUBLISHED: "active",
    Initiative.Status.INACTIVE: "inactive",
    Initiative.Status.DEFUNCT: "defunct",
    Initiative.Status.DRAFT: "inactive",
}


def _compact(d: dict, keep: tuple[str, ...] = ()) -> dict:
    """Drop empty values (HSDS strings may not be null), but keep the required keys."""
    return {k: v for k, v in d.items() if k in keep or v not in (None, "", [])}


def _date(value):
    return value.isoformat() if value else None


# --- the records' own properties (what import compares with the file, ``lossless.remember``) -


def organization_own(org: Organization) -> dict:
    return _compact(
        {
            "id": str(org.pk),
            "name": org.name,
            "alternate_name": org.alternate_name,
            "description": org.description,
            "email": safe_email(org.email),
            "website": safe_url(org.website),
        },
        keep=("id", "name", "description"),
    )


def taxonomy_own(tax: Taxonomy) -> dict:
    return _compact(
        {
            "id": str(tax.pk),
            "name": tax.name,
            "description": tax.description,
            "uri": tax.uri,
            "version": tax.version,
        },
        keep=("id", "name", "description"),
    )


def taxonomy_term_own(term: TaxonomyTerm) -> dict:
    return _compact(
        {
            "id": str(term.pk),
            "code": term.code,
            "name": term.name_da,
            "description": term.description or term.name_en,
            "taxonomy": term.taxonomy.code,
            "taxonomy_id": str(term.taxonomy_id),
            "language": "da",
        },
        keep=("id", "name", "description"),
    )


def attribute_own(attribute: Attribute) -> dict:
    return _compact(
        {
            "id": str(attribute.pk),
            "link_id": str(attribute.initiative_id),
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": str(attribute.taxonomy_term_id),
            "value": attribute.value,
            "label": attribute.label,
        },
        keep=("id", "link_id", "link_type", "taxonomy_term_id"),
    )


def phone_own(phone) -> dict:
    return _compact(
        {
            "id": str(phone.pk),
            "number": phone.number,
            "extension": phone.extension,
            "type": phone.type,
            "description": phone.description,
        },
        keep=("id", "number"),
    )


def contact_own(contact) -> dict:
    return _compact(
        {
            "id": str(contact.pk),
            "name": contact.name,
            "title": contact.title,
            "department": contact.department,
            "email": safe_email(contact.email),
        },
        keep=("id",),
    )


def schedule_own(s) -> dict:
    return _compact(
        {
            "id": str(s.pk),
            "freq": s.freq,
            "interval": s.interval,
            "byday": s.byday,
            "bymonthday": s.bymonthday,
            "wkst": s.wkst,
            "opens_at": s.opens_at.isoformat() if s.opens_at else None,
            "closes_at": s.closes_at.isoformat() if s.closes_at else None,
            "dtstart": _date(s.dtstart),
            "until": _date(s.until),
            "valid_from": _date(s.valid_from),
            "valid_to": _date(s.valid_to),
            "description": s.description,
            "notes": s.notes,
        },
        keep=("id",),
    )


def language_own(lang) -> dict:
    return _compact(
        {"id": str(lang.pk), "name": lang.name, "code": lang.code, "note": lang.note},
        keep=("id",),
    )


def cost_option_own(c) -> dict:
    return _compact(
        {
            "id": str(c.pk),
            "option": c.option,
            "amount": float(c.amount) if c.amount is not None else None,
            "currency": c.currency,
            "amount_description": c.amount_description,
            "valid_from": _date(c.valid_from),
            "valid_to": _date(c.valid_to),
        },
        keep=("id",),
    )


def address_own(loc: Location) -> dict:
    return _compact(
        {
            "id": str(loc.address_id),
            "location_id": str(loc.pk),
            "address_1": loc.address_1,
            "address_2": loc.address_2,
            "city": loc.city,
            "state_province": loc.state_province,
            "postal_code": loc.postal_code,
            "country": loc.country,
            "address_type": loc.address_type or "physical",
        },
        keep=("id", "address_1", "city", "state_province", "postal_code", "country"),
    )


def location_own(loc: Location) -> dict:
    return _compact(
        {
            "id": str(loc.pk),
            "location_type": loc.location_type,
            "url": safe_url(loc.url),
            "name": loc.name,
            "description": loc.description,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
        },
        keep=("id", "location_type"),
    )


def service_at_location_own(sal: ServiceAtLocation) -> dict:
    return _compact(
        {
            "id": str(sal.pk),
            "service_id": str(sal.initiative_id),
            "location_id": str(sal.location_id),
            "description": sal.description,
        },
        keep=("id",),
    )


def service_own(i: Initiative) -> dict:
    return _compact(
        {
            "id": str(i.pk),
            "organization_id": str(i.organization_id),
            "name": i.name,
            "alternate_name": i.alternate_name,
            "description": i.description,
            "url": i.safe_url,
            "email": i.safe_email,
            "status": HSDS_STATUS[i.status],
            "application_process": i.application_process,
            "fees_description": i.fees_description,
            "eligibility_description": i.eligibility_description,
            "minimum_age": i.minimum_age,
            "maximum_age": i.maximum_age,
            "assured_date": _date(i.last_reviewed),
            "last_modified": i.updated_at.isoformat(),
        },
        keep=("id", "name", "status"),
    )


# The lists and objects that our model rebuilds for each kind (never kept raw).
CHILDREN = {
    "organization": ("contacts", "phones", "locations", "services"),
    "service": (
        "organization",
        "phones",
        "schedules",
        "service_at_locations",
        "languages",
        "cost_options",
        "contacts",
        "attributes",
    ),
    "service_at_location": ("location", "service"),
    "location": ("addresses",),
    "contact": ("phones",),
    "taxonomy_term": ("taxonomy_detail",),
    "attribute": ("taxonomy_term",),
}


# --- whole records ----------------------------------------------------------------------------


def organization(org: Organization, *, full: bool = False, services=None) -> dict:
    """An organisation; ``full`` with its contacts, phones and places; ``services`` (an
    iterable of its initiatives) nested fully, as in HSDS's ``organization_full``."""
    out = restore(organization_own(org), org.hsds_extra, lists=full)
    if full:
        out.update(
            _compact(
                {
                    "contacts": [contact(c) for c in org.contacts.all()],
                    "phones": [_phone(p) for p in org.phones.all() if safe_phone(p.number)],
                    "locations": [location(loc) for loc in org.locations.all()],
                }
            )
        )
    if services is not None:
        items = services_prefetched(services.order_by("name", "id"))
        out["services"] = [service(i, with_organization=False) for i in items]
    return out


def taxonomy(tax: Taxonomy) -> dict:
    return restore(taxonomy_own(tax), tax.hsds_extra)


def taxonomy_term(term: TaxonomyTerm) -> dict:
    out = restore(taxonomy_term_own(term), term.hsds_extra)
    if given(term.hsds_extra, "taxonomy_detail"):
        out["taxonomy_detail"] = taxonomy(term.taxonomy)
    return out


def _attribute(initiative: Initiative, term: TaxonomyTerm) -> dict:
    return {
        "id": str(uuid.uuid5(ATTRIBUTE_NAMESPACE, f"{initiative.pk}:{term.pk}")),
        "link_id": str(initiative.pk),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": str(term.pk),
        "value": term.code,
        "taxonomy_term": taxonomy_term(term),
    }


def attribute(a: Attribute) -> dict:
    out = restore(attribute_own(a), a.hsds_extra)
    if given(a.hsds_extra, "taxonomy_term"):
        out["taxonomy_term"] = taxonomy_term(a.taxonomy_term)
    return out


def _phone(phone) -> dict:
    return restore(phone_own(phone), phone.hsds_extra)


def contact(c) -> dict:
    out = restore(contact_own(c), c.hsds_extra)
    out.update(_compact({"phones": [_phone(p) for p in c.phones.all() if safe_phone(p.number)]}))
    return out


def _schedule(s) -> dict:
    return restore(schedule_own(s), s.hsds_extra)


def location(loc: Location) -> dict:
    out = restore(location_own(loc), loc.hsds_extra)
    kept = loc.hsds_extra or {}
    addresses = []
    if loc.address_1 or loc.postal_code or loc.city:
        addresses.append(restore(address_own(loc), kept.get("address")))
    addresses += kept.get("more_addresses") or []
    if addresses:
        out["addresses"] = addresses
    return out


def service_at_location(
    sal: ServiceAtLocation, *, with_service: bool = False, full_service: bool = False
) -> dict:
    out = restore(service_at_location_own(sal), sal.hsds_extra)
    out["location"] = location(sal.location)
    if full_service:
        out["service"] = service(sal.initiative, with_locations=False)
    elif with_service:
        out["service"] = service_summary(sal.initiative)
    return out


def service_summary(i: Initiative) -> dict:
    """The one-to-one fields of a service, as in HSDS's ``service_list``."""
    out = restore(service_own(i), i.hsds_extra, lists=False)
    out["organization"] = organization(i.organization)
    return out


def our_attributes(i: Initiative) -> list[dict]:
    """Our own classification of ``i`` (type, target groups, special groups) as attributes."""
    terms = list(i.target_groups.all()) + list(i.special_groups.all())
    if i.initiative_type_id:
        terms.insert(0, i.initiative_type)
    return [_attribute(i, t) for t in terms]


def service(i: Initiative, *, with_organization: bool = True, with_locations: bool = True) -> dict:
    """A fully nested service (HSDS ``service_with_definitions``); inside an organisation
    without it, inside a service_at_location without the service's places."""
    out = restore(service_own(i), i.hsds_extra)
    areas = service_areas.export_areas(
        i, (i.hsds_extra or {}).get("extra", {}).get("service_areas")
    )
    if areas is None:
        out.pop("service_areas", None)
    else:
        out["service_areas"] = areas
    if with_organization:
        out["organization"] = organization(i.organization, full=True)
    out.update(
        _compact(
            {
                "phones": [_phone(p) for p in i.phones.all() if safe_phone(p.number)],
                "schedules": [_schedule(s) for s in i.schedules.all()],
                "service_at_locations": [
                    service_at_location(sal) for sal in i.service_at_locations.all()
                ]
                if with_locations
                else [],
                "languages": [restore(language_own(x), x.hsds_extra) for x in i.languages.all()],
                "cost_options": [
                    restore(cost_option_own(c), c.hsds_extra) for c in i.cost_options.all()
                ],
                "contacts": [contact(c) for c in i.contacts.all()],
                "attributes": our_attributes(i) + [attribute(a) for a in i.hsds_attributes.all()],
            }
        )
    )
    return out


def services_prefetched(qs):
    return qs.select_related("organization", "initiative_type__taxonomy").prefetch_related(
        "target_groups__taxonomy",
        "special_groups__taxonomy",
        "phones",
        "schedules",
        "languages",
        "cost_options",
        "contacts__phones",
        "service_at_locations__location",
        "hsds_attributes__taxonomy_term__taxonomy",
    )


def page(items, *, total: int, page_number: int, per_page: int) -> dict:
    """The HSDS ``Page`` envelope."""
    total_pages = max(1, math.ceil(total / per_page)) if per_page else 1
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": total == 0,
        "contents": items,
    }
