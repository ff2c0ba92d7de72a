"""Our directory as HSDS 3.0 objects (the read-only API and `directory export`)."""

from __future__ import annotations

import math
import uuid

from brobygger.directory.models import (
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


def organization(org: Organization) -> dict:
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


def taxonomy(tax: Taxonomy) -> dict:
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


def taxonomy_term(term: TaxonomyTerm) -> dict:
    return _compact(
        {
            "id": str(term.pk),
            "code": term.code,
            "name": term.name_da,
            "description": term.description or term.name_en,
            "taxonomy": term.taxonomy.code,
            "taxonomy_id": str(term.taxonomy_id),
            "taxonomy_detail": taxonomy(term.taxonomy),
            "language": "da",
        },
        keep=("id", "name", "description"),
    )


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


def _phone(phone) -> dict:
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


def _contact(contact) -> dict:
    return _compact(
        {
            "id": str(contact.pk),
            "name": contact.name,
            "title": contact.title,
            "department": contact.department,
            "email": safe_email(contact.email),
            "phones": [_phone(p) for p in contact.phones.all() if safe_phone(p.number)],
        },
        keep=("id",),
    )


def _schedule(s) -> dict:
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


def location(loc: Location) -> dict:
    addresses = []
    if loc.address_1 or loc.postal_code or loc.city:
        addresses.append(
            _compact(
                {
                    "id": str(loc.address_id),
                    "location_id": str(loc.pk),
                    "address_1": loc.address_1,
                    "address_2": loc.address_2,
                    "city": loc.city,
                    "state_province": loc.state_province,
                    "postal_code": loc.postal_code,
                    "country": loc.country,
                    "address_type": "physical",
                },
                keep=("id", "address_1", "city", "state_province", "postal_code", "country"),
            )
        )
    return _compact(
        {
            "id": str(loc.pk),
            "location_type": loc.location_type,
            "url": safe_url(loc.url),
            "name": loc.name,
            "description": loc.description,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
            "addresses": addresses,
        },
        keep=("id", "location_type"),
    )


def service_at_location(sal: ServiceAtLocation, *, with_service: bool = False) -> dict:
    out = _compact(
        {
            "id": str(sal.pk),
            "service_id": str(sal.initiative_id),
            "location_id": str(sal.location_id),
            "description": sal.description,
            "location": location(sal.location),
        },
        keep=("id",),
    )
    if with_service:
        out["service"] = service_summary(sal.initiative)
    return out


def service_summary(i: Initiative) -> dict:
    """The one-to-one fields of a service, as in HSDS's ``service_list``."""
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
            "organization": organization(i.organization),
        },
        keep=("id", "name", "status"),
    )


def service(i: Initiative) -> dict:
    """A fully nested service (HSDS ``service_with_definitions``)."""
    terms = list(i.target_groups.all()) + list(i.special_groups.all())
    if i.initiative_type_id:
        terms.insert(0, i.initiative_type)
    out = service_summary(i)
    out.update(
        _compact(
            {
                "phones": [_phone(p) for p in i.phones.all() if safe_phone(p.number)],
                "schedules": [_schedule(s) for s in i.schedules.all()],
                "service_at_locations": [
                    service_at_location(sal) for sal in i.service_at_locations.all()
                ],
                "languages": [
                    _compact(
                        {
                            "id": str(lang.pk),
                            "name": lang.name,
                            "code": lang.code,
                            "note": lang.note,
                        },
                        keep=("id",),
                    )
                    for lang in i.languages.all()
                ],
                "cost_options": [
                    _compact(
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
                    for c in i.cost_options.all()
                ],
                "contacts": [_contact(c) for c in i.contacts.all()],
                "attributes": [_attribute(i, t) for t in terms],
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
